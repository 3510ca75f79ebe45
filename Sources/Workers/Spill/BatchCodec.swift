import Columns

/// The uncompressed layout of one spilled batch (all integers little-endian):
///
///     rows: u64, columns: u32
///     per column: kind: u8, hasNulls: u8, [nulls: rows × u8],
///       text:  offsets (rows+1) × i32, byteCount: u64, bytes
///       fixed: rows × width bytes
///
/// The schema itself is not stored: the reader knows it and checks each column's kind.
enum BatchCodec {
    static func encode(_ batch: RecordBatch) -> ContiguousArray<UInt8> {
        var out = ContiguousArray<UInt8>()
        out.reserveCapacity(batch.estimatedBytes)
        append(UInt64(batch.rowCount), to: &out)
        append(UInt32(batch.columns.count), to: &out)
        for column in batch.columns {
            switch column {
            case let .text(c):
                out.append(Kind.text.rawValue)
                appendNulls(c.nulls, to: &out)
                c.offsets.withUnsafeBytes { out.append(contentsOf: $0) }
                append(UInt64(c.bytes.count), to: &out)
                out.append(contentsOf: c.bytes)
            case let .int64(c): appendFixed(c, kind: .int64, to: &out)
            case let .decimal(c): appendFixed(c, kind: .decimal, to: &out)
            case let .int32(c): appendFixed(c, kind: .int32, to: &out)
            case let .date(c): appendFixed(c, kind: .date, to: &out)
            case let .double(c): appendFixed(c, kind: .double, to: &out)
            case let .bool(c): appendFixed(c, kind: .bool, to: &out)
            }
        }
        return out
    }

    /// Decodes a batch of `schema`; the failure string says what was wrong.
    static func decode(_ data: ContiguousArray<UInt8>, schema: Schema) -> Result<RecordBatch, DecodeFailure> {
        data.withUnsafeBytes { raw in
            var reader = ByteReader(bytes: raw)
            do throws(DecodeFailure) {
                let rows = try reader.count(reader.read(UInt64.self), max: raw.count)
                let columnCount = Int(try reader.read(UInt32.self))
                guard columnCount == schema.count else {
                    throw DecodeFailure("\(columnCount) columns, schema has \(schema.count)")
                }
                var columns: [Column] = []
                for field in schema.fields {
                    columns.append(try decodeColumn(&reader, rows: rows, field: field))
                }
                guard reader.position == raw.count else { throw DecodeFailure("\(raw.count - reader.position) trailing bytes") }
                return .success(RecordBatch(schema: schema, columns: columns))
            } catch {
                return .failure(error)
            }
        }
    }

    struct DecodeFailure: Error {
        let reason: String
        init(_ reason: String) { self.reason = reason }
    }

    private enum Kind: UInt8 {
        case text = 0, int64, decimal, int32, date, double, bool
    }

    private static func kind(of type: ColumnType) -> Kind {
        switch type {
        case .text, .binary: .text
        case .int64: .int64
        case .decimal: .decimal
        case .int32: .int32
        case .date: .date
        case .double: .double
        case .bool: .bool
        }
    }

    private static func decodeColumn(_ reader: inout ByteReader, rows: Int, field: Field) throws(DecodeFailure) -> Column {
        let expected = kind(of: field.type)
        let found = try reader.read(UInt8.self)
        guard found == expected.rawValue else { throw DecodeFailure("column \(field.name): kind \(found), expected \(expected.rawValue)") }
        let nulls = try readNulls(&reader, rows: rows)
        switch expected {
        case .text:
            let offsets: ContiguousArray<Int32> = try reader.readArray(count: rows + 1)
            let byteCount = try reader.count(reader.read(UInt64.self), max: Int(Int32.max))
            let bytes: ContiguousArray<UInt8> = try reader.readArray(count: byteCount)
            // Offsets must start at 0, never decrease and end at the byte count, so that
            // every later range(row) is in bounds.
            guard offsets.first == 0, offsets.last.map({ Int($0) }) == byteCount,
                  zip(offsets, offsets.dropFirst()).allSatisfy({ $0 <= $1 }) else {
                throw DecodeFailure("column \(field.name): inconsistent text offsets")
            }
            var column = ByteColumn()
            column.bytes = bytes
            column.offsets = offsets
            column.nulls = nulls
            return .text(column)
        case .int64: return .int64(FixedColumn(values: try reader.readArray(count: rows), nulls: nulls))
        case .decimal: return .decimal(FixedColumn(values: try reader.readArray(count: rows), nulls: nulls))
        case .int32: return .int32(FixedColumn(values: try reader.readArray(count: rows), nulls: nulls))
        case .date: return .date(FixedColumn(values: try reader.readArray(count: rows), nulls: nulls))
        case .double: return .double(FixedColumn(values: try reader.readArray(count: rows), nulls: nulls))
        case .bool: return .bool(FixedColumn(values: try reader.readArray(count: rows), nulls: nulls))
        }
    }

    private static func readNulls(_ reader: inout ByteReader, rows: Int) throws(DecodeFailure) -> ContiguousArray<Bool>? {
        let hasNulls = try reader.read(UInt8.self)
        guard hasNulls != 0 else { return nil }
        let flags: ContiguousArray<UInt8> = try reader.readArray(count: rows)
        return ContiguousArray(flags.lazy.map { $0 != 0 })
    }

    private static func appendFixed<V>(_ c: FixedColumn<V>, kind: Kind, to out: inout ContiguousArray<UInt8>) {
        out.append(kind.rawValue)
        appendNulls(c.nulls, to: &out)
        c.values.withUnsafeBytes { out.append(contentsOf: $0) }
    }

    private static func appendNulls(_ nulls: ContiguousArray<Bool>?, to out: inout ContiguousArray<UInt8>) {
        guard let nulls else { out.append(0); return }
        out.append(1)
        for isNull in nulls { out.append(isNull ? 1 : 0) }
    }

    static func append<T: FixedWidthInteger>(_ value: T, to out: inout ContiguousArray<UInt8>) {
        withUnsafeBytes(of: value.littleEndian) { out.append(contentsOf: $0) }
    }
}

/// Bounds-checked reads from a byte buffer.
struct ByteReader {
    let bytes: UnsafeRawBufferPointer
    var position = 0

    mutating func read<T: FixedWidthInteger>(_: T.Type) throws(BatchCodec.DecodeFailure) -> T {
        let size = MemoryLayout<T>.size
        guard bytes.count - position >= size else { throw .init("unexpected end of block at \(position)") }
        let value = T(littleEndian: bytes.loadUnaligned(fromByteOffset: position, as: T.self))
        position += size
        return value
    }

    mutating func readArray<T: FixedWidthInteger>(count: Int) throws(BatchCodec.DecodeFailure) -> ContiguousArray<T> {
        let size = MemoryLayout<T>.stride
        guard count >= 0, count <= (bytes.count - position) / size else {
            throw .init("unexpected end of block at \(position) reading \(count) values")
        }
        let start = position
        position += count * size
        return ContiguousArray<T>(unsafeUninitializedCapacity: count) { out, initialized in
            UnsafeMutableRawBufferPointer(out).copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[start ..< start + count * size]))
            initialized = count
        }
    }

    /// A stored count as Int, rejecting values that cannot be right.
    func count(_ value: UInt64, max: Int) throws(BatchCodec.DecodeFailure) -> Int {
        guard value <= UInt64(max) else { throw .init("implausible count \(value)") }
        return Int(value)
    }
}
