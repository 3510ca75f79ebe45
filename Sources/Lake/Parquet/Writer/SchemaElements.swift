import Columns

/// The Parquet schema for a flat `Schema`: a root group, then one leaf per field
/// with both the logical type and the legacy converted type (older readers).
enum SchemaElements {
    static func make(_ schema: Schema, path: String) throws -> [SchemaElement] {
        var root = SchemaElement(name: "schema")
        root.numChildren = Int32(schema.count)
        var out = [root]
        var names = Set<String>()
        for field in schema.fields {
            guard names.insert(field.name).inserted else {
                throw ParquetError(.invalidArgument, path: path, column: field.name, "duplicate column name")
            }
            out.append(try leaf(field, path: path))
        }
        return out
    }

    static func leaf(_ field: Field, path: String) throws -> SchemaElement {
        var e = SchemaElement(name: field.name)
        e.repetition = field.nullable ? .optional : .required
        switch field.type {
        case .text:
            e.type = .byteArray
            e.convertedType = .utf8
            e.logicalType = .string
        case .binary:
            // Plain BYTE_ARRAY: readers see raw bytes (Arrow binary, DuckDB BLOB).
            e.type = .byteArray
        case .int64:
            e.type = .int64
        case .int32:
            e.type = .int32
        case .date:
            e.type = .int32
            e.convertedType = .date
            e.logicalType = .date
        case let .decimal(precision, scale):
            guard (1 ... 18).contains(precision), (0 ... precision).contains(scale) else {
                throw ParquetError(.unsupported, path: path, column: field.name,
                                   "DECIMAL(\(precision),\(scale)) does not fit INT64 (precision 1...18, scale 0...precision)")
            }
            e.type = .int64
            e.convertedType = .decimal
            e.precision = Int32(precision)
            e.scale = Int32(scale)
            e.logicalType = .decimal(scale: Int32(scale), precision: Int32(precision))
        case .double:
            e.type = .double
        case .bool:
            e.type = .boolean
        }
        return e
    }
}
