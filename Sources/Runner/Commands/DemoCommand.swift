import ArgumentParser
import Foundation
import Generator
import Pipeline
import Workers

/// `medallion demo`: the whole story on generated data — a backfill, then a few more
/// days of files and an incremental run — with the reports and where to look next.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Generate a SportsBar dataset (once), backfill a lake from it, deliver more days, run incrementally, write the dashboard.",
        discussion: """
        The source folder is generated into DIR/source when it is missing (multi-frame zstd, \
        deterministic per seed). Each demo starts a fresh lake in DIR/lake: the backfill reads \
        every generated file; then --more-days new day files arrive under \
        2_child_company/incremental_load/orders/ and an incremental run reads only those. \
        Last, the executive dashboard of the lake is written to DIR/dashboard.html.
        """
    )

    @Option(help: "Demo folder: DIR/source (generated once) and DIR/lake (rebuilt each time).")
    var dir: String = "demo"

    @Option(help: "Child order rows to generate (over --days days).")
    var orders: Int = 3_000_000

    @Option(help: "Days of orders (540 = 18 months).")
    var days: Int = 540

    @Option(name: .customLong("more-days"), help: "Days of new files delivered before the incremental run.")
    var moreDays: Int = 3

    @Option(help: "Random seed of the generated data.")
    var seed: UInt64 = 42

    @Option(help: "Tasks running at once (default: active cores; at most 4 × them).")
    var workers: Int = WorkerCount.active

    func validate() throws {
        guard orders >= 1 else { throw ValidationError("--orders must be at least 1") }
        guard days >= 1 else { throw ValidationError("--days must be at least 1") }
        guard moreDays >= 1 else { throw ValidationError("--more-days must be at least 1") }
        try WorkerOption.check(workers)
    }

    mutating func run() async throws {
        let source = dir + "/source", lake = dir + "/lake"
        var config = GeneratorConfig(orders: orders)
        config.days = days
        config.seed = seed
        config.compression = .zstd
        config.workers = workers
        let fileManager = FileManager.default
        if !fileManager.fileExists(atPath: source + "/2_child_company") {
            print("== generating \(orders) orders over \(days) days into \(source) (multi-frame zstd)")
            let started = ContinuousClock.now
            let summary = try await SourceGenerator.write(config, to: source)
            print("   \(summary.files.count) files, \(Format.bytes(Int(summary.bytes))) compressed, "
                + "\(Format.bytes(summary.uncompressedBytes)) of CSV in \(seconds(since: started)) s")
        } else {
            print("== using the data generated earlier in \(source)")
        }
        // A fresh lake and no deliveries from an earlier demo.
        try? fileManager.removeItem(atPath: lake)
        try? fileManager.removeItem(atPath: source + "/2_child_company/incremental_load")

        print("\n== backfill: medallion run --source \(source) --lake \(lake)")
        let progress: @Sendable (String) -> Void = { line in writeStandardError("   " + line + "\n") }
        let backfill = try await PipelineRun.run(RunOptions(source: source, lake: lake, workers: workers,
                                                            memoryLimit: PhysicalMemory.defaultRunLimit, progress: progress))
        print(RunReportText.render(backfill, lake: lake))

        print("\n== \(moreDays) more days of orders arrive")
        let delivered = try await SourceGenerator.deliverMoreDays(moreDays, after: config, to: source)
        for file in delivered.files { print("   " + file.path) }

        print("\n== incremental: medallion run --source \(source) --lake \(lake)")
        let incremental = try await PipelineRun.run(RunOptions(source: source, lake: lake, workers: workers,
                                                            memoryLimit: PhysicalMemory.defaultRunLimit, progress: progress))
        print(RunReportText.render(incremental, lake: lake))
        let share = backfill.seconds > 0 ? 100 * incremental.seconds / backfill.seconds : 0
        print("\nincremental run: \(Format.decimal(incremental.seconds, 2)) s = \(Format.decimal(share, 1))% of the backfill's "
            + "\(Format.decimal(backfill.seconds, 2)) s")
        // The hints name this binary as it was started (it is rarely on PATH after a build).
        let medallion = Self.invocation()
        let page = dir + "/dashboard.html"
        print("\n== dashboard: \(medallion) dashboard --lake \(lake) --out \(page)")
        let dashboard = try await DashboardCommand.write(lake: lake, out: page, definition: nil, workers: workers)
        print("   \(Format.bytes(dashboard.html.utf8.count)), from \(dashboard.version)")
        print("""

        The lake is in \(lake). Look around:
          \(medallion) status --lake \(lake)
          \(medallion) show gold.fact_orders_enriched --lake \(lake) --limit 10
          \(medallion) history gold.fact_orders --lake \(lake)
          \(medallion) sql --lake \(lake) "SELECT channel, sum(total_amount_inr) AS revenue FROM gold.fact_orders_enriched GROUP BY channel ORDER BY revenue DESC"

        The dashboard (one self-contained file, opens offline in a browser):
          \(URL(fileURLWithPath: page).standardizedFileURL.path)
        """)
    }

    private func seconds(since start: ContinuousClock.Instant) -> String {
        let elapsed = ContinuousClock.now - start
        return Format.decimal(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18, 2)
    }

    /// How to call this binary again from the current folder: its path relative to it
    /// when inside, else as started.
    static func invocation() -> String {
        let started = CommandLine.arguments.first ?? "medallion"
        guard started.contains("/") else { return started }
        let absolute = URL(fileURLWithPath: started).standardizedFileURL.path
        let here = FileManager.default.currentDirectoryPath + "/"
        return absolute.hasPrefix(here) ? String(absolute.dropFirst(here.count)) : absolute
    }
}
