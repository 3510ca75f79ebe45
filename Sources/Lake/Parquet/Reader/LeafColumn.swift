import Columns

/// How a leaf's physical values become the engine's column buffers.
enum ValueConversion: Sendable, Equatable {
    /// BYTE_ARRAY → text or binary.
    case bytes
    /// INT32 → Int32 (INT, DATE).
    case int32
    /// INT64 → Int64 (BIGINT, DECIMAL).
    case int64
    /// INT32 → Int64: DECIMAL stored in INT32, or UINT32.
    case int32ToInt64(unsigned: Bool)
    /// DOUBLE → bit patterns.
    case double
    /// BOOLEAN → 0/1 bytes.
    case boolean
    /// FIXED_LEN_BYTE_ARRAY big-endian two's complement DECIMAL → Int64 (pyarrow's default).
    case fixedDecimal(width: Int)
    /// BYTE_ARRAY big-endian two's complement DECIMAL → Int64.
    case byteArrayDecimal

    /// Bytes per PLAIN value for fixed-width kinds, nil for variable width.
    var plainWidth: Int? {
        switch self {
        case .int32, .int32ToInt64: 4
        case .int64, .double: 8
        case let .fixedDecimal(width): width
        case .bytes, .boolean, .byteArrayDecimal: nil
        }
    }
}

/// A leaf of the file's (flat) schema mapped to an engine field.
struct LeafColumn: Sendable, Equatable {
    var field: Field
    var physical: PhysicalType
    var conversion: ValueConversion
    /// 1 for OPTIONAL (definition levels present), 0 for REQUIRED.
    var maxDefinitionLevel: Int
}

/// Maps a Parquet schema to the engine's `Schema`, refusing what it cannot
/// represent (nested or repeated fields, timestamps, floats, wide decimals…).
enum SchemaMapping {
    static func leaves(_ elements: [SchemaElement], path: String) throws -> [LeafColumn] {
        guard let root = elements.first else { throw ParquetError(.corrupt, path: path, "the footer has an empty schema") }
        let children = Int(root.numChildren ?? 0)
        guard children == elements.count - 1 else {
            throw ParquetError(.unsupported, path: path,
                               "nested schema (root has \(children) children, \(elements.count - 1) elements follow); only flat schemas are supported")
        }
        return try elements.dropFirst().map { try leaf($0, path: path) }
    }

    static func leaf(_ e: SchemaElement, path: String) throws -> LeafColumn {
        func unsupported(_ what: String) -> ParquetError {
            ParquetError(.unsupported, path: path, column: e.name, what)
        }
        if let n = e.numChildren, n > 0 { throw unsupported("nested group columns are not supported") }
        guard let physical = e.type else { throw ParquetError(.corrupt, path: path, column: e.name, "leaf without a physical type") }
        let nullable: Bool
        switch e.repetition {
        case Repetition.required?: nullable = false
        case Repetition.optional?: nullable = true
        case Repetition.repeated?: throw unsupported("repeated columns are not supported")
        default: throw ParquetError(.corrupt, path: path, column: e.name, "leaf without a repetition type")
        }
        let (type, conversion) = try mapType(e, physical, unsupported)
        return LeafColumn(field: Field(e.name, type, nullable: nullable), physical: physical,
                          conversion: conversion, maxDefinitionLevel: nullable ? 1 : 0)
    }

    private static func mapType(_ e: SchemaElement, _ physical: PhysicalType,
                                _ unsupported: (String) -> ParquetError) throws -> (ColumnType, ValueConversion) {
        // DECIMAL first: it annotates several physical types.
        var decimal: (precision: Int, scale: Int)?
        if case let .decimal(scale, precision)? = e.logicalType {
            decimal = (Int(precision), Int(scale))
        } else if e.logicalType == nil, e.convertedType == .decimal {
            decimal = (Int(e.precision ?? 0), Int(e.scale ?? 0))
        }
        if let (precision, scale) = decimal {
            guard (1 ... 18).contains(precision), (0 ... precision).contains(scale) else {
                throw unsupported("DECIMAL(\(precision),\(scale)) does not fit 64 bits (precision 1...18 is supported)")
            }
            let type = ColumnType.decimal(precision: precision, scale: scale)
            switch physical {
            case .int32: return (type, .int32ToInt64(unsigned: false))
            case .int64: return (type, .int64)
            case .fixedLenByteArray:
                let width = Int(e.typeLength ?? 0)
                guard (1 ... 16).contains(width) else { throw unsupported("DECIMAL in FIXED_LEN_BYTE_ARRAY(\(width))") }
                return (type, .fixedDecimal(width: width))
            case .byteArray: return (type, .byteArrayDecimal)
            default: throw unsupported("DECIMAL stored as \(physical)")
            }
        }
        let annotation = annotationName(e)
        switch physical {
        case .boolean:
            guard annotation == nil else { throw unsupported("BOOLEAN annotated as \(annotation ?? "")") }
            return (.bool, .boolean)
        case .double:
            guard annotation == nil else { throw unsupported("DOUBLE annotated as \(annotation ?? "")") }
            return (.double, .double)
        case .byteArray:
            switch (e.logicalType, e.convertedType) {
            case (nil, nil):
                // No annotation: raw bytes, which need not be UTF-8.
                return (.binary, .bytes)
            case (.string?, _), (.enum?, _), (.json?, _), (nil, .utf8?), (nil, .enum?), (nil, .json?):
                return (.text, .bytes)
            default: throw unsupported("BYTE_ARRAY annotated as \(annotation ?? "?")")
            }
        case .int32:
            switch (e.logicalType, e.convertedType) {
            case (nil, nil), (nil, .int8?), (nil, .int16?), (nil, .int32?), (nil, .uint8?), (nil, .uint16?):
                return (.int32, .int32)
            case (.date?, _), (nil, .date?):
                return (.date, .int32)
            case let (.integer(bits, signed)?, _) where bits <= 32 && (signed || bits < 32):
                return (.int32, .int32)
            case (.integer(32, false)?, _), (nil, .uint32?):
                return (.int64, .int32ToInt64(unsigned: true))
            default: throw unsupported("INT32 annotated as \(annotation ?? "?")")
            }
        case .int64:
            switch (e.logicalType, e.convertedType) {
            case (nil, nil), (nil, .int64?), (.integer(64, true)?, _):
                return (.int64, .int64)
            default: throw unsupported("INT64 annotated as \(annotation ?? "?") (TIMESTAMP, TIME and UINT64 are not supported)")
            }
        default:
            throw unsupported("physical type \(physical) is not supported")
        }
    }

    /// A readable name for a leaf's annotation, for errors.
    private static func annotationName(_ e: SchemaElement) -> String? {
        if let logical = e.logicalType {
            switch logical {
            case .string: return "STRING"
            case .enum: return "ENUM"
            case .json: return "JSON"
            case .date: return "DATE"
            case let .decimal(s, p): return "DECIMAL(\(p),\(s))"
            case let .integer(bits, signed): return "INTEGER(\(bits),\(signed ? "signed" : "unsigned"))"
            case let .other(id):
                let names: [Int16: String] = [2: "MAP", 3: "LIST", 7: "TIME", 8: "TIMESTAMP", 11: "UNKNOWN (NULL)",
                                              13: "BSON", 14: "UUID", 15: "FLOAT16", 16: "VARIANT", 17: "GEOMETRY",
                                              18: "GEOGRAPHY"]
                return names[id] ?? "logical type \(id)"
            }
        }
        if let c = e.convertedType { return "converted type \(c.rawValue)" }
        return nil
    }
}
