import Foundation
import Synchronization
import Testing
@testable import Jobs
@testable import Pipeline

/// The watcher's loop with a stand-in for the pipeline run (the real one: WatchCLITests).
@Suite("Watcher loop")
struct WatcherTests {
    final class Events: Sendable {
        let list = Mutex<[WatchEvent]>([])
        func add(_ event: WatchEvent) { list.withLock { $0.append(event) } }
        var all: [WatchEvent] { list.withLock { $0 } }
    }

    static func summary(committed: Bool, batch: Int64) -> RunSummary {
        RunSummary(batchId: batch, mode: .incremental, committed: committed, newFiles: committed ? 1 : 0, skippedFiles: 0,
                   flows: [], touchedMonths: [], enrichedFullRefresh: false, tableVersions: [:], rowsWritten: [:],
                   stages: [], seconds: 0, extraColumns: [], warnings: nil)
    }

    static func source() throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("medallion-watch-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder + "/orders", withIntermediateDirectories: true)
        try Data("a,b\n".utf8).write(to: URL(fileURLWithPath: folder + "/orders/day1.csv"))
        return folder
    }

    @Test("a failing run is retried until it succeeds; each attempt is one event")
    func retries() async throws {
        let source = try Self.source()
        defer { try? FileManager.default.removeItem(atPath: source) }
        let attempts = Mutex(0), events = Events()
        let watcher = Watcher(
            options: .init(source: source, interval: .milliseconds(20), debounce: .zero,
                           retry: RetryPolicy(retries: 3, delay: .milliseconds(10)), maxRuns: 1),
            runBatch: {
                let attempt = attempts.withLock { $0 += 1; return $0 }
                if attempt <= 2 { throw PipelineError.injectedFault(point: "test") }
                return Self.summary(committed: true, batch: 1)
            },
            log: events.add)
        #expect(await watcher.run() == 1)
        #expect(events.all.map(\.outcome) == [.failed, .failed, .committed])
        #expect(events.all.map(\.attempt) == [1, 2, 3])
        #expect(events.all.allSatisfy { $0.run == 1 && $0.files == 1 })
        #expect(events.all.last?.batch == 1)
        #expect(events.all.first?.error?.contains("test") == true)
    }

    @Test("retries run out: reported, and the watcher waits for new files before the next run")
    func givesUp() async throws {
        let source = try Self.source()
        defer { try? FileManager.default.removeItem(atPath: source) }
        let runs = Mutex(0), events = Events()
        let watcher = Watcher(
            options: .init(source: source, interval: .milliseconds(20), debounce: .zero,
                           retry: RetryPolicy(retries: 1, delay: .milliseconds(5)), maxRuns: 2),
            runBatch: {
                runs.withLock { $0 += 1 }
                throw PipelineError.injectedFault(point: "test")
            },
            log: events.add)
        let task = Task { await watcher.run() }
        // Two attempts of run 1, then nothing while the source stays the same.
        // Generous: other suites running at once can starve the concurrency pool for a while.
        let end = ContinuousClock.now + .seconds(300)
        while events.all.count < 2, ContinuousClock.now < end { try await Task.sleep(for: .milliseconds(20)) }
        try await Task.sleep(for: .milliseconds(300))
        #expect(runs.withLock { $0 } == 2)
        try Data("a,b\n1,2\n".utf8).write(to: URL(fileURLWithPath: source + "/orders/day2.csv"))
        #expect(await task.value == 2)
        #expect(events.all.map(\.run) == [1, 1, 2, 2])
        #expect(events.all[2].files == 1, "only the new file is new")
    }

    @Test("a stop during a run cancels it: one abandoned event, and the watcher ends")
    func stopDuringRun() async throws {
        let source = try Self.source()
        defer { try? FileManager.default.removeItem(atPath: source) }
        let events = Events()
        let watcher = Watcher(
            options: .init(source: source, interval: .milliseconds(20), debounce: .zero,
                           retry: RetryPolicy(retries: 3, delay: .milliseconds(10))),
            runBatch: {
                try await Task.sleep(for: .seconds(3600))
                return Self.summary(committed: true, batch: 1)
            },
            log: events.add)
        let task = Task { await watcher.run() }
        try await Task.sleep(for: .milliseconds(200))
        let stoppedAt = ContinuousClock.now
        watcher.stopSignal.stop()
        #expect(await task.value == 1)
        // Far less than the batch's hour: it was cancelled (the bound allows for a starved pool).
        #expect(ContinuousClock.now - stoppedAt < .seconds(900))
        #expect(events.all.map(\.outcome) == [.abandoned])
    }

    @Test("nothing new: a run that commits nothing is reported as such")
    func nothingNew() async throws {
        let source = try Self.source()
        defer { try? FileManager.default.removeItem(atPath: source) }
        let events = Events()
        let watcher = Watcher(options: .init(source: source, interval: .milliseconds(10), debounce: .zero,
                                             retry: RetryPolicy(retries: 0, delay: .zero), maxRuns: 1),
                              runBatch: { Self.summary(committed: false, batch: 4) }, log: events.add)
        await watcher.run()
        #expect(events.all.map(\.outcome) == [.nothingNew])
        let line = try #require(events.all.first?.jsonLine)
        let decoded = try JSONDecoder().decode(WatchEvent.self, from: Data(line.utf8))
        #expect(decoded == events.all.first)
        #expect(!line.contains("\n") && line.contains("\"outcome\":\"nothing-new\""))
    }
}
