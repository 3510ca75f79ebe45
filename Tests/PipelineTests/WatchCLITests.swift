import Foundation
import Testing
@testable import Pipeline

/// `medallion watch`, `medallion schedule` and `run`'s exit statuses, through the binary.
@Suite("medallion watch and schedule", .serialized)
struct WatchCLITests {
    /// A `medallion watch` process with its log and stderr in files.
    final class WatchProcess {
        let process = Process()
        let log: String
        let stderr: String

        init(_ lake: TestLake, _ options: [String], environment: [String: String] = [:]) throws {
            guard let binary = KillTests.binary else { throw RealData.Missing() }
            log = lake.root + "/watch.log"
            stderr = lake.root + "/watch.stderr"
            FileManager.default.createFile(atPath: stderr, contents: nil)
            process.executableURL = URL(fileURLWithPath: binary)
            process.arguments = ["watch", "--source", lake.source, "--lake", lake.lake, "--log", log, "--workers", "2"] + options
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
            process.standardOutput = FileHandle.nullDevice
            process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: stderr))
            try process.run()
        }

        var events: [[String: Any]] {
            let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            return text.split(separator: "\n").compactMap {
                try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
            }
        }

        var errors: String { (try? String(contentsOfFile: stderr, encoding: .utf8)) ?? "" }

        /// Waits until `condition` holds (polling), or `timeout` passes.
        func wait(_ timeout: Duration, until condition: () -> Bool) async throws -> Bool {
            let end = ContinuousClock.now + timeout
            while ContinuousClock.now < end {
                if condition() { return true }
                try await Task.sleep(for: .milliseconds(50))
            }
            return condition()
        }

        func exitStatus(within timeout: Duration) async throws -> Int32? {
            guard try await wait(timeout, until: { !process.isRunning }) else {
                process.terminate()
                return nil
            }
            return process.terminationStatus
        }
    }

    /// Gold of one plain run over every sample file.
    static func oneRunGold() async throws -> [String: [[String?]]] {
        let reference = try TestLake()
        try reference.deliver { _ in true }
        _ = try await reference.run()
        return try reference.gold()
    }

    @Test("files delivered while it watches are ingested within interval + debounce, a file being written is waited for, gold = one run")
    func deliveredWhileWatching() async throws {
        guard MedallionCLI.available else { return }
        let lake = try TestLake()
        try lake.deliver(RealData.isFullLoad)
        let watch = try WatchProcess(lake, ["--interval", "1s", "--debounce", "3s", "--quiet"])
        defer { if watch.process.isRunning { watch.process.terminate() } }
        #expect(try await watch.wait(.seconds(300)) { watch.events.count == 1 }, "\(watch.errors)")
        #expect(watch.events.first?["outcome"] as? String == "committed")
        // The increments arrive at once (staged, then renamed into the source), except one
        // orders file that is written in two halves a second apart.
        let incremental = try RealData.files().filter(RealData.isIncremental)
        let slow = try #require(incremental.first { $0.contains("orders") })
        let staging = try TestLake()
        try staging.deliver { RealData.isIncremental($0) && $0 != slow }
        for path in incremental where path != slow {
            let target = lake.source + "/" + path
            try FileManager.default.createDirectory(atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try FileManager.default.moveItem(atPath: staging.source + "/" + path, toPath: target)
        }
        let bytes = try Data(contentsOf: URL(fileURLWithPath: RealData.root + "/" + slow))
        let target = lake.source + "/" + slow
        try FileManager.default.createDirectory(atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: target))
        let halfWritten = Date()
        // A thread sleep: the concurrency pool may be starved by other suites for longer.
        usleep(500_000)
        let secondHalf = Date()
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: target))
        handle.seekToEndOfFile()
        handle.write(bytes.suffix(from: bytes.count / 2))
        try handle.close()
        let lastChange = Date()
        // A run that began after the last write has ended (events are written at a run's end).
        let expected = try await Self.oneRunGold()
        #expect(try await watch.wait(.seconds(300)) { watch.events.contains { Self.start($0).map { $0 > lastChange } == true } },
                "\(watch.events) \(watch.errors)")
        watch.process.terminate()
        #expect(try await watch.exitStatus(within: .seconds(300)) == 0, "\(watch.errors)")
        let events = watch.events
        #expect(events.allSatisfy { $0["outcome"] as? String == "committed" }, "\(events)")
        // No run began while the file was half-written (when the second half came within the
        // debounce: on a starved machine the half file may really have been quiet for 3 s, and
        // then reading it is right); the run after it began within interval + debounce (4 s)
        // of the last write, plus 3 s for a loaded machine.
        if secondHalf.timeIntervalSince(halfWritten) < 2 {
            for event in events {
                let start = try #require(Self.start(event))
                #expect(!(start > halfWritten && start < lastChange), "a run started on the half-written file: \(events)")
            }
        }
        let after = try #require(events.compactMap(Self.start).first { $0 > lastChange })
        #expect(after.timeIntervalSince(lastChange) <= 7, "\(after) vs \(lastChange)")
        #expect(try lake.gold() == expected)
    }

    static func start(_ event: [String: Any]) -> Date? {
        let format = ISO8601DateFormatter()
        format.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return (event["start"] as? String).flatMap { format.date(from: $0) }
    }

    @Test("a failing run is retried and then commits")
    func retried() async throws {
        guard MedallionCLI.available else { return }
        let lake = try TestLake()
        try lake.deliver { _ in true }
        let watch = try WatchProcess(lake, ["--interval", "200ms", "--debounce", "0s", "--retries", "2", "--retry-delay", "200ms",
                                            "--max-runs", "1", "--quiet"],
                                     environment: ["MEDALLION_FAULT": "after-silver:throw:1"])
        #expect(try await watch.exitStatus(within: .seconds(180)) == 0, "\(watch.errors)")
        let events = watch.events
        #expect(events.map { $0["outcome"] as? String } == ["failed", "committed"], "\(events)")
        #expect((events.first?["error"] as? String)?.contains("after-silver") == true)
        #expect(events.map { $0["attempt"] as? Int } == [1, 2])
        #expect(try lake.gold() == (try await Self.oneRunGold()))
    }

    @Test("SIGTERM during a run: exit 0, the lake as it was, the next start completes the work")
    func terminatedDuringRun() async throws {
        guard MedallionCLI.available else { return }
        let lake = try TestLake()
        try lake.deliver { _ in true }
        let watch = try WatchProcess(lake, ["--interval", "200ms", "--debounce", "0s", "--workers", "1"])
        // The run has begun once its first progress line is out.
        #expect(try await watch.wait(.seconds(60)) { watch.errors.contains("discovery:") }, "\(watch.errors)")
        watch.process.terminate()
        #expect(try await watch.exitStatus(within: .seconds(120)) == 0, "\(watch.errors)")
        let outcome = watch.events.last?["outcome"] as? String
        #expect(outcome == "abandoned" || outcome == "committed", "\(watch.events)")
        if outcome == "abandoned" { #expect(LakeJournal(lake: lake.lake).batches().isEmpty) }
        let again = try WatchProcess(lake, ["--interval", "200ms", "--debounce", "0s", "--max-runs", "1", "--quiet"])
        #expect(try await again.exitStatus(within: .seconds(180)) == 0, "\(again.errors)")
        #expect(LakeJournal(lake: lake.lake).batches() == [1])
        #expect(try lake.gold() == (try await Self.oneRunGold()))
    }

    @Test("run's exit statuses: 75 when another run holds the lake, 2 for bad usage")
    func exitStatuses() throws {
        guard MedallionCLI.available else { return }
        let lake = try TestLake()
        try lake.deliver(RealData.isFullLoad)
        try FileManager.default.createDirectory(atPath: lake.lake, withIntermediateDirectories: true)
        let lock = try LakeLock(lake: lake.lake)
        let locked = try MedallionCLI.run(["run", "--source", lake.source, "--lake", lake.lake, "--quiet"])
        #expect(locked.status == 75 && locked.stderr.contains("in use by another medallion run"), "\(locked.stderr)")
        lock.release()
        #expect(try MedallionCLI.run(["run", "--source", lake.source]).status == 2)
        #expect(try MedallionCLI.run(["watch", "--source", lake.source, "--lake", lake.lake, "--interval", "soon"]).status == 2)
    }

    @Test("schedule prints a crontab line or systemd units with absolute paths; impossible cron intervals are refused")
    func schedule() throws {
        guard MedallionCLI.available else { return }
        let cron = try MedallionCLI.run(["schedule", "--emit", "cron", "--at", "02:30", "--source", "in", "--lake", "lake"], in: "/tmp")
        #expect(cron.status == 0, "\(cron.stderr)")
        #expect(cron.stdout.contains("\n30 2 * * * /") && cron.stdout.contains(" run --source /tmp/in --lake /tmp/lake --quiet >> /tmp/lake/_medallion/runs.log 2>&1\n"), "\(cron.stdout)")
        let units = try MedallionCLI.run(["schedule", "--emit", "systemd", "--every", "1h", "--source", "/d/in", "--lake", "/d/lake"])
        #expect(units.status == 0 && units.stdout.contains("OnUnitActiveSec=3600s") && units.stdout.contains("[Service]"), "\(units.stderr)")
        let odd = try MedallionCLI.run(["schedule", "--emit", "cron", "--every", "7m", "--source", "/d/in", "--lake", "/d/lake"])
        #expect(odd.status == 2 && odd.stderr.contains("use --emit systemd"), "\(odd.stderr)")
        let both = try MedallionCLI.run(["schedule", "--emit", "cron", "--every", "1h", "--at", "02:00", "--source", "a", "--lake", "b"])
        #expect(both.status == 2)
    }
}
