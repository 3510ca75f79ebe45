import ArgumentParser
import Foundation
import Pipeline
import SportsBar
import Workers

/// `medallion run`: the AtliQon × SportsBar pipeline over a source folder into a lake.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Ingest new source files into the lake: bronze, silver, gold and quarantine, committed as one run.",
        discussion: """
        The first run on an empty lake is the backfill; later runs read only files not ingested yet \
        (by path, size and content hash) and recompute the gold months they touch. A run that fails \
        or is killed leaves the lake as it was; the next run redoes the batch.
        """
    )

    @Option(help: "Source folder: 1_parent_company/, 2_child_company/ as in Rules §1.1 (SportsBar.docc/PipelineRules.md).")
    var source: String

    @Option(help: "Lake folder (created if missing).")
    var lake: String

    @Option(help: "Tasks running at once (default: active cores; at most 4 × them).")
    var workers: Int = WorkerCount.active

    @Option(name: .customLong("memory-limit"),
            help: """
            Memory for the run, e.g. 512MB: past a third of it dedup and aggregation spill to disk; \
            'none' for no limit. (default: half the RAM, or of the container's limit)
            """)
    var memoryLimit: String?

    @Flag(name: .customLong("full-refresh"), help: "Rebuild every table from all source files.")
    var fullRefresh = false

    @Option(help: "Rule tables as JSON (city typos, division map, date formats, …); default: the standard ones (Rules §3, §4; `medallion rules` prints them).")
    var rules: String?

    @Option(help: "Write the run report as JSON to this file.")
    var report: String?

    @Flag(help: "After the run, print each stage's plan tree with partitions and rows, time and spill per operator.")
    var explain = false

    @Flag(help: "No stage lines on stderr.")
    var quiet = false

    func validate() throws {
        try WorkerOption.check(workers)
    }

    mutating func run() async throws {
        source = try LakeLocation.open(source)
        lake = try LakeLocation.open(lake)
        let limit = try Self.limit(memoryLimit)
        var progress: (@Sendable (String) -> Void)?
        if !quiet { progress = { @Sendable line in writeStandardError(line + "\n") } }
        let fault = try FaultInjector.fromEnvironment()
        let ruleTables = try rules.map { try SportsBarRules.load(path: $0) } ?? .standard
        let options = RunOptions(source: source, lake: lake, workers: workers, memoryLimit: limit, fullRefresh: fullRefresh,
                                 rules: ruleTables, fault: fault, progress: progress,
                                 warning: { @Sendable line in writeStandardError("warning: " + line + "\n") })
        let summary = try await PipelineRun.run(options)
        print(RunReportText.render(summary, lake: lake))
        if explain {
            for stage in summary.plans ?? [] {
                print("\n\(stage.stage) plan:\n" + PlanText.analyzed(stage.plan))
            }
        }
        if let report {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            try encoder.encode(summary).write(to: URL(fileURLWithPath: report))
        }
    }

    /// The run's memory limit: the option's size, nil for "none", half the RAM when absent.
    static func limit(_ option: String?) throws -> Int? {
        guard let option else { return PhysicalMemory.defaultRunLimit }
        if option.lowercased() == "none" { return nil }
        return try ByteSize.parse(option)
    }
}
