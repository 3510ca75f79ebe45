import Columns
import CPrefetch

/// One key column seen through raw pointers, for the per-row comparison of a probed key
/// with a group's stored key: loads only, where going through `Column` retained and
/// released the column's buffers on every comparison (a third of a low-cardinality
/// group-by's time). Valid only while the column it was made from is alive and unchanged
/// (callers hold the batches in `withExtendedLifetime`).
struct KeyView {
    private enum Kind { case text, int64, int32, uint64, uint8 }
    private let kind: Kind
    private let values: UnsafeRawPointer?
    private let offsets: UnsafePointer<Int32>?
    private let nulls: UnsafePointer<Bool>?

    init(_ column: Column) {
        func address<T>(_ array: ContiguousArray<T>) -> UnsafePointer<T>? { array.withUnsafeBufferPointer { $0.baseAddress } }
        switch column {
        case let .text(c):
            kind = .text
            values = address(c.bytes).map(UnsafeRawPointer.init)
            offsets = address(c.offsets)
            nulls = c.nulls.flatMap(address)
        case let .int64(c), let .decimal(c):
            (kind, values, offsets, nulls) = (.int64, address(c.values).map(UnsafeRawPointer.init), nil, c.nulls.flatMap(address))
        case let .int32(c), let .date(c):
            (kind, values, offsets, nulls) = (.int32, address(c.values).map(UnsafeRawPointer.init), nil, c.nulls.flatMap(address))
        case let .double(c):
            (kind, values, offsets, nulls) = (.uint64, address(c.values).map(UnsafeRawPointer.init), nil, c.nulls.flatMap(address))
        case let .bool(c):
            (kind, values, offsets, nulls) = (.uint8, address(c.values).map(UnsafeRawPointer.init), nil, c.nulls.flatMap(address))
        }
    }

    /// As `ByteColumn.isNull` / `FixedColumn.isNull`: text without null flags is NULL when empty.
    @inline(__always)
    private func isNull(_ row: Int) -> Bool {
        if let nulls { return nulls[row] }
        if kind == .text, let offsets { return offsets[row] == offsets[row + 1] }
        return false
    }

    /// Prefetch hint for where row `row`'s value is found: its offsets (text) or the value.
    @inline(__always)
    func prefetchLocation(_ row: Int) {
        switch kind {
        case .text: if let offsets { medallion_prefetch(offsets + row) }
        case .int64, .uint64: if let values { medallion_prefetch(values + row * 8) }
        case .int32: if let values { medallion_prefetch(values + row * 4) }
        case .uint8: if let values { medallion_prefetch(values + row) }
        }
    }

    /// Prefetch hint for a text row's bytes (reads its offset: prefetch its location first).
    @inline(__always)
    func prefetchBytes(_ row: Int) {
        guard kind == .text, let offsets, let values else { return }
        medallion_prefetch(values + Int(offsets[row]))
    }

    /// Row `row` here equals row `otherRow` of `other` (NULL equals NULL), as `Column.valueEquals`
    /// for two columns of one kind.
    @inline(__always)
    func equal(_ row: Int, _ other: KeyView, _ otherRow: Int) -> Bool {
        let an = isNull(row), bn = other.isNull(otherRow)
        if an || bn { return an == bn }
        guard let x = values, let y = other.values else { return false }
        switch kind {
        case .text:
            guard let o = offsets, let p = other.offsets else { return false }
            let a = Int(o[row]), b = Int(p[otherRow])
            return ByteEquality.equal(UnsafeRawBufferPointer(start: x + a, count: Int(o[row + 1]) - a),
                                      UnsafeRawBufferPointer(start: y + b, count: Int(p[otherRow + 1]) - b))
        case .int64, .uint64:
            return x.load(fromByteOffset: row * 8, as: UInt64.self) == y.load(fromByteOffset: otherRow * 8, as: UInt64.self)
        case .int32:
            return x.load(fromByteOffset: row * 4, as: UInt32.self) == y.load(fromByteOffset: otherRow * 4, as: UInt32.self)
        case .uint8:
            return x.load(fromByteOffset: row, as: UInt8.self) == y.load(fromByteOffset: otherRow, as: UInt8.self)
        }
    }
}
