import Columns
import Workers

/// A dimension column dictionary-encoded: each distinct value (as text, NULL as nil)
/// once, and per row its index — what the page ships instead of row objects.
struct EncodedColumn: Sendable {
    var values: [String?] = []
    var codes: ContiguousArray<Int32> = []
}

/// Dictionary-encodes result columns batch by batch, straight from the column buffers:
/// text by its bytes (an open-addressing table over `ByteHash`), fixed-width values by
/// their bits; only a value seen for the first time becomes a `String`.
struct ColumnEncoder {
    private(set) var column = EncodedColumn()
    private var nullCode: Int32?
    private var fixed: [Int64: Int32] = [:]
    // Text: the dictionary's bytes, and a table of codes (-1: empty) addressed by hash.
    private var textBytes: ContiguousArray<UInt8> = []
    private var textOffsets: ContiguousArray<Int> = [0]
    private var slots = ContiguousArray<Int32>(repeating: -1, count: 1024)
    private var hashes: ContiguousArray<UInt64> = []

    mutating func append(_ source: Column, type: ColumnType) {
        column.codes.reserveCapacity(column.codes.count + source.count)
        switch source {
        case let .text(c):
            for row in 0 ..< c.count {
                if c.isNull(row) { column.codes.append(null()); continue }
                c.withValue(row) { column.codes.append(code(text: $0)) }
            }
        case let .int64(c), let .decimal(c):
            for row in 0 ..< c.count { appendFixed(c.isNull(row) ? nil : c.values[row], source, row, type) }
        case let .int32(c), let .date(c):
            for row in 0 ..< c.count { appendFixed(c.isNull(row) ? nil : Int64(c.values[row]), source, row, type) }
        case let .double(c):
            for row in 0 ..< c.count { appendFixed(c.isNull(row) ? nil : Int64(bitPattern: c.values[row]), source, row, type) }
        case let .bool(c):
            for row in 0 ..< c.count { appendFixed(c.isNull(row) ? nil : Int64(c.values[row]), source, row, type) }
        }
    }

    private mutating func null() -> Int32 {
        if let nullCode { return nullCode }
        let code = Int32(column.values.count)
        column.values.append(nil)
        nullCode = code
        return code
    }

    private mutating func appendFixed(_ key: Int64?, _ source: Column, _ row: Int, _ type: ColumnType) {
        guard let key else { column.codes.append(null()); return }
        if let code = fixed[key] { column.codes.append(code); return }
        let code = Int32(column.values.count)
        column.values.append(ValueText.string(source, row, type: type))
        fixed[key] = code
        column.codes.append(code)
    }

    private mutating func code(text value: UnsafeRawBufferPointer) -> Int32 {
        let hash = ByteHash.hash(bytes: value)
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let code = slots[slot]
            if code < 0 { break }
            if hashes[Int(code)] == hash, equalsEntry(Int(code), value) { return code }
            slot = (slot + 1) & mask
        }
        let code = Int32(column.values.count)
        column.values.append(String(decoding: value, as: UTF8.self))
        textBytes.append(contentsOf: value)
        textOffsets.append(textBytes.count)
        // A null entry takes a dictionary slot too; keep `hashes` aligned with codes.
        while hashes.count < Int(code) { hashes.append(0) }
        hashes.append(hash)
        slots[slot] = code
        if column.values.count * 2 > slots.count { grow() }
        return code
    }

    private func equalsEntry(_ code: Int, _ value: UnsafeRawBufferPointer) -> Bool {
        let range = textOffsets[entryIndex(code)] ..< textOffsets[entryIndex(code) + 1]
        guard range.count == value.count else { return false }
        return textBytes.withUnsafeBytes { ByteEquality.equal(UnsafeRawBufferPointer(rebasing: $0[range]), value) }
    }

    /// Text entries are stored in code order, skipping the null code.
    private func entryIndex(_ code: Int) -> Int {
        guard let nullCode, Int(nullCode) < code else { return code }
        return code - 1
    }

    private mutating func grow() {
        var bigger = ContiguousArray<Int32>(repeating: -1, count: slots.count * 2)
        let mask = bigger.count - 1
        for code in slots where code >= 0 {
            var slot = Int(truncatingIfNeeded: hashes[Int(code)]) & mask
            while bigger[slot] >= 0 { slot = (slot + 1) & mask }
            bigger[slot] = code
        }
        slots = bigger
    }
}
