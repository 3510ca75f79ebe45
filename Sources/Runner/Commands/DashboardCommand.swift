import ArgumentParser
import Dashboard
import Foundation
import ObjectStorage
import Pipeline
import Workers

/// `medallion dashboard`: the lake's executive dashboard as one self-contained HTML file.
struct DashboardCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dashboard",
        abstract: "Write a dashboard of the lake as one self-contained HTML file (opens offline, from file://).",
        discussion: """
        The datasets of the definition (default: the SportsBar executive dashboard) are aggregated \
        by the SQL engine over the lake's last completed run; the page inlines them with Chart.js \
        (Debian package libjs-chart.js) and its own script, so it needs no network when opened.
        """
    )

    @Option(help: "Lake folder.")
    var lake: String

    @Option(help: "The HTML file to write.")
    var out: String

    @Option(help: "A dashboard definition (YAML); default: the SportsBar executive dashboard.")
    var definition: String?

    @Option(help: "Tasks running at once (default: active cores; at most 4 × them).")
    var workers: Int = WorkerCount.active

    func validate() throws {
        try WorkerOption.check(workers)
    }

    func run() async throws {
        let started = ContinuousClock.now
        let output = try await Self.write(lake: lake, out: out, definition: definition, workers: workers)
        let elapsed = ContinuousClock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        print("wrote \(out) (\(Format.bytes(output.html.utf8.count)); data \(Format.bytes(output.dataBytes)) → "
            + "\(Format.bytes(output.compressedBytes)) gzipped) in \(Format.decimal(seconds, 2)) s from \(output.version)")
    }

    /// Builds the page and writes it (replacing `out` whole); `demo` calls this too.
    static func write(lake: String, out: String, definition path: String?, workers: Int) async throws -> DashboardPage.Output {
        let lake = try LakeLocation.open(lake)
        guard (try? StoragePaths.isDirectory(lake)) == true else { throw CommandError("no lake at \(lake)") }
        let definition = try path.map { try DashboardDefinition.load(path: $0) } ?? DashboardDefinition.sportsBarDefault
        let engine = try DashboardEngine.make(lake: lake, workers: workers)
        let output = try await DashboardPage.build(engine: engine, lake: lake, definition: definition)
        do {
            try Data(output.html.utf8).write(to: URL(fileURLWithPath: out), options: .atomic)
        } catch {
            throw CommandError("cannot write \(out): \(error.localizedDescription)")
        }
        return output
    }
}
