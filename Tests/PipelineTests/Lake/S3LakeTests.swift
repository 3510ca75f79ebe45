import Foundation
import Lake
import ObjectStorage
@testable import Pipeline
import S3
import Testing
import TestSupport

/// The pipeline with its source and lake on a local S3 server (moto, started by the test):
/// the same gold as a local run (read back by delta-rs with its S3 storage options too), the
/// CLI's `sql`/`status`/`show` on the S3 lake, a run refused while another holds the lease, and
/// a run killed mid-way that the next one completes.
@Suite("The pipeline on S3 (moto)", .serialized, .timeLimit(.minutes(20)))
struct S3LakeTests {
    /// A fresh bucket on the shared moto server, opened and mounted as `s3://<bucket>`.
    static func bucket(_ purpose: String) async throws -> (MotoServer, S3ObjectStore) {
        let server = try MotoServer.shared()
        let configuration = try S3Configuration.resolve(environment: server.environment) { _ in nil }
        let client = S3Client(configuration: configuration)
        let name = "\(purpose)-\(UUID().uuidString.prefix(8).lowercased())"
        try await client.createBucket(name)
        let store = try S3ObjectStore.open(bucket: name, prefix: "", environment: server.environment)
        ObjectStores.mount(store)
        return (server, store)
    }

    /// Uploads every file of a local source folder under `source/`.
    static func upload(_ folder: String, to store: S3ObjectStore) throws {
        let local = LocalObjectStore(root: folder)
        for file in try local.listAll(prefix: "").objects {
            try store.write(key: "source/" + file.key, bytes: try local.readAll(key: file.key))
        }
    }

    @Test("backfill + incremental on S3 give the local gold; delta-rs reads the S3 lake; sql, status, show, ask and dashboard on it")
    func backfillAndIncrementalOnS3() async throws {
        let (server, store) = try await Self.bucket("medallion-lake")
        defer { ObjectStores.unmount(store) }
        let source = store.description + "/source", lake = store.description + "/lake"
        let local = try TestLake()
        try local.deliver(RealData.isFullLoad, encoding: .gzipMembers)
        try Self.upload(local.source, to: store)
        let first = try await PipelineRun.run(RunOptions(source: source, lake: lake, workers: 2))
        #expect(first.committed && first.mode == .backfill && first.isConserved)
        #expect((first.objectStorage?.bytesWritten ?? 0) > 0)
        try local.deliver(RealData.isIncremental, encoding: .gzipMembers)
        try Self.upload(local.source, to: store)
        let second = try await PipelineRun.run(RunOptions(source: source, lake: lake, workers: 2))
        #expect(second.committed && second.mode == .incremental)

        _ = try await local.run()
        _ = try await local.run()
        for table in TestLake.goldTables {
            #expect(try RemoteLakeReadTests.sortedRows(lake: lake, table) == RemoteLakeReadTests.sortedRows(lake: local.lake, table),
                    "\(table)")
        }

        // delta-rs, through its own S3 client, reads what the local lake holds.
        if GoldPython.script.isAvailable {
            let theirs = try GoldPython.script.run(["read", lake, server.endpoint, server.accessKeyID, server.secretAccessKey])
            let mine = try GoldPython.script.run(["read", local.lake])
            #expect(theirs == mine)
        } else if ProcessInfo.processInfo.environment["CI"] != nil {
            Issue.record("no Python with deltalake in CI")
        }

        // The CLI on the S3 lake (credentials and endpoint from the environment, as the AWS CLI reads them).
        let binary = try #require(MedallionBinary.path, "the medallion executable is not built")
        let sql = "SELECT count(*) AS n, sum(sold_quantity) AS q FROM gold.fact_orders"
        let remoteSQL = try MedallionBinary.run(binary, ["sql", "--lake", lake, sql, "--format", "csv"], environment: server.environment)
        let localSQL = try MedallionBinary.run(binary, ["sql", "--lake", local.lake, sql, "--format", "csv"])
        #expect(remoteSQL.status == 0, "\(remoteSQL.stderr)")
        #expect(remoteSQL.stdout == localSQL.stdout && !remoteSQL.stdout.isEmpty)
        let status = try MedallionBinary.run(binary, ["status", "--lake", lake], environment: server.environment)
        #expect(status.status == 0, "\(status.stderr)")
        #expect(status.stdout.contains("runs (2 committed)"))
        let show = try MedallionBinary.run(binary, ["show", "gold.dim_customers", "--lake", lake, "--limit", "3"],
                                           environment: server.environment)
        #expect(show.status == 0 && show.stdout.contains("customer"), "\(show.stderr)")
        // The features over the S3 lake: a question, and the dashboard file.
        let question = ["ask", "--lake", lake, "revenue by channel in 2025", "--format", "json"]
        let remoteAnswer = try MedallionBinary.run(binary, question, environment: server.environment)
        let localAnswer = try MedallionBinary.run(binary, ["ask", "--lake", local.lake] + question.suffix(3))
        #expect(remoteAnswer.status == 0, "\(remoteAnswer.stderr)")
        #expect(remoteAnswer.stdout == localAnswer.stdout && remoteAnswer.stdout.contains("\"rows\""))
        let page = local.root + "/s3-dashboard.html"
        let dashboard = try MedallionBinary.run(binary, ["dashboard", "--lake", lake, "--out", page], environment: server.environment)
        #expect(dashboard.status == 0, "\(dashboard.stderr)")
        #expect((try? String(contentsOfFile: page, encoding: .utf8))?.contains("data-kpi=\"revenue\"") == true)
    }

    @Test("a run is refused while another holds the lease; a killed run is completed by the next")
    func concurrentAndKilledRuns() async throws {
        let (server, store) = try await Self.bucket("medallion-lease")
        defer { ObjectStores.unmount(store) }
        let source = store.description + "/source", lake = store.description + "/lake"
        let local = try TestLake()
        try local.deliver(RealData.isFullLoad)
        try Self.upload(local.source, to: store)
        let binary = try #require(MedallionBinary.path, "the medallion executable is not built")

        // Another run (this process) holds the lake: the CLI's run exits 75 naming it.
        let holder = try LakeLock(lake: lake)
        let refused = try MedallionBinary.run(binary, ["run", "--source", source, "--lake", lake, "--workers", "2"],
                                              environment: server.environment)
        holder.release()
        #expect(refused.status == 75)
        #expect(refused.stderr.contains("in use by another medallion run") && refused.stderr.contains("pid \(getpid())"),
                "\(refused.stderr)")

        // Killed after its silver files were uploaded (exit without cleanup, like kill -9): nothing is committed.
        let killed = try MedallionBinary.run(binary, ["run", "--source", source, "--lake", lake, "--workers", "2"],
                                             environment: server.environment.merging(["MEDALLION_FAULT": "after-silver",
                                                                                      "MEDALLION_LEASE_SECONDS": "2"]) { $1 })
        #expect(killed.status != 0)
        #expect(!LakeSnapshot.isLake(lake) || (try LakeJournal(lake: lake).batches()).isEmpty)
        // A writer killed mid-upload leaves a multipart upload with stored parts; one outside the lake is not the lake's.
        func abandonedUpload(_ key: String) async throws -> String {
            let writer = S3MultipartWriter(client: store.client, bucket: store.bucket, key: key,
                                           partSize: S3MultipartWriter.minimumPartSize)
            try await writer.write(Array(repeating: 7, count: S3MultipartWriter.minimumPartSize + 1))
            return try #require(await writer.currentUploadID)
        }
        _ = try await abandonedUpload("lake/silver/orders/part-killed.parquet")
        let outside = try await abandonedUpload("source/upload-in-progress.csv")
        // Its lease was never released; once it expires the next run takes over, aborts the
        // killed run's upload and commits.
        try await Task.sleep(for: .seconds(3))
        let next = try MedallionBinary.run(binary, ["run", "--source", source, "--lake", lake, "--workers", "2"],
                                           environment: server.environment.merging(["MEDALLION_LEASE_SECONDS": "2"]) { $1 })
        #expect(next.status == 0, "\(next.stderr)")
        #expect(next.stderr.contains("lease: aborted 1 unfinished upload of an earlier run"), "\(next.stderr)")
        #expect(try await store.client.listMultipartUploads(bucket: store.bucket, prefix: "lake/").isEmpty)
        #expect(try await store.client.listMultipartUploads(bucket: store.bucket).map(\.uploadID) == [outside])
        let status = try LakeStatus.load(lake: lake)
        #expect(status.runs.map(\.batchId) == [1])
        #expect(status.problems.isEmpty)
        let leftovers = try LakeLeftovers.find(lake: lake, lastRun: LakeJournal(lake: lake).manifests().last)
        #expect(leftovers.filter { $0.kind == .unreferenced }.isEmpty, "the killed run's files are removed")
    }

    @Test("a run whose expired lease was taken over notices (successor, If-Match) and leaves the successor's lease alone")
    func takenOverLeaseOnS3() async throws {
        let (_, store) = try await Self.bucket("medallion-takeover")
        defer { ObjectStores.unmount(store) }
        let lake = store.description + "/lake"
        let first = try LakeLock(lake: lake)
        let stalled = try #require(first.lease)
        #expect(stalled.renew())
        // It stalls past its expiry (its object says so), and another run takes over.
        var expired = try JSONDecoder().decode(LakeLease.Note.self, from: Data(try store.readAll(key: stalled.key)))
        expired.expires = Date().timeIntervalSince1970 - 1
        try store.write(key: stalled.key, bytes: ContiguousArray(try JSONEncoder().encode(expired)))
        let second = try LakeLock(lake: lake)
        let successor = try #require(second.lease)
        let successorBytes = try store.readAll(key: successor.key)
        do {
            try first.checkHeld()
            Issue.record("a run whose lease was taken over may still commit")
        } catch let PipelineError.leaseLost(_, reason) {
            #expect(reason.contains("took it over"), "\(reason)")
        }
        #expect(!stalled.renew())
        first.release()
        #expect(try store.readAll(key: successor.key) == successorBytes)
        let old = try JSONDecoder().decode(LakeLease.Note.self, from: Data(try store.readAll(key: stalled.key)))
        #expect(old.released && old.takenOverBy != nil)
        #expect(successor.renew())
        try second.checkHeld()
        second.release()
    }

    /// Every row of the Delta table at `path` (read through the mounted store), as text, sorted.
    static func deltaRows(_ path: String) throws -> [[String?]] {
        let snapshot = try DeltaTable(path: path).snapshot()
        var rows: [[String?]] = []
        for file in snapshot.files {
            for batch in try ParquetReader(path: path + "/" + file.path).read() {
                let columns = batch.schema.fields.map { texts(batch, $0.name) }
                rows += (0 ..< batch.rowCount).map { row in columns.map { $0[row] } }
            }
        }
        return rows.sorted { $0.map { $0 ?? "" }.lexicographicallyPrecedes($1.map { $0 ?? "" }) }
    }

    @Test("aggregate --output and convert --out write to s3://; aggregate --format csv to s3:// is refused clearly")
    func aggregateAndConvertWriteToS3() async throws {
        let (server, store) = try await Self.bucket("medallion-outputs")
        defer { ObjectStores.unmount(store) }
        let binary = try #require(MedallionBinary.path, "the medallion executable is not built")
        let local = try TestLake()
        let csv = local.root + "/in.csv"
        try Data("a,b\nx,1.50\ny,2\nx,3\n".utf8).write(to: URL(fileURLWithPath: csv))

        let table = store.description + "/agg"
        let aggregate = try MedallionBinary.run(binary, ["aggregate", csv, "--group-by", "a", "--sum", "b", "--output", table,
                                                         "--workers", "2"], environment: server.environment)
        #expect(aggregate.status == 0, "\(aggregate.stderr)")
        #expect(try Self.deltaRows(table) == [["x", "2", "4.50"], ["y", "1", "2.00"]])
        let firstVersion = try DeltaTable(path: table).snapshot().version
        // Written again from other rows: the second commit replaces the first's rows.
        let other = local.root + "/other.csv"
        try Data("a,b\nz,0.25\n".utf8).write(to: URL(fileURLWithPath: other))
        let again = try MedallionBinary.run(binary, ["aggregate", other, "--group-by", "a", "--sum", "b", "--output", table,
                                                     "--workers", "1"], environment: server.environment)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(try Self.deltaRows(table) == [["z", "1", "0.25"]])
        #expect(try DeltaTable(path: table).snapshot().version == firstVersion + 1)

        let refused = try MedallionBinary.run(binary, ["aggregate", csv, "--group-by", "a", "--output", store.description + "/agg-csv",
                                                       "--format", "csv"], environment: server.environment)
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("--format csv cannot write to s3://") && refused.stderr.contains("--format delta"),
                "\(refused.stderr)")
        #expect(try store.listAll(prefix: "agg-csv").objects.isEmpty)

        // convert: one file, and (when the scan gives more than one batch) a file per worker under a prefix.
        let single = store.description + "/converted/one.parquet"
        let one = try MedallionBinary.run(binary, ["convert", csv, "--schema", "a:text,b:decimal(9,2)", "--out", single,
                                                   "--workers", "1"], environment: server.environment)
        #expect(one.status == 0 && one.stdout.contains("rows=3"), "\(one.stderr)")
        let reread = try ParquetReader(path: single).read()
        #expect(reread.reduce(0) { $0 + $1.rowCount } == 3)
        let amounts: [String] = reread.flatMap { texts($0, "b") }.map { $0 ?? "NULL" }.sorted()
        #expect(amounts == ["1.50", "2.00", "3.00"])
        let lines = (0 ..< 4_000).map { "k\($0 % 7),\($0)" }.joined(separator: "\n")
        let big = local.root + "/big.csv"
        try Data(("a,b\n" + lines + "\n").utf8).write(to: URL(fileURLWithPath: big))
        let parts = try MedallionBinary.run(binary, ["convert", big, "--schema", "a:text,b:bigint", "--out",
                                                     store.description + "/converted/parts", "--workers", "2"],
                                            environment: server.environment)
        #expect(parts.status == 0, "\(parts.stderr)")
        let written = try store.listAll(prefix: "converted/parts").objects.map(\.key)
        #expect(!written.isEmpty, "nothing under converted/parts: \(parts.stdout)")
        let total = try written.reduce(0) { sum, key in
            try sum + ParquetReader(path: store.description + "/" + key).read().reduce(0) { $0 + $1.rowCount }
        }
        #expect(total == 4_000)
    }
}
