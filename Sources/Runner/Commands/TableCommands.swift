import ArgumentParser
import Foundation
import Lake
import Columns
import Pipeline
import Workers

/// `medallion tables --lake DIR`: every Delta table in a lake, with its version and size.
struct TablesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "tables", abstract: "List the Delta tables of a lake.")

    @Option(help: "The lake folder.")
    var lake: String

    func run() throws {
        let lake = try LakeLocation.open(lake)
        // A medallion lake shows every table as of its last completed run.
        let view = LakeSnapshot.isLake(lake) ? try LakeSnapshot.load(lake: lake) : nil
        var rows: [[String]] = []
        var damaged: [String] = []
        for name in try TableLocator.tables(in: lake) {
            let lakeTable = view == nil ? nil : LakeSnapshot.table(atRelativePath: name)
            let pinned = lakeTable.flatMap { view?.version(of: $0) }
            if lakeTable != nil, pinned == nil {
                rows.append([name, "-", "", "", "(no completed run yet)"])
                continue
            }
            do {
                let snapshot = try DeltaTable(path: lake + "/" + name).snapshot(version: pinned)
                rows.append([name, "\(snapshot.version)", "\(snapshot.files.count)", "\(snapshot.numRecords)",
                             Format.bytes(Int(snapshot.files.reduce(0) { $0 + $1.size }))])
            } catch {
                rows.append([name, "damaged", "", "", ""])
                damaged.append("\(TableLocator.explain(error, lake: view == nil ? nil : lake))")
            }
        }
        print(TextTable.render(header: ["table", "version", "files", "rows", "size"], rows: rows))
        if rows.isEmpty { print("(no Delta tables under \(lake))") }
        if let view, let batch = view.publishingBatch {
            print("(batch \(batch) is being published; tables show the versions of batch \(view.batch.map(String.init) ?? "-"))")
        }
        if !damaged.isEmpty { throw DamagedLake(message: damaged.joined(separator: "\n")) }
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
        let lake = try lake.map(LakeLocation.open)
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
        let lake = try lake.map(LakeLocation.open)
        let located = try TableLocator.resolve(table, lake: lake)
        // A gap or a damaged entry in the log must be said, not skipped over.
        _ = try located.snapshot()
        var entries: [DeltaHistoryEntry]
        do { entries = try located.table.history() } catch { throw TableLocator.explain(error, lake: located.lake) }
        // Versions past the last completed run belong to a run still being published.
        let hidden = located.pinned.map { pinned in entries.filter { $0.version > pinned }.count } ?? 0
        if let pinned = located.pinned { entries.removeAll { $0.version > pinned } }
        let rows = entries.map { e -> [String] in
            let time = Date(timeIntervalSince1970: Double(e.timestamp) / 1000).ISO8601Format()
            return ["\(e.version)", time, e.operation, e.rowsAdded.map(String.init) ?? "", e.rowsRemoved.map(String.init) ?? "",
                    "\(e.filesAdded)", "\(e.filesRemoved)"]
        }
        print(TextTable.render(header: ["version", "time", "operation", "rows added", "rows removed", "files added", "files removed"],
                               rows: rows))
        if hidden > 0 {
            print("(\(hidden) newer version\(hidden == 1 ? "" : "s") not shown: "
                + (located.publishingBatch.map { "batch \($0) is still being published" } ?? "not made by a medallion run") + ")")
        }
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
        let lake = try lake.map(LakeLocation.open)
        let located = try TableLocator.resolve(table, lake: lake)
        let delta = located.table
        let snapshot = try located.snapshot(version: version)
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
