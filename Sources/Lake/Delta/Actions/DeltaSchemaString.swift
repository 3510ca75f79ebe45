import Foundation
import Columns

/// `Schema` ↔ the Spark JSON schema stored in `metaData.schemaString`.
public enum DeltaSchemaString {
    public struct Unsupported: Error, Equatable, Sendable, CustomStringConvertible {
        public var reason: String
        public var description: String { reason }
    }

    public static func typeName(_ type: ColumnType) -> String {
        switch type {
        case .text: "string"
        case .binary: "binary"
        case .int64: "long"
        case .int32: "integer"
        case .date: "date"
        case let .decimal(p, s): "decimal(\(p),\(s))"
        case .double: "double"
        case .bool: "boolean"
        }
    }

    public static func encode(_ schema: Schema) -> String {
        let fields: [DeltaJSON] = schema.fields.map { field in
            .object([
                "name": .string(field.name),
                "type": .string(typeName(field.type)),
                "nullable": .bool(field.nullable),
                "metadata": .object([:]),
            ])
        }
        // Spark writes "type" first; key order carries no meaning, sorted is fine.
        return DeltaJSON.object(["type": .string("struct"), "fields": .array(fields)]).serialized()
    }

    /// Parses a schema string. Types this engine has no column for (timestamp,
    /// float, nested struct/array/map…) are an error naming the column,
    /// rather than a silent widening that would misread the data files.
    public static func decode(_ text: String) throws -> Schema {
        let root = try DeltaJSON.parse(text)
        guard root["type"]?.stringValue == "struct", case let .array(items)? = root["fields"] else {
            throw Unsupported(reason: "schemaString is not a struct with fields")
        }
        var fields: [Field] = []
        for item in items {
            guard let name = item["name"]?.stringValue else { throw Unsupported(reason: "schema field without a name") }
            guard let typeText = item["type"]?.stringValue else {
                throw Unsupported(reason: "column \(name) has a nested type, which is not supported")
            }
            guard let type = columnType(typeText) else {
                throw Unsupported(reason: "column \(name) has unsupported type \(typeText)")
            }
            var nullable = true
            if case let .bool(b)? = item["nullable"] { nullable = b }
            fields.append(Field(name, type, nullable: nullable))
        }
        return Schema(fields)
    }

    static func columnType(_ text: String) -> ColumnType? {
        switch text {
        case "string": return .text
        case "binary": return .binary
        case "long": return .int64
        case "integer": return .int32
        case "date": return .date
        case "double": return .double
        case "boolean": return .bool
        case "decimal": return .decimal(precision: 10, scale: 0)  // Spark's default
        default:
            guard text.hasPrefix("decimal("), text.hasSuffix(")") else { return nil }
            let inner = text.dropFirst("decimal(".count).dropLast()
            let parts = inner.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, let p = Int(parts[0]), let s = Int(parts[1]),
                  (1...38).contains(p), (0...p).contains(s) else { return nil }
            // Unscaled values live in Int64: at most 18 digits.
            guard p <= 18 else { return nil }
            return .decimal(precision: p, scale: s)
        }
    }
}
