import Foundation
import Lake
import Testing
@testable import Pipeline

/// A damaged `_delta_log` is named (file, what is wrong) by `status`, restored from the
/// run manifests by `repair` and by the next run, and what cannot be restored comes
/// with the options.
@Suite("Lake repair from the run manifests", .serialized)
struct LakeRepairTests {
    static let fact = LakeCatalog.factOrders
    static let silverOrders = LakeCatalog.silverOrders
    static let bronzeOrders = LakeCatalog.bronze(.orders)
    static let dimDate = LakeCatalog.dimDate
    static let dimProducts = LakeCatalog.dimProducts

    /// Cuts a file to its first `bytes` bytes.
    static func truncate(_ path: String, to bytes: Int) throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        try data.prefix(bytes).write(to: URL(fileURLWithPath: path))
    }

    @Test("status names every damaged file; repair restores each from the manifests, byte for byte")
    func statusAndRepair() async throws {
        let lake = try await SmallLake.copy()
        let gold = try lake.gold()
        let versions = try lake.versions()
        let factLast = try #require(versions[Self.fact.description])
        // Truncated mid-line, deleted, a digit changed (still valid JSON), a partial
        // trailing entry no manifest knows, a garbage _last_checkpoint.
        try Self.truncate(lake.commitPath(Self.fact, factLast), to: 700)
        try FileManager.default.removeItem(atPath: lake.commitPath(Self.silverOrders, 0))
        let bronzeLast = try #require(versions[Self.bronzeOrders.description])
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: lake.commitPath(Self.bronzeOrders, bronzeLast))))
        let size = try #require(String(decoding: bytes, as: UTF8.self).range(of: "\"size\":"))
        let digit = String(decoding: bytes, as: UTF8.self).utf8.distance(from: String(decoding: bytes, as: UTF8.self).utf8.startIndex,
                                                                           to: size.upperBound)
        bytes[digit] = bytes[digit] == UInt8(ascii: "9") ? UInt8(ascii: "8") : bytes[digit] + 1
        try Data(bytes).write(to: URL(fileURLWithPath: lake.commitPath(Self.bronzeOrders, bronzeLast)))
        let dimDateNext = try #require(versions[Self.dimDate.description]) + 1
        try "{\"add\":{\"path\":\"x".write(toFile: lake.commitPath(Self.dimDate, dimDateNext), atomically: true, encoding: .utf8)
        try "garbage".write(toFile: Self.dimProducts.path(in: lake.lake) + "/_delta_log/_last_checkpoint",
                            atomically: true, encoding: .utf8)

        let status = try LakeStatus.load(lake: lake.lake)
        let byFile = Dictionary(uniqueKeysWithValues: status.problems.map { ($0.file, $0) })
        let factFile = "gold/fact_orders/_delta_log/" + DeltaLogPaths.commitName(factLast)
        #expect(byFile[factFile]?.reason.contains("truncated JSON: the file ends inside line") == true, "\(status.problems)")
        #expect(byFile["silver/orders/_delta_log/" + DeltaLogPaths.commitName(0)]?.reason.contains("missing version 0") == true)
        #expect(byFile["bronze/orders/_delta_log/" + DeltaLogPaths.commitName(bronzeLast)]?.reason
            .contains("differs from the copy in run manifest") == true)
        #expect(byFile["gold/dim_date/_delta_log/" + DeltaLogPaths.commitName(dimDateNext)]?.fix == .moveAside)
        #expect(byFile["gold/dim_products/_delta_log/_last_checkpoint"]?.fix == .rewritePointer)
        #expect(status.problems.count == 5 && status.problems.allSatisfy(\.isRepairable))
        for table in [Self.fact, Self.silverOrders, Self.bronzeOrders, Self.dimDate, Self.dimProducts] {
            let state = status.tables.first { $0.table == table }?.state
            guard case .damaged? = state else {
                Issue.record("\(table) shows \(String(describing: state)), not damaged")
                continue
            }
        }
        #expect(status.unpublished.isEmpty, "damage is not a pending publish")

        let done = try LakeRepair.apply(LakeRepair.plan(lake: lake.lake))
        #expect(done.count == 5, "\(done)")
        #expect(try LakeRepair.plan(lake: lake.lake).isHealthy)
        for table in [Self.fact, Self.silverOrders, Self.bronzeOrders] {
            for (version, contents) in try lake.manifestCommits(table) {
                #expect(try String(contentsOfFile: lake.commitPath(table, version), encoding: .utf8) == contents)
            }
        }
        #expect(!FileManager.default.fileExists(atPath: lake.commitPath(Self.dimDate, dimDateNext)))
        #expect(try lake.gold() == gold)
        #expect(try lake.versions() == versions)
        // The damaged files are kept for a person to look at.
        let kept = FileManager.default.enumerator(atPath: lake.lake + "/" + LakeLayout.repairDirectory)?.allObjects as? [String] ?? []
        #expect(kept.filter { $0.hasSuffix(".json") }.count == 3, "\(kept)")
        // And the lake goes on.
        try await SmallLake.deliverDay(lake)
        let next = try await lake.run()
        #expect(next.committed && next.batchId == 3)
    }

    @Test("a truncated commit of the last run no longer leaves the lake stuck: the next run repairs it and goes on")
    func runRepairs() async throws {
        let reference = try await SmallLake.copy()
        try await SmallLake.deliverDay(reference)
        _ = try await reference.run()

        let lake = try await SmallLake.copy()
        let factLast = try #require(try lake.versions()[Self.fact.description])
        try Self.truncate(lake.commitPath(Self.fact, factLast), to: 300)
        try await SmallLake.deliverDay(lake)
        let lines = LinesCollector()
        let run = try await PipelineRun.run(RunOptions(source: lake.source, lake: lake.lake, workers: 2, memoryLimit: nil,
                                                       progress: { lines.append($0) }))
        #expect(run.committed && run.batchId == 3)
        #expect(lines.all.contains { $0.hasPrefix("repair: rewrote gold/fact_orders/_delta_log/") }, "\(lines.all)")
        #expect(try lake.gold() == reference.gold())
    }

    @Test("a damaged run manifest stops the run, naming the file, what is wrong and the options")
    func damagedManifest() async throws {
        let lake = try await SmallLake.copy()
        let manifest = LakeLayout.manifestPath(lake.lake, batch: 1)
        try Self.truncate(manifest, to: 500)
        try await SmallLake.deliverDay(lake)
        do {
            _ = try await lake.run()
            Issue.record("a run on a lake with a damaged manifest went ahead")
        } catch {
            let text = "\(error)"
            #expect(text.contains("_medallion/runs/0000000001.json"), "\(text)")
            #expect(text.contains("truncated JSON"), "\(text)")
            #expect(text.contains("--full-refresh"), "\(text)")
        }
        let status = try LakeStatus.load(lake: lake.lake)
        #expect(status.problems.count == 1 && !status.problems[0].isRepairable)
    }

    @Test("another writer's commit where the last run's belongs: left alone unless --discard-foreign, then the run is published")
    func foreignConflict() async throws {
        let lake = try await SmallLake.copy()
        try await SmallLake.deliverDay(lake)
        await #expect(throws: PipelineError.injectedFault(point: FaultPoint.midPublish.rawValue)) {
            try await lake.run(fault: .midPublish)
        }
        let pending = try #require(try LakeStatus.load(lake: lake.lake).unpublished.last)
        let manifest = try LakeJournal(lake: lake.lake).manifest(3)
        let entry = try #require(manifest.commits.first { $0.table == pending })
        let foreign = "{\"commitInfo\":{\"operation\":\"OPTIMIZE\",\"timestamp\":1}}\n"
        try foreign.write(toFile: lake.commitPath(pending, entry.commit.version), atomically: true, encoding: .utf8)

        let plan = try LakeRepair.plan(lake: lake.lake)
        let problem = try #require(plan.problems.first)
        #expect(plan.problems.count == 1 && !problem.isRepairable)
        #expect(problem.remedy.contains("--discard-foreign"), "\(problem.remedy)")
        await #expect(throws: PipelineError.self) { try await lake.run() }

        let discard = try LakeRepair.plan(lake: lake.lake, discardForeign: true)
        #expect(discard.canRepairAll)
        try LakeRepair.apply(discard)
        #expect(try String(contentsOfFile: lake.commitPath(pending, entry.commit.version), encoding: .utf8) == entry.commit.contents)
        #expect(try LakeStatus.load(lake: lake.lake).unpublished.isEmpty)
        #expect(try !(await lake.run()).committed, "batch 3 is complete; nothing is new")
    }
}

/// Progress lines of a run, collected from its tasks.
final class LinesCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    func append(_ line: String) { lock.withLock { lines.append(line) } }
    var all: [String] { lock.withLock { lines } }
}

@Suite("Lake repair of checkpoints")
struct LakeCheckpointRepairTests {
    @Test("a damaged checkpoint is moved aside and written again; _last_checkpoint points at it again")
    func checkpoint() async throws {
        let lake = try await SmallLake.copy()
        let table = LakeCatalog.silverOrders
        let delta = DeltaTable(path: table.path(in: lake.lake))
        let version = try delta.latestVersion()
        try delta.checkpoint()
        let checkpoint = delta.logFilePath(DeltaLogPaths.checkpointName(version))
        let good = try Data(contentsOf: URL(fileURLWithPath: checkpoint))
        try good.prefix(good.count / 2).write(to: URL(fileURLWithPath: checkpoint))

        let plan = try LakeRepair.plan(lake: lake.lake)
        let files = Set(plan.problems.map(\.file))
        let relative = "silver/orders/_delta_log/"
        #expect(files == [relative + DeltaLogPaths.checkpointName(version), relative + DeltaLogPaths.lastCheckpoint],
                "\(plan.problems)")
        #expect(plan.canRepairAll)
        try LakeRepair.apply(plan)
        let report = try delta.inspectLog()
        #expect(report.isHealthy && report.lastCheckpoint == .valid(version: version))
        #expect(try LakeRepair.plan(lake: lake.lake).isHealthy)
    }
}
