import Columns

/// The key values of an aggregation's groups, row-wise in one growing byte buffer, in
/// group order: per key a NULL byte, then the value (8, 4 or 1 bytes, or a 32-bit length
/// and the text). A probe compares a batch row with its group's record — one or two cache
/// lines — where comparing with the group's row of the batch that created it took two
/// misses per key column (offsets, then bytes) plus two for finding that row.
///
/// Raw memory on purpose: records are read and written at byte offsets in the per-row
/// loop, and every access is bounded by the record layout the arena itself wrote.
final class GroupKeyArena {
    private var base: UnsafeMutableRawPointer
    private(set) var count = 0
    private var capacity: Int
    /// Where each group's record starts.
    private(set) var starts = ContiguousArray<Int>()

    init(capacity: Int = 4096) {
        self.capacity = max(64, capacity)
        base = UnsafeMutableRawPointer.allocate(byteCount: self.capacity, alignment: 8)
    }

    deinit { base.deallocate() }

    var groupCount: Int { starts.count }

    /// Bytes held, for the budget.
    var estimatedBytes: Int { capacity + starts.capacity * 8 }

    /// Appends row `row` of `keys` as the next group's record.
    @inline(__always)
    func append(row: Int, of keys: UnsafeBufferPointer<KeyView>) {
        starts.append(count)
        for key in keys {
            if key.isNull(row) {
                reserve(1)
                base.storeBytes(of: 1, toByteOffset: count, as: UInt8.self)
                count += 1
                continue
            }
            let size = key.encodedSize(row)
            reserve(1 + size)
            base.storeBytes(of: 0, toByteOffset: count, as: UInt8.self)
            key.encode(row, to: base + count + 1)
            count += 1 + size
        }
    }

    /// Row `row` of `keys` equals group `group`'s key (NULL equals NULL).
    @inline(__always)
    func equals(group: Int, row: Int, of keys: UnsafeBufferPointer<KeyView>) -> Bool {
        var p = UnsafeRawPointer(base + starts[group])
        for key in keys {
            let storedNull = p.load(as: UInt8.self) != 0
            p += 1
            if key.isNull(row) != storedNull { return false }
            if storedNull { continue }
            guard let size = key.encodedMatch(row, at: p) else { return false }
            p += size
        }
        return true
    }

    /// The groups' key values as columns of `schema`'s types.
    func columns(schema: Schema) -> [Column] {
        var builders = schema.fields.map { KeyColumnBuilder(type: $0.type, rows: starts.count) }
        var p = UnsafeRawPointer(base)
        for _ in 0 ..< starts.count {
            for k in builders.indices { p = builders[k].append(from: p) }
        }
        return builders.map { $0.column() }
    }

    private func reserve(_ bytes: Int) {
        guard count + bytes > capacity else { return }
        var grown = capacity * 2
        while grown < count + bytes { grown *= 2 }
        let moved = UnsafeMutableRawPointer.allocate(byteCount: grown, alignment: 8)
        moved.copyMemory(from: base, byteCount: count)
        base.deallocate()
        base = moved
        capacity = grown
    }
}

extension KeyView {
    /// Bytes of row `row`'s encoded value (not NULL).
    @inline(__always)
    fileprivate func encodedSize(_ row: Int) -> Int {
        switch kind {
        case .text:
            guard let offsets else { return 4 }
            return 4 + Int(offsets[row + 1]) - Int(offsets[row])
        case .int64, .uint64: return 8
        case .int32: return 4
        case .uint8: return 1
        }
    }

    @inline(__always)
    fileprivate func encode(_ row: Int, to out: UnsafeMutableRawPointer) {
        switch kind {
        case .text:
            guard let offsets else { out.storeBytes(of: 0, as: UInt32.self); return }
            let start = Int(offsets[row]), length = Int(offsets[row + 1]) - start
            out.storeBytes(of: UInt32(truncatingIfNeeded: length), as: UInt32.self)
            if length > 0, let values { (out + 4).copyMemory(from: values + start, byteCount: length) }
        case .int64, .uint64:
            out.storeBytes(of: values?.loadUnaligned(fromByteOffset: row * 8, as: UInt64.self) ?? 0, as: UInt64.self)
        case .int32:
            out.storeBytes(of: values?.loadUnaligned(fromByteOffset: row * 4, as: UInt32.self) ?? 0, as: UInt32.self)
        case .uint8:
            out.storeBytes(of: values?.load(fromByteOffset: row, as: UInt8.self) ?? 0, as: UInt8.self)
        }
    }

    /// The encoded size when row `row` (not NULL) equals the value encoded at `p`, else nil.
    @inline(__always)
    fileprivate func encodedMatch(_ row: Int, at p: UnsafeRawPointer) -> Int? {
        switch kind {
        case .text:
            let length = Int(p.loadUnaligned(as: UInt32.self))
            guard let offsets else { return length == 0 ? 4 : nil }
            let start = Int(offsets[row])
            guard Int(offsets[row + 1]) - start == length else { return nil }
            if length > 0 {
                guard let values else { return nil }
                guard ByteEquality.equal(UnsafeRawBufferPointer(start: values + start, count: length),
                                         UnsafeRawBufferPointer(start: p + 4, count: length)) else { return nil }
            }
            return 4 + length
        case .int64, .uint64:
            return values?.loadUnaligned(fromByteOffset: row * 8, as: UInt64.self) == p.loadUnaligned(as: UInt64.self) ? 8 : nil
        case .int32:
            return values?.loadUnaligned(fromByteOffset: row * 4, as: UInt32.self) == p.loadUnaligned(as: UInt32.self) ? 4 : nil
        case .uint8:
            return values?.load(fromByteOffset: row, as: UInt8.self) == p.load(as: UInt8.self) ? 1 : nil
        }
    }
}

/// Rebuilds one key column from the arena's records.
private struct KeyColumnBuilder {
    private let type: ColumnType
    private var bytes = ContiguousArray<UInt8>()
    private var offsets = ContiguousArray<Int32>()
    private var words = ContiguousArray<UInt64>()
    private var nulls = ContiguousArray<Bool>()
    private var anyNull = false
    private var anyEmptyText = false

    init(type: ColumnType, rows: Int) {
        self.type = type
        nulls.reserveCapacity(rows)
        if case .text = type { offsets.reserveCapacity(rows + 1); offsets.append(0) } else if case .binary = type {
            offsets.reserveCapacity(rows + 1); offsets.append(0)
        } else { words.reserveCapacity(rows) }
    }

    private var isText: Bool {
        switch type { case .text, .binary: true; default: false }
    }

    /// Reads one value at `p`; returns where the next one starts.
    mutating func append(from p: UnsafeRawPointer) -> UnsafeRawPointer {
        let null = p.load(as: UInt8.self) != 0
        var q = p + 1
        nulls.append(null)
        anyNull = anyNull || null
        if isText {
            if !null {
                let length = Int(q.loadUnaligned(as: UInt32.self))
                anyEmptyText = anyEmptyText || length == 0
                bytes.append(contentsOf: UnsafeRawBufferPointer(start: q + 4, count: length))
                q += 4 + length
            }
            offsets.append(Int32(truncatingIfNeeded: bytes.count))
            return q
        }
        switch type {
        case .int32, .date:
            words.append(null ? 0 : UInt64(q.loadUnaligned(as: UInt32.self)))
            return null ? q : q + 4
        case .bool:
            words.append(null ? 0 : UInt64(q.load(as: UInt8.self)))
            return null ? q : q + 1
        default:
            words.append(null ? 0 : q.loadUnaligned(as: UInt64.self))
            return null ? q : q + 8
        }
    }

    func column() -> Column {
        let mask = anyNull ? nulls : nil
        switch type {
        case .text, .binary:
            var column = ByteColumn()
            column.bytes = bytes
            column.offsets = offsets
            // Text without a mask reads an empty value as NULL: keep one when an empty string is a value.
            column.nulls = anyNull || anyEmptyText ? nulls : nil
            return .text(column)
        case .int64: return .int64(FixedColumn(values: ContiguousArray(words.lazy.map { Int64(bitPattern: $0) }), nulls: mask))
        case .decimal: return .decimal(FixedColumn(values: ContiguousArray(words.lazy.map { Int64(bitPattern: $0) }), nulls: mask))
        case .double: return .double(FixedColumn(values: words, nulls: mask))
        case .int32: return .int32(FixedColumn(values: ContiguousArray(words.lazy.map { Int32(bitPattern: UInt32(truncatingIfNeeded: $0)) }), nulls: mask))
        case .date: return .date(FixedColumn(values: ContiguousArray(words.lazy.map { Int32(bitPattern: UInt32(truncatingIfNeeded: $0)) }), nulls: mask))
        case .bool: return .bool(FixedColumn(values: ContiguousArray(words.lazy.map { UInt8(truncatingIfNeeded: $0) }), nulls: mask))
        }
    }
}
