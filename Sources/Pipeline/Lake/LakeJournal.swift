import Foundation
import Lake

/// The lake's run history (`_medallion/runs/*.json`) and its commit protocol.
///
/// Committing a run: every table's next Delta commit is prepared (data files already
/// written, invisible until the log names them), the manifest holding all of them
/// is created exclusively — the commit point — and then each commit is published.
/// A run killed before the manifest leaves every table as it was (its data files
/// are removed by the next run or `vacuum`); one killed after it is rolled forward by
/// `recover()`. Readers pin the last complete run through `LakeSnapshot`.
public struct LakeJournal: Sendable {
    public let lake: String

    public init(lake: String) { self.lake = lake }

    /// Batch ids of the committed runs, ascending.
    public func batches() -> [Int64] {
        LakeFiles.list(LakeLayout.runsDirectory(lake)).compactMap(LakeLayout.batch(ofManifest:)).sorted()
    }

    public var lastBatch: Int64 { batches().last ?? 0 }

    public func manifest(_ batch: Int64) throws -> RunManifest {
        let path = LakeLayout.manifestPath(lake, batch: batch)
        let data = try LakeFiles.read(path)
        do {
            return try JSONDecoder().decode(RunManifest.self, from: data)
        } catch {
            throw PipelineError.corruptManifest(path: path, reason: JSONDamage.inDocument(Array(data)) ?? JSONDamage.describe(error))
        }
    }

    /// Every manifest, oldest first.
    public func manifests() throws -> [RunManifest] { try batches().map(manifest) }

    /// Files ingested since the last full refresh, by path (the latest record of a path wins).
    public func ingestedFiles() throws -> [String: IngestedFile] {
        var files: [String: IngestedFile] = [:]
        for batch in batches().reversed() {
            let run = try manifest(batch)
            for file in run.files where files[file.path] == nil { files[file.path] = file }
            if run.mode == .fullRefresh { break }
        }
        return files
    }

    /// Completes the last run if it died while publishing. Returns the tables it published.
    @discardableResult
    public func recover() throws -> [LakeTable] {
        guard let last = batches().last else { return [] }
        return try publish(try manifest(last), fault: nil)
    }

    /// Makes `run` the lake's next run: writes its manifest (the commit point), then
    /// publishes every table commit. Fails without changing anything if another run
    /// took the batch id.
    func commit(_ run: RunManifest, fault: FaultInjector?) throws {
        let data: Data
        do {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            data = try encoder.encode(run)
        } catch {
            throw PipelineError.io(path: LakeLayout.manifestPath(lake, batch: run.batchId), reason: "cannot encode: \(error)")
        }
        let path = LakeLayout.manifestPath(lake, batch: run.batchId)
        guard try LakeFiles.createExclusive(Array(data), at: path) else {
            throw PipelineError.publishConflict(table: path, version: run.batchId,
                                                reason: "another run already committed batch \(run.batchId)")
        }
        try publish(run, fault: fault)
    }

    @discardableResult
    private func publish(_ run: RunManifest, fault: FaultInjector?) throws -> [LakeTable] {
        var published: [LakeTable] = []
        for (index, entry) in run.commits.enumerated() {
            if index == run.commits.count / 2 { try fault?.check(.midPublish) }
            let table = DeltaTable(path: entry.table.path(in: lake))
            switch Result(catching: { () throws(DeltaError) -> Bool in try table.publish(entry.commit) }) {
            case let .success(wrote): if wrote { published.append(entry.table) }
            case let .failure(.concurrentModification(_, _, _, reason)):
                throw PipelineError.publishConflict(table: entry.table.description, version: entry.commit.version,
                                                    reason: reason)
            case let .failure(error):
                // Disk full, permission, a damaged log: the Delta error names file and cause.
                throw error
            }
        }
        return published
    }
}
