import ArgumentParser
import Foundation
import Lake
import Partition
import Workers

/// `medallion tables --lake DIR`: every Delta table in a lake, with its version and size.
struct TablesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "tables", abstract: "List the Delta tables of a lake.")

    @Option(help: "The lake folder.")
    var lake: String

    func run() throws {
        var rows: [[String]] = []
        for name in try TableLocator.tables(in: lake) {
            let snapshot = try DeltaTable(path: lake + "/" + name).snapshot()
            rows.append([name, "\(snapshot.version)", "\(snapshot.files.count)", "\(snapshot.numRecords)",
                         Format.bytes(Int(snapshot.files.reduce(0) { $0 + $1.size }))])
        }
        print(TextTable.render(header: ["table", "version", "files", "rows", "size"], rows: rows))
        if rows.isEmpty { print("(no Delta tables under \(lake))") }
    }
}

/// `medallion describe TABLE`: schema, partitioning and size of the latest version.
struct DescribeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "describe", abstract: "Show a table's schema and size.")

    @Argument(help: "Table folder, or layer.table with --lake.")
    var table: String

    @Option(help: "The lake folder (to name tables as layer.table).")
    var lake: String?

    func run() throws {
        let snapshot = try TableLocator.resolve(table, lake: lake).snapshot()
        print("table:      \(snapshot.table)")
        print("version:    \(snapshot.version)")
        print("partitions: \(snapshot.partitionColumns.isEmpty ? "(none)" : snapshot.partitionColumns.joined(separator: ", "))")
        print("files:      \(snapshot.files.count)  rows: \(snapshot.numRecords)  size: \(Format.bytes(Int(snapshot.files.reduce(0) { $0 + $1.size })))")
        print("")
        print(TextTable.render(header: ["column", "type", "nullable"],
                               rows: snapshot.schema.fields.map { [$0.name, $0.type.description, $0.nullable ? "yes" : "no"] }))
    }
}

/// `medallion history TABLE`: one line per version.
struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "history", abstract: "Show a table's versions.")

    @Argument(help: "Table folder, or layer.table with --lake.")
    var table: String

    @Option(help: "The lake folder (to name tables as layer.table).")
    var lake: String?

    func run() throws {
        let entries = try TableLocator.resolve(table, lake: lake).history()
        let rows = entries.map { e -> [String] in
            let time = Date(timeIntervalSince1970: Double(e.timestamp) / 1000).ISO8601Format()
            return ["\(e.version)", time, e.operation, e.rowsAdded.map(String.init) ?? "", e.rowsRemoved.map(String.init) ?? "",
                    "\(e.filesAdded)", "\(e.filesRemoved)"]
        }
        print(TextTable.render(header: ["version", "time", "operation", "rows added", "rows removed", "files added", "files removed"],
                               rows: rows))
    }
}

/// `medallion show TABLE --limit N [--version V]`: the first rows of a table.
struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Print rows of a table (optionally at a past version).")

    @Argument(help: "Table folder, or layer.table with --lake.")
    var table: String

    @Option(help: "The lake folder (to name tables as layer.table).")
    var lake: String?

    @Option(help: "Rows to print (0 for none: just the count).")
    var limit: Int = 20

    @Option(help: "Read this version instead of the latest (time travel).")
    var version: Int64?

    func validate() throws {
        guard limit >= 0 else { throw ValidationError("--limit must be 0 or more (got \(limit))") }
    }

    func run() throws {
        let delta = try TableLocator.resolve(table, lake: lake)
        let snapshot = try delta.snapshot(version: version)
        let header = snapshot.schema.fields.map(\.name)
        var rows: [[String]] = []
        fileLoop: for file in snapshot.files where limit > 0 {
            let reader = try ParquetReader(path: delta.path + "/" + file.relativePath)
            for group in 0 ..< reader.rowGroups.count {
                let batch = try reader.readRowGroup(group)
                for row in 0 ..< batch.rowCount {
                    rows.append(snapshot.schema.fields.map { field in
                        if let i = batch.schema.index(of: field.name) {
                            return ValueText.string(batch.columns[i], row, type: batch.schema.fields[i].type) ?? "NULL"
                        }
                        return (file.partitionValues[field.name] ?? nil) ?? "NULL"
                    })
                    if rows.count >= limit { break fileLoop }
                }
            }
        }
        print(TextTable.render(header: header, rows: rows))
        print("(\(rows.count) of \(snapshot.numRecords) rows, version \(snapshot.version))")
    }
}
