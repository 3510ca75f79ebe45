import Foundation
import Columns
import Testing
import TestSupport
@testable import Lake

/// Runs Tests/LakeTests/Delta/delta_interop.py with a Python that has `deltalake`
/// (delta-rs) and `pyarrow` (see `PythonScript` for where it is looked for). Tests are
/// skipped, with that reason printed, when there is none.
enum DeltaPython {
    static let script: PythonScript = {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("delta_interop.py").path
        let script = PythonScript(path: path) { $0.contains("deltalake") }
        if !script.isAvailable {
            print("Delta interop tests skipped: no Python with deltalake and pyarrow "
                  + "(set MEDALLION_PYTHON, or run scripts/python-env.sh)")
        }
        return script
    }()

    static var isAvailable: Bool { script.isAvailable }

    /// Starts a subcommand without waiting; stderr goes to `log`.
    static func start(_ arguments: [String], log: String) throws -> Process {
        try script.start(arguments, log: log)
    }

    /// Runs a subcommand and parses its JSON output.
    static func call(_ arguments: String...) throws -> DeltaJSON {
        try DeltaJSON.parse(script.run(arguments))
    }
}

@Suite("Delta interop with delta-rs and pyarrow", .serialized)
struct DeltaPythonInteropTests {
    static let schema = Schema([
        Field("id", .int64), Field("amount", .decimal(precision: 18, scale: 2)), Field("day", .date),
        Field("score", .double), Field("ok", .bool), Field("region", .text),
    ])

    typealias Row = (id: Int64, amount: String?, day: String, score: Double, ok: Bool)

    /// Writes one Parquet data file (without the partition column, as Delta
    /// stores partition values only in the log) and describes it.
    static func dataFile(_ root: String, region: String?, rows: [Row]) throws -> DeltaDataFile {
        let dir = "region=" + (region ?? "__HIVE_DEFAULT_PARTITION__")
        let relative = "\(dir)/part-\(UUID().uuidString.lowercased()).parquet"
        try FileManager.default.createDirectory(atPath: root + "/" + dir, withIntermediateDirectories: true)
        func column(_ name: String, _ type: String, _ values: [DeltaJSON]) -> DeltaJSON {
            .object(["name": .string(name), "type": .string(type), "values": .array(values)])
        }
        let spec = DeltaJSON.object(["files": .array([.object([
            "path": .string(root + "/" + relative),
            "columns": .array([
                column("id", "int64", rows.map { .number(String($0.id)) }),
                column("amount", "decimal(18,2)", rows.map { $0.amount.map(DeltaJSON.string) ?? .null }),
                column("day", "date", rows.map { .string($0.day) }),
                column("score", "double", rows.map { .number($0.score.description) }),
                column("ok", "bool", rows.map { .bool($0.ok) }),
            ]),
        ])])])
        let specPath = root + "/.spec-\(UUID().uuidString).json"
        try spec.serialized().write(toFile: specPath, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: specPath) }
        _ = try DeltaPython.call("write-parquet", specPath)
        let size = try FileManager.default.attributesOfItem(atPath: root + "/" + relative)[.size] as? Int ?? 0
        // Bounds as a Parquet writer would report them, typed per column.
        var minValues: [String: DeltaValue] = [:], maxValues: [String: DeltaValue] = [:]
        func bound(_ column: String, _ values: [DeltaValue], _ less: (DeltaValue, DeltaValue) -> Bool) {
            guard let lo = values.min(by: less), let hi = values.max(by: less) else { return }
            minValues[column] = lo
            maxValues[column] = hi
        }
        bound("id", rows.map { .int64($0.id) }) { if case let (.int64(a), .int64(b)) = ($0, $1) { a < b } else { false } }
        bound("amount", rows.compactMap { $0.amount.flatMap { DeltaDecimals.parse($0, scale: 2) }.map { .decimal($0, scale: 2) } }) {
            if case let (.decimal(a, _), .decimal(b, _)) = ($0, $1) { a < b } else { false }
        }
        bound("day", rows.compactMap { DeltaDates.parse($0.day).map(DeltaValue.date) }) {
            if case let (.date(a), .date(b)) = ($0, $1) { a < b } else { false }
        }
        bound("score", rows.map { .double($0.score) }) { if case let (.double(a), .double(b)) = ($0, $1) { a < b } else { false } }
        return DeltaDataFile(
            path: relative, partitionValues: ["region": region.map(DeltaValue.text)], size: Int64(size),
            stats: DeltaFileStats(numRecords: Int64(rows.count), minValues: minValues, maxValues: maxValues,
                                  nullCount: ["id": 0, "amount": Int64(rows.filter { $0.amount == nil }.count), "day": 0])
        )
    }

    /// The rows delta-rs returns, as (id, amount, day, region) text tuples sorted by id.
    static func rows(_ json: DeltaJSON) -> [String] {
        guard case let .array(rows)? = json["rows"] else { return [] }
        return rows.map { row in
            ["id", "amount", "day", "score", "ok", "region"].map { row[$0]?.plainText ?? "missing" }.joined(separator: "|")
        }.sorted()
    }

    static func expected(_ rows: [Row], region: String?) -> [String] {
        rows.map { r in
            [String(r.id), r.amount ?? "null", r.day, r.score.description, r.ok ? "true" : "false", region ?? "null"]
                .joined(separator: "|")
        }
    }

    @Test("delta-rs reads our log: rows with partition values, version, history, time travel",
          .enabled(if: DeltaPython.isAvailable, "needs Python with deltalake + pyarrow"))
    func deltaRsReadsOurTable() throws {
        let dir = TempDirectory("interop")
        defer { dir.cleanup() }
        let root = dir.path
        let table = try DeltaTable.create(at: root, schema: Self.schema, partitionColumns: ["region"],
                                          options: DeltaTableOptions(checkpointInterval: 0))
        let euRows: [Row] = [(1, "12.34", "2024-01-01", 0.5, true), (2, nil, "2024-01-02", -1.25, false)]
        let neRows: [Row] = [(3, "-0.01", "1999-12-31", 3.0, true)]
        let nullRows: [Row] = [(4, "99999999.99", "2024-02-29", 1e-3, false)]
        let euNew: [Row] = [(5, "7.00", "2024-03-01", 2.5, true)]
        try table.append([try Self.dataFile(root, region: "eu", rows: euRows),
                          try Self.dataFile(root, region: "north east", rows: neRows)])
        try table.append([try Self.dataFile(root, region: nil, rows: nullRows)])
        let euNewFile = try Self.dataFile(root, region: "eu", rows: euNew)
        try table.replacePartitions([["region": .text("eu")]], with: [euNewFile])

        let latest = try DeltaPython.call("read-delta", root)
        // delta-rs parses our stats with the column types (data skipping input).
        if case let .array(adds)? = latest["adds"], let add = adds.first(where: { $0["path"]?.stringValue == euNewFile.path }) {
            #expect(add["num_records"] == .number("1"))
            #expect(add["min.amount"] == .string("7.00"))
            #expect(add["max.day"] == .string("2024-03-01"))
            #expect(add["min.id"] == .number("5"))
            #expect(add["partition.region"] == .string("eu"))
            #expect(add["null_count.amount"] == .number("0"))
        } else {
            Issue.record("delta-rs lists no add for \(euNewFile.path): \(latest["adds"] ?? .null)")
        }
        #expect(latest["version"] == .number("3"))
        let want = (Self.expected(euNew, region: "eu") + Self.expected(neRows, region: "north east")
            + Self.expected(nullRows, region: nil)).sorted()
        #expect(Self.rows(latest) == want)
        guard case let .array(history)? = latest["history"] else {
            Issue.record("no history")
            return
        }
        #expect(history.map { $0["operation"]?.stringValue ?? "" } == ["WRITE", "WRITE", "WRITE", "CREATE TABLE"])
        #expect(history.first?["metrics"]?["numRemovedFiles"] == .string("1"))
        #expect(latest["partitionColumns"] == .array([.string("region")]))

        let v1 = try DeltaPython.call("read-delta", root, "1")
        #expect(Self.rows(v1) == (Self.expected(euRows, region: "eu") + Self.expected(neRows, region: "north east")).sorted())
    }

    @Test("delta-rs and pyarrow read a table through our Parquet checkpoint",
          .enabled(if: DeltaPython.isAvailable, "needs Python with deltalake + pyarrow"))
    func deltaRsReadsCheckpoint() throws {
        let dir = TempDirectory("interop-cp")
        defer { dir.cleanup() }
        let root = dir.path
        let table = try DeltaTable.create(at: root, schema: Self.schema, partitionColumns: ["region"],
                                          configuration: ["delta.logRetentionDuration": "interval 30 days"],
                                          options: DeltaTableOptions(checkpointInterval: 4))
        var live: [String] = []
        for i in 1...4 {
            let rows: [Row] = [(Int64(i), "\(i).25", "2024-01-0\(i)", Double(i), i % 2 == 0)]
            let region = i == 2 ? nil : (i % 2 == 0 ? "even" : "odd")
            if i == 3 {
                try table.replacePartitions([["region": .text("odd")]], with: [try Self.dataFile(root, region: region, rows: rows)])
                live.removeAll { $0.hasSuffix("|odd") }
            } else {
                try table.append([try Self.dataFile(root, region: region, rows: rows)])
            }
            live += Self.expected(rows, region: region)
        }
        #expect(DeltaFixtures.exists(root, "_delta_log/00000000000000000004.checkpoint.parquet"))
        // Only the checkpoint can now describe versions 0…4.
        for v in 0...4 { try FileManager.default.removeItem(atPath: root + "/_delta_log/" + DeltaLogPaths.commitName(Int64(v))) }
        try table.append([try Self.dataFile(root, region: "odd", rows: [(9, nil, "2024-05-05", 9.5, true)])])
        live += Self.expected([(9, nil, "2024-05-05", 9.5, true)], region: "odd")

        let read = try DeltaPython.call("read-delta", root)
        #expect(read["version"] == .number("5"))
        #expect(Self.rows(read) == live.sorted())
        #expect(try table.snapshot().files.count == 4)

        let checkpoint = try DeltaPython.call("read-checkpoint", root + "/_delta_log/00000000000000000004.checkpoint.parquet")
        guard case let .array(rows)? = checkpoint["rows"] else {
            Issue.record("no checkpoint rows")
            return
        }
        let kinds = rows.compactMap { $0["kind"]?.stringValue }
        #expect(kinds.filter { $0 == "add" }.count == 3)
        #expect(kinds.filter { $0 == "remove" }.count == 1)
        #expect(kinds.contains("metaData") && kinds.contains("protocol"))
        #expect(checkpoint["columns"] == .array(["txn", "add", "remove", "metaData", "protocol"].map(DeltaJSON.string)))
    }

    @Test("writer processes (delta-rs) and in-process writers race: every commit lands once",
          .enabled(if: DeltaPython.isAvailable, "needs Python with deltalake + pyarrow"))
    func racingProcesses() async throws {
        let dir = TempDirectory("interop-race")
        defer { dir.cleanup() }
        let root = dir.path
        try DeltaTable.create(at: root, schema: Self.schema, partitionColumns: ["region"])
        let processes = 3, inProcess = 3, appendsEach = 6
        var children: [(Process, String)] = []
        for p in 0..<processes {
            let log = root + "/.python-\(p).log"
            children.append((try DeltaPython.start(["append-rows", root, "p\(p + 1)", String(appendsEach)], log: log), log))
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for w in 0..<inProcess {
                group.addTask {
                    let table = DeltaTable(path: root)
                    for i in 0..<appendsEach {
                        let id = Int64(100 * (w + 1) + i)
                        try table.append([try Self.dataFile(root, region: "s\(w)", rows: [(id, "1.00", "2024-01-01", 0, true)])])
                    }
                }
            }
            try await group.waitForAll()
        }
        for (process, log) in children {
            process.waitUntilExit()
            let stderr = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            #expect(process.terminationStatus == 0, "python writer failed: \(stderr)")
        }
        let total = (processes + inProcess) * appendsEach
        let table = DeltaTable(path: root)
        #expect(try table.latestVersion() == Int64(total))
        for version in 1...Int64(total) {
            let adds = try table.log.readCommit(version).filter { if case .add = $0 { true } else { false } }
            #expect(adds.count == 1, "version \(version)")
        }
        // Both engines won versions; how often the winner alternated shows how
        // much the writers actually overlapped.
        let engines = try table.history().reversed().dropFirst().map { $0.engineInfo ?? "?" }
        let switches = zip(engines, engines.dropFirst()).filter { $0 != $1 }.count
        #expect(Set(engines.map { $0.hasPrefix("medallion") }) == [true, false])
        print("racingProcesses: commit winner alternated \(switches) times between engines")
        let snapshot = try table.snapshot()
        #expect(snapshot.files.count == total)
        #expect(snapshot.numRecords == Int64(total))
        let read = try DeltaPython.call("read-delta", root)
        #expect(Self.rows(read).count == total)
    }

    @Test("we read a table delta-rs wrote (numeric metrics, its stats and partition values)",
          .enabled(if: DeltaPython.isAvailable, "needs Python with deltalake + pyarrow"))
    func weReadDeltaRsTable() throws {
        let dir = TempDirectory("interop-rs")
        defer { dir.cleanup() }
        let root = dir.path + "/t"
        _ = try DeltaPython.call("write-delta", root)
        // delta-rs checkpointed version 1 in a layout our reader does not
        // decode (compressed pages); the snapshot falls back to the JSON commits.
        #expect(DeltaFixtures.exists(root, "_delta_log/00000000000000000001.checkpoint.parquet"))
        let table = DeltaTable(path: root)
        let snapshot = try table.snapshot()
        #expect(snapshot.version == 1)
        #expect(snapshot.schema == Schema([Field("id", .int64), Field("amount", .decimal(precision: 18, scale: 2)), Field("region", .text)]))
        #expect(snapshot.numRecords == 4)
        let files = try snapshot.dataFiles()
        #expect(Set(files.compactMap { $0.partitionValues["region"] ?? nil }) == [.text("eu"), .text("us"), .text("asia")])
        let eu = try #require(files.first { $0.partitionValues["region"] == .text("eu") })
        #expect(eu.stats.minValues["amount"] == .decimal(-225, scale: 2))
        #expect(eu.stats.maxValues["id"] == .int64(3))
        let history = try table.history()
        #expect(history.map(\.version) == [1, 0])
        #expect(history.map(\.rowsAdded) == [1, 3])
        // And our commit on top of theirs is readable by them again.
        try table.append([try Self.dataFile(root, region: "eu", rows: [])])
        let read = try DeltaPython.call("read-delta", root)
        #expect(read["version"] == .number("2"))
    }
}
