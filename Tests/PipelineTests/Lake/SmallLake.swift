import Foundation
import Generator
import Lake
@testable import Pipeline

/// A small generated lake with two committed runs (a 20-day backfill, then two more
/// days), built once per test process and copied for each test that damages it.
enum SmallLake {
    static func config() -> GeneratorConfig {
        var config = GeneratorConfig(orders: 2_000)
        config.days = 20
        config.seed = 11
        config.workers = 2
        return config
    }

    private static let template = Task<TestLake, any Error> {
        let lake = try TestLake()
        _ = try await SourceGenerator.write(config(), to: lake.source)
        _ = try await lake.run()
        _ = try await SourceGenerator.deliverMoreDays(2, after: config(), to: lake.source)
        _ = try await lake.run()
        return lake
    }

    /// A fresh copy of the two-run lake (source folder included).
    static func copy() async throws -> TestLake {
        let original = try await template.value
        let copy = try TestLake()
        try FileManager.default.removeItem(atPath: copy.source)
        try FileManager.default.copyItem(atPath: original.source, toPath: copy.source)
        try FileManager.default.copyItem(atPath: original.lake, toPath: copy.lake)
        return copy
    }

    /// Delivers the next day's orders file into `lake`'s source folder.
    static func deliverDay(_ lake: TestLake, days: Int = 1) async throws {
        _ = try await SourceGenerator.deliverMoreDays(days, after: config(), to: lake.source)
    }
}

extension TestLake {
    func commitPath(_ table: LakeTable, _ version: Int64) -> String {
        table.path(in: lake) + "/_delta_log/" + DeltaLogPaths.commitName(version)
    }

    /// The commit each run manifest holds for `table`, by version.
    func manifestCommits(_ table: LakeTable) throws -> [Int64: String] {
        var out: [Int64: String] = [:]
        for run in try LakeJournal(lake: lake).manifests() {
            for entry in run.commits where entry.table == table { out[entry.commit.version] = entry.commit.contents }
        }
        return out
    }

    /// Data files (relative to the lake) that no version of any table references.
    func unreferencedDataFiles() throws -> [String] {
        var out: [String] = []
        for table in LakeCatalog.all {
            let root = table.path(in: lake)
            guard let walker = FileManager.default.enumerator(atPath: root) else { continue }
            let delta = DeltaTable(path: root)
            let referenced = delta.exists ? try delta.pathsEverAdded() : []
            while let entry = walker.nextObject() as? String {
                if entry.hasPrefix("_") { walker.skipDescendants(); continue }
                if entry.hasSuffix(".parquet"), !referenced.contains(entry) { out.append(table.description + "/" + entry) }
            }
        }
        return out.sorted()
    }

    /// Every `.parquet` data file under the lake (not checkpoints).
    func dataFiles() -> [String] {
        let walker = FileManager.default.enumerator(atPath: lake)
        var out: [String] = []
        while let entry = walker?.nextObject() as? String {
            if entry.hasSuffix(".parquet"), !entry.contains("_delta_log") { out.append(entry) }
        }
        return out.sorted()
    }
}
