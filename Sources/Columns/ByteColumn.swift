/// A column of variable-length byte strings stored contiguously (Arrow-style):
/// value `i` is `bytes[offsets[i] ..< offsets[i+1]]`.
///
/// NULL handling: when `nulls` is nil a value is NULL exactly when it is empty
/// (the CSV rule: an empty field is NULL). Columns built by transforms that can
/// yield an empty non-NULL text carry an explicit `nulls` mask.
public struct ByteColumn: Sendable, Equatable {
    public var bytes: ContiguousArray<UInt8>
    public var offsets: ContiguousArray<Int32>
    public var nulls: ContiguousArray<Bool>?
    /// Optional: which rows likely hold equal values, when the column was gathered from a
    /// small source (a join's dimension side). A hint that writers check before they trust it.
    public var valueCodes: ValueCodes?

    public init(reservingRows rows: Int = 0, bytes byteCapacity: Int = 0) {
        bytes = []
        bytes.reserveCapacity(byteCapacity)
        offsets = [0]
        offsets.reserveCapacity(rows + 1)
        nulls = nil
        valueCodes = nil
    }

    /// Equal when the values are; `valueCodes` is a hint, not part of the value.
    public static func == (lhs: ByteColumn, rhs: ByteColumn) -> Bool {
        lhs.bytes == rhs.bytes && lhs.offsets == rhs.offsets && lhs.nulls == rhs.nulls
    }

    public var count: Int { offsets.count - 1 }

    @inlinable
    public func isNull(_ row: Int) -> Bool {
        if let nulls { return nulls[row] }
        return offsets[row] == offsets[row + 1]
    }

    @inlinable
    public func range(_ row: Int) -> Range<Int> {
        Int(offsets[row]) ..< Int(offsets[row + 1])
    }

    /// Calls `body` with the bytes of value `row` without copying.
    @inlinable
    public func withValue<R>(_ row: Int, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        let r = range(row)
        return try bytes.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0[r])) }
    }

    /// The value as a String (for reports, tests and small tables; not for hot paths).
    public func string(_ row: Int) -> String? {
        if isNull(row) { return nil }
        return String(decoding: bytes[range(row)], as: UTF8.self)
    }

    public mutating func append<C: Collection>(_ value: C) where C.Element == UInt8 {
        bytes.append(contentsOf: value)
        offsets.append(Int32(truncatingIfNeeded: bytes.count))
        nulls?.append(false)
    }

    public mutating func append(_ value: UnsafeRawBufferPointer) {
        bytes.append(contentsOf: value)
        offsets.append(Int32(truncatingIfNeeded: bytes.count))
        nulls?.append(false)
    }

    public mutating func append(string: String?) {
        guard let string else { appendNull(); return }
        if string.isEmpty { materializeNulls() }
        append(Array(string.utf8))
    }

    public mutating func appendNull() {
        offsets.append(Int32(truncatingIfNeeded: bytes.count))
        nulls?.append(true)
    }

    /// Copies value `row` of `other` to the end of this column.
    public mutating func append(from other: ByteColumn, row: Int) {
        if other.isNull(row) {
            appendNull()
        } else {
            if other.range(row).isEmpty { materializeNulls() }
            append(other.bytes[other.range(row)])
        }
    }

    /// Switches to an explicit NULL mask, so that empty non-NULL values can be stored.
    public mutating func materializeNulls() {
        guard nulls == nil else { return }
        var mask = ContiguousArray<Bool>()
        mask.reserveCapacity(offsets.count)
        for row in 0 ..< count { mask.append(offsets[row] == offsets[row + 1]) }
        nulls = mask
    }
}
