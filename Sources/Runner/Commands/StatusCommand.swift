import ArgumentParser
import Pipeline
import Workers

/// `medallion status`: what a lake holds and how it got there.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show a lake's runs, ingested files, and each table's version and row count."
    )

    @Option(help: "Lake folder.")
    var lake: String

    @Option(help: "Show at most this many recent runs.")
    var runs: Int = 10

    @Flag(help: "List every ingested file (default: counts per source table).")
    var files = false

    func run() throws {
        let lake = try LakeLocation.open(lake)
        let status = try LakeStatus.load(lake: lake)
        print("runs (\(status.runs.count) committed):")
        print(TextTable.render(
            header: ["batch", "mode", "committed at", "new files", "tables", "seconds"],
            rows: status.runs.suffix(runs).map {
                [String($0.batchId), $0.mode.rawValue, $0.committedAt, String($0.newFiles), String($0.tables),
                 Format.decimal($0.seconds, 2)]
            }))
        if !status.unpublished.isEmpty {
            print("\nthe last run died while publishing; the next run completes it (until then every table shows the "
                + "previous run's version): " + status.unpublished.map(\.description).joined(separator: ", "))
        }
        print("\ningested files (\(status.ingested.count)):")
        if files {
            print(TextTable.render(header: ["path", "table", "bytes", "records", "hash"],
                                   rows: status.ingested.map { [$0.path, $0.table, String($0.size), String($0.records), $0.hash] }))
        } else {
            let byTable = Dictionary(grouping: status.ingested, by: \.table)
            print(TextTable.render(header: ["source table", "files", "bytes", "records"],
                                   rows: byTable.keys.sorted().map { name in
                                       let list = byTable[name] ?? []
                                       return [name, String(list.count), String(list.reduce(0) { $0 + $1.size }),
                                               String(list.reduce(0) { $0 + $1.records })]
                                   }))
        }
        print("\ntables:")
        print(TextTable.render(header: ["table", "version", "files", "rows", "state"],
                               rows: status.tables.map {
                                   [$0.table.description, $0.version.map(String.init) ?? "-", String($0.files), String($0.rows),
                                    Self.text($0.state)]
                               }))
        guard !status.problems.isEmpty else { return }
        print("\nthe lake is damaged:")
        for problem in status.problems {
            print("- \(problem.file): \(problem.reason)")
            print("  \(problem.isRepairable ? "repair will" : "to fix"): \(problem.remedy)")
        }
        let repairable = status.problems.filter(\.isRepairable).count
        if repairable > 0 {
            print("\n`medallion repair --lake \(lake)` fixes \(repairable) of the \(status.problems.count) "
                + "(`--dry-run` shows what it would do); `medallion run` does so before it starts.")
        }
    }

    static func text(_ state: LakeStatus.Table.State) -> String {
        switch state {
        case .ok: "ok"
        case .pending: "pending (the next run publishes it)"
        case .damaged: "damaged (see below)"
        }
    }
}
