import Foundation
import Generator
import Lake
import Testing
import TestSupport
@testable import Pipeline

/// What failed or killed runs leave behind is removed by the next run and by vacuum;
/// nothing a committed or pending-publish version references is ever removed; readers
/// see whole runs.
@Suite("Lake leftovers, vacuum and whole-run reads", .serialized)
struct LakeCleanupTests {
    @Test("a run that died before its commit point leaves data files; the next run removes them and stray spill and temp files")
    func nextRunRemovesLeftovers() async throws {
        let lake = try await SmallLake.copy()
        try await SmallLake.deliverDay(lake)
        await #expect(throws: PipelineError.self) { try await lake.run(fault: .beforeCommit) }
        let left = try lake.unreferencedDataFiles()
        #expect(!left.isEmpty, "the failed run wrote data files no version references")
        let strays = [LakeLayout.scratchDirectory(lake.lake) + "/medallion-spill-AbC123/1-dedup.spill",
                      LakeLayout.runsDirectory(lake.lake) + "/.tmp-0d1e",
                      LakeCatalog.dimDate.path(in: lake.lake) + "/_delta_log/_commit_0d1e.tmp"]
        for path in strays {
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                    withIntermediateDirectories: true)
            try "x".write(toFile: path, atomically: false, encoding: .utf8)
        }
        let before = lake.dataFiles()
        let run = try await lake.run()
        #expect(run.committed && run.batchId == 3)
        #expect(try lake.unreferencedDataFiles().isEmpty)
        for path in strays { #expect(!FileManager.default.fileExists(atPath: path), "\(path)") }
        #expect(!FileManager.default.fileExists(atPath: LakeLayout.scratchDirectory(lake.lake) + "/medallion-spill-AbC123"))
        // Every file a version referenced before is still there.
        let kept = Set(lake.dataFiles())
        #expect(before.filter { !left.contains($0) }.allSatisfy(kept.contains))
    }

    @Test("the clean-end marker: set by a run that committed, gone after one that failed; only then are table folders walked")
    func cleanEndMarker() async throws {
        let lake = try await SmallLake.copy()
        #expect(CleanEndMarker.isPresent(lake.lake), "the copied lake's last run ended cleanly")
        // A file no version references, left while the marker says the last run ended
        // cleanly, is not looked for by a run (vacuum finds it)...
        let stray = LakeCatalog.factOrders.path(in: lake.lake) + "/date=2025-01-01/part-stray.parquet"
        try FileManager.default.createDirectory(atPath: (stray as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        try Data([1, 2, 3]).write(to: URL(fileURLWithPath: stray))
        try await SmallLake.deliverDay(lake)
        await #expect(throws: PipelineError.self) { try await lake.run(fault: .beforeCommit) }
        #expect(!CleanEndMarker.isPresent(lake.lake), "a failed run leaves the marker absent")
        // ...but once a run failed, the next one walks every table and removes it too.
        let run = try await lake.run()
        #expect(run.committed)
        #expect(CleanEndMarker.isPresent(lake.lake))
        #expect(!FileManager.default.fileExists(atPath: stray))
        #expect(try lake.unreferencedDataFiles().isEmpty)
        // A run with nothing new ends cleanly too.
        try FileManager.default.removeItem(atPath: CleanEndMarker.path(lake.lake))
        let idle = try await lake.run()
        #expect(!idle.committed && CleanEndMarker.isPresent(lake.lake))
    }

    @Test("a failed backfill leaves nothing behind once the next run starts")
    func failedBackfill() async throws {
        let lake = try TestLake()
        _ = try await SourceGenerator.write(SmallLake.config(), to: lake.source)
        await #expect(throws: PipelineError.self) { try await lake.run(fault: .beforeCommit) }
        #expect(!lake.dataFiles().isEmpty)
        // The leftovers go before discovery, so a run that then stops still cleaned up.
        await #expect(throws: PipelineError.self) { try await lake.run(fault: .afterDiscovery) }
        #expect(lake.dataFiles().isEmpty)
        for layer in ["bronze", "silver", "gold", "quarantine"] {
            #expect(!FileManager.default.fileExists(atPath: lake.lake + "/" + layer), "\(layer) left as empty folders")
        }
    }

    @Test("a run dying while publishing: every reader sees the previous run, not half of the new one")
    func readersSeeWholeRuns() async throws {
        let lake = try await SmallLake.copy()
        let before = try lake.versions()
        try await SmallLake.deliverDay(lake)
        await #expect(throws: PipelineError.self) { try await lake.run(fault: .midPublish) }
        let after = try lake.versions()
        #expect(after != before, "some tables already have the new run's version")

        let view = try LakeSnapshot.load(lake: lake.lake)
        #expect(view.batch == 2 && view.publishingBatch == 3)
        #expect(Dictionary(uniqueKeysWithValues: view.versions.map { ($0.key.description, $0.value) }) == before)
        let status = try LakeStatus.load(lake: lake.lake)
        for table in status.tables {
            #expect(table.version == before[table.table.description], "\(table.table) is shown at a half-published version")
        }
        #expect(status.tables.contains { $0.state == .pending } && status.problems.isEmpty)

        _ = try await lake.run()
        let done = try LakeSnapshot.load(lake: lake.lake)
        #expect(done.batch == 3 && done.publishingBatch == nil)
        #expect(Dictionary(uniqueKeysWithValues: done.versions.map { ($0.key.description, $0.value) }) == (try lake.versions()))
    }

    @Test("vacuum: a dry run lists with sizes and deletes nothing; then removes what no retained version needs")
    func vacuum() async throws {
        let lake = try await SmallLake.copy()
        let gold = try lake.gold()
        let week = try LakeVacuum.run(lake: lake.lake, retention: .seconds(7 * 24 * 3600), dryRun: true)
        #expect(week.files.isEmpty, "every version is inside a week: \(week.files)")
        let files = lake.dataFiles()
        let dry = try LakeVacuum.run(lake: lake.lake, retention: .zero, dryRun: true)
        #expect(!dry.files.isEmpty && dry.files.allSatisfy { $0.kind == .expired })
        for file in dry.files {
            let size = try FileManager.default.attributesOfItem(atPath: lake.lake + "/" + file.path)[.size] as? Int
            #expect(Int64(size ?? -1) == file.bytes)
        }
        #expect(lake.dataFiles() == files)
        let done = try LakeVacuum.run(lake: lake.lake, retention: .zero, dryRun: false)
        #expect(done.files.map(\.path) == dry.files.map(\.path))
        #expect(Set(lake.dataFiles()) == Set(files).subtracting(dry.files.map(\.path)))
        #expect(try lake.gold() == gold)
        #expect(try LakeVacuum.run(lake: lake.lake, retention: .zero, dryRun: true).files.isEmpty)
    }

    @Test("vacuum never deletes the files of a commit that is written in a manifest but not yet published")
    func vacuumKeepsPending() async throws {
        let reference = try await SmallLake.copy()
        try await SmallLake.deliverDay(reference)
        _ = try await reference.run()

        let lake = try await SmallLake.copy()
        try await SmallLake.deliverDay(lake)
        await #expect(throws: PipelineError.self) { try await lake.run(fault: .midPublish) }
        _ = try LakeVacuum.run(lake: lake.lake, retention: .zero, dryRun: false)
        _ = try await lake.run()  // publishes the rest of batch 3
        #expect(try lake.gold() == reference.gold())
        #expect(try lake.unreferencedDataFiles().isEmpty)
    }

    @Test("vacuum refuses a damaged lake and says to repair it first")
    func vacuumRefusesDamage() async throws {
        let lake = try await SmallLake.copy()
        try Data().write(to: URL(fileURLWithPath: lake.commitPath(LakeCatalog.silverOrders, 0)))
        do {
            _ = try LakeVacuum.run(lake: lake.lake, retention: .zero, dryRun: true)
            Issue.record("vacuum ran on a damaged lake")
        } catch {
            #expect("\(error)".contains("silver/orders/_delta_log/00000000000000000000.json: the file is empty"), "\(error)")
            #expect("\(error)".contains("medallion repair --lake"))
        }
    }
}

/// A run on a device that fills up says so, leaves the lake as it was, and the
/// next run (with room again) goes through and leaves no leftovers.
@Suite("A run on a full disk", .serialized)
struct DiskFullRunTests {
    @Test("no space left on device: named with the file; after the disk grows, the rerun commits and cleans up")
    func diskFull() async throws {
        guard let mount = TinyMount(options: "size=1m") else {
            print("skipped: cannot mount a tmpfs here; the errno wording is covered in LakeTests")
            return
        }
        let staged = try TestLake()
        _ = try await SourceGenerator.write(SmallLake.config(), to: staged.source)
        let lake = mount.path + "/lake"
        let options = RunOptions(source: staged.source, lake: lake, workers: 2, memoryLimit: nil)
        do {
            _ = try await PipelineRun.run(options)
            Issue.record("a run on a 1 MiB device succeeded")
        } catch {
            #expect("\(error)".contains("no space left on device (ENOSPC)"), "\(error)")
            #expect("\(error)".contains(lake + "/"), "\(error)")
        }
        #expect(LakeJournal(lake: lake).batches().isEmpty)
        #expect(mount.remount("size=256m"))
        let run = try await PipelineRun.run(options)
        #expect(run.committed && run.batchId == 1)
        let copy = try TestLake()
        try FileManager.default.copyItem(atPath: lake, toPath: copy.lake)
        #expect(try copy.unreferencedDataFiles().isEmpty, "the failed run's files were removed")
    }

    @Test("publishing on a full disk says no space left on device, not that someone else wrote the version")
    func publishOnFullDisk() async throws {
        guard let mount = TinyMount(options: "size=64m") else {
            print("skipped: cannot mount a tmpfs here; the errno wording is covered in LakeTests")
            return
        }
        let original = try await SmallLake.copy()
        let lake = mount.path + "/lake"
        try FileManager.default.copyItem(atPath: original.lake, toPath: lake)
        try await SmallLake.deliverDay(original)
        await #expect(throws: PipelineError.self) {
            try await PipelineRun.run(RunOptions(source: original.source, lake: lake, workers: 2, memoryLimit: nil,
                                                 fault: FaultInjector(point: .midPublish, action: .throwError)))
        }
        // Fill the device, then let the journal finish publishing.
        _ = FileManager.default.createFile(atPath: mount.path + "/filler", contents: nil)
        if let handle = FileHandle(forWritingAtPath: mount.path + "/filler") {
            let block = Data(count: 1 << 20)
            while (try? handle.write(contentsOf: block)) != nil {}
            try? handle.close()
        }
        do {
            try LakeJournal(lake: lake).recover()
            Issue.record("publishing on a full device succeeded")
        } catch {
            #expect("\(error)".contains("no space left on device (ENOSPC)"), "\(error)")
            #expect(!"\(error)".contains("someone else"), "\(error)")
        }
        try FileManager.default.removeItem(atPath: mount.path + "/filler")
        #expect(try !LakeJournal(lake: lake).recover().isEmpty)
    }
}
