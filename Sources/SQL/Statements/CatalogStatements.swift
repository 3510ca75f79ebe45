import Columns
import Foundation
import Lake
import SQLSyntax

/// SHOW TABLES, DESCRIBE and DESCRIBE HISTORY, answered from the catalog and the Delta logs.
enum CatalogStatements {
    /// `SHOW TABLES [IN layer] [LIKE 'pattern']` (Spark's pattern: `*` any, `|` or).
    static func showTables(in layer: QualifiedName?, pattern: String?, context: PlanningContext) throws -> SQLResult {
        var tables = try context.tables()
        if let layer {
            let wanted = layer.description.lowercased()
            let layers = Set(tables.map { $0.layer.lowercased() })
            guard layers.contains(wanted) else {
                throw SQLError("unknown layer '\(layer)'" + Suggestions.hint(for: layer.description, among: Array(layers)),
                               at: layer.location)
            }
            tables = tables.filter { $0.layer.lowercased() == wanted }
        }
        if let pattern {
            let alternatives = pattern.lowercased().split(separator: "|").map {
                LikePattern(String($0).trimmingSpaces.replacingOccurrences(of: "*", with: "%"), escape: nil, caseInsensitive: true)
            }
            tables = try tables.filter { table in
                let name = ColumnFactory.TextBuilder(rows: 1)
                var builder = name
                builder.append(table.shortName)
                for alternative in alternatives {
                    let matched = try ColumnAccess.bool(try alternative.evaluate(builder.result))
                    if matched.values.first == 1 { return true }
                }
                return false
            }
        }
        return SQLResult.text(["namespace", "tableName"], tables.map { [$0.layer, $0.shortName] })
    }

    /// `DESCRIBE t`: Spark's col_name, data_type, comment, then the partition columns.
    static func describe(_ name: QualifiedName, context: PlanningContext) throws -> SQLResult {
        let table = try context.table(name)
        let snapshot = try read(table, at: name.location)
        var rows: [[String?]] = snapshot.schema.fields.map { [$0.name, sparkName($0.type), nil] }
        if !snapshot.partitionColumns.isEmpty {
            rows.append(["# Partition Information", "", ""])
            rows.append(["# col_name", "data_type", "comment"])
            for column in snapshot.partitionColumns {
                let type = snapshot.schema.fields.first { $0.name == column }?.type
                rows.append([column, type.map(sparkName) ?? "", nil])
            }
        }
        return SQLResult.text(["col_name", "data_type", "comment"], rows)
    }

    /// `DESCRIBE HISTORY t [LIMIT n]`: newest first, up to the catalog's pinned version.
    static func history(_ name: QualifiedName, limit: Int?, context: PlanningContext) throws -> SQLResult {
        let table = try context.table(name)
        _ = try read(table, at: name.location)
        var entries: [DeltaHistoryEntry]
        do { entries = try DeltaTable(path: table.path).history() } catch {
            throw SQLError("cannot read the history of \(table.name): \(error)", at: name.location)
        }
        if let pinned = table.version { entries.removeAll { $0.version > pinned } }
        entries.sort { $0.version > $1.version }
        if let limit { entries = Array(entries.prefix(limit)) }
        let rows: [[String?]] = entries.map { e in
            let time = Date(timeIntervalSince1970: Double(e.timestamp) / 1000).ISO8601Format()
            return [String(e.version), time, e.operation, e.rowsAdded.map(String.init), e.rowsRemoved.map(String.init),
                    String(e.filesAdded), String(e.filesRemoved)]
        }
        return SQLResult.text(["version", "timestamp", "operation", "rows_added", "rows_removed", "files_added", "files_removed"], rows)
    }

    /// Spark's lower-case type names.
    static func sparkName(_ type: ColumnType) -> String {
        switch type {
        case .text: "string"
        case .binary: "binary"
        case .int64: "bigint"
        case .int32: "int"
        case .date: "date"
        case let .decimal(p, s): "decimal(\(p),\(s))"
        case .double: "double"
        case .bool: "boolean"
        }
    }

    private static func read(_ table: CatalogTable, at location: SourceLocation) throws -> DeltaSnapshot {
        do { return try table.snapshot() } catch { throw SQLError("cannot read \(table.name): \(error)", at: location) }
    }
}
