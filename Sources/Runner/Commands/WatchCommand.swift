import ArgumentParser
import Foundation
import Jobs
import Pipeline
import SportsBar
import Workers

/// `medallion watch`: a file-arrival trigger that runs the pipeline whenever new source
/// files have arrived and stopped changing (`Jobs.Watcher`).
struct WatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Run the pipeline whenever new source files arrive (a file-arrival trigger).",
        discussion: """
        Polls --source every --interval. When files are new or changed and have then stayed \
        unchanged for --debounce (so a file still being copied is never read half-way), runs \
        one batch with all of them, exactly as `medallion run` would; the first poll catches up \
        on whatever the lake has not ingested yet. A failed run is retried --retries times \
        (waits from --retry-delay, doubling, with jitter), then reported; the watcher goes on. \
        The lake lock keeps a watcher and other runs from overlapping (a locked lake is retried).

        One JSON line per run attempt goes to --log (appended) or standard output: run, \
        attempt, start, end, seconds, outcome (committed, nothing-new, failed, locked, \
        abandoned), files, rows, batch, error.

        SIGTERM or SIGINT stops the watcher with exit status 0: a batch that has not begun \
        its commit is abandoned (the lake stays as it was; the next start ingests its files), \
        one that is committing finishes first.
        """
    )

    @Option(help: "Source folder (as for `medallion run`).")
    var source: String

    @Option(help: "Lake folder (created if missing).")
    var lake: String

    @Option(help: "How often to look at the source, e.g. 60s, 5m.")
    var interval: String = "60s"

    @Option(help: "How long new files must stay unchanged before a run reads them.")
    var debounce: String = "30s"

    @Option(help: "Retries of a failed run before the watcher reports it and waits for new files.")
    var retries: Int = 3

    @Option(name: .customLong("retry-delay"), help: "Wait before the first retry; doubles each retry (±20 % jitter).")
    var retryDelay: String = "30s"

    @Option(name: .customLong("max-runs"), help: "Exit after this many runs (retries not counted).")
    var maxRuns: Int?

    @Option(help: "Append the JSON lines to this file instead of standard output.")
    var log: String?

    @Option(help: "Tasks running at once in each run (default: active cores).")
    var workers: Int = WorkerCount.active

    @Option(name: .customLong("memory-limit"), help: "Memory for each run, as for `medallion run`.")
    var memoryLimit: String?

    @Option(help: "Rule tables as JSON, as for `medallion run`.")
    var rules: String?

    @Flag(help: "No progress lines on stderr.")
    var quiet = false

    func validate() throws {
        try WorkerOption.check(workers)
        guard retries >= 0 else { throw ValidationError("--retries must be 0 or more") }
        if let maxRuns, maxRuns < 1 { throw ValidationError("--max-runs must be at least 1") }
        for (name, text) in [("--interval", interval), ("--debounce", debounce), ("--retry-delay", retryDelay)] {
            do { _ = try DurationText.parse(text, option: name) } catch { throw ValidationError("\(error)") }
        }
        guard try DurationText.parse(interval, option: "--interval") > .zero else {
            throw ValidationError("--interval must be more than 0")
        }
    }

    mutating func run() async throws {
        let limit = try RunCommand.limit(memoryLimit)
        let ruleTables = try rules.map { try SportsBarRules.load(path: $0) } ?? .standard
        let fault = try FaultInjector.fromEnvironment()
        let quiet = quiet
        let note: @Sendable (String) -> Void = { line in if !quiet { writeStandardError(line + "\n") } }
        let runOptions = RunOptions(source: source, lake: lake, workers: workers, memoryLimit: limit, rules: ruleTables,
                                    fault: fault, progress: quiet ? nil : { @Sendable line in writeStandardError("  " + line + "\n") },
                                    warning: { @Sendable line in writeStandardError("warning: " + line + "\n") })
        let sink = try WatchLogSink(path: log)
        let options = Watcher.Options(
            source: source, interval: try DurationText.parse(interval, option: "--interval"),
            debounce: try DurationText.parse(debounce, option: "--debounce"),
            retry: RetryPolicy(retries: retries, delay: try DurationText.parse(retryDelay, option: "--retry-delay")),
            maxRuns: maxRuns)
        let watcher = Watcher(options: options, runBatch: { try await PipelineRun.run(runOptions) },
                              log: { sink.write($0.jsonLine) }, note: note)
        let signals = StopOnSignals(watcher.stopSignal, note: note)
        defer { withExtendedLifetime(signals) {} }
        note("watch: \(source) → \(lake), every \(interval), debounce \(debounce); SIGTERM or Ctrl-C stops")
        let runs = await watcher.run()
        note("watch: stopped after \(runs) run\(runs == 1 ? "" : "s")")
    }
}

/// Where the watcher's JSON lines go: appended to a file (opened once, flushed per line)
/// or standard output.
final class WatchLogSink: Sendable {
    private let handle: FileHandle

    init(path: String?) throws {
        guard let path else {
            handle = FileHandle.standardOutput
            return
        }
        if !FileManager.default.fileExists(atPath: path) {
            guard FileManager.default.createFile(atPath: path, contents: nil) else {
                throw CommandError("--log \(path): cannot create the file")
            }
        }
        guard let handle = FileHandle(forWritingAtPath: path) else { throw CommandError("--log \(path): cannot open for writing") }
        handle.seekToEndOfFile()
        self.handle = handle
    }

    func write(_ line: String) {
        handle.write(Data((line + "\n").utf8))
    }
}
