import Foundation
import Hummingbird
import HummingbirdTesting
import Pipeline
import Server
import Testing
import TestSupport

/// A long-running server sees a run completed while it serves: a backfill of the sample
/// data's full-load folders, then the incremental files arrive and the pipeline runs again
/// into the same lake — over a live socket on an ephemeral 127.0.0.1 port.
@Suite struct LakeRefreshTests {
    @Test func aNewRunIsServedWithoutARestart() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("medallion-serve-refresh-" + UUID().uuidString).path
        defer { try? FileManager.default.removeItem(atPath: root) }
        let source = root + "/source", lake = root + "/lake"
        try Self.copy(from: TestPaths.sportsBarData, to: source) { !$0.contains("/incremental_load/") }
        _ = try await PipelineRun.run(RunOptions(source: source, lake: lake, workers: 2))

        let configuration = ServerHarness.configuration(lake: lake, refresh: .milliseconds(100))
        try await ServerHarness.with(configuration, dashboard: LakeServer.dashboard(lake: lake), .live) { client in
            let count = "SELECT count(*) AS n, max(order_date) AS last FROM silver.orders"
            let before = try await ServerHarness.sql(client, count)
            #expect(before.status == .ok, "\(before.text)")
            #expect(before.object["lakeVersion"] as? Int == 1)
            let rowsBefore = try #require((before.object["rows"] as? [[Any]])?.first?.first as? Int)
            let pageBefore = try await client.executeRequest(uri: "/", method: .get, headers: [:], body: nil)
            #expect(pageBefore.status == .ok, "\(pageBefore.text.prefix(500))")
            #expect(pageBefore.text.contains(#"data-run="1""#))

            try Self.copy(from: TestPaths.sportsBarData, to: source) { $0.contains("/incremental_load/") }
            _ = try await PipelineRun.run(RunOptions(source: source, lake: lake, workers: 2))
            try await Task.sleep(for: .milliseconds(150))

            let health = try await client.executeRequest(uri: "/health", method: .get, headers: [:], body: nil)
            #expect(health.text == #"{"status":"ok","lakeVersion":2}"#)
            let after = try await ServerHarness.sql(client, count)
            #expect(after.object["lakeVersion"] as? Int == 2)
            let rowsAfter = try #require((after.object["rows"] as? [[Any]])?.first?.first as? Int)
            #expect(rowsAfter > rowsBefore, "before \(rowsBefore), after \(rowsAfter)")
            // All of the sample's orders, as the one-run sample lake has them.
            #expect(rowsAfter == 48645)
            // The dashboard is built again for the new run.
            let pageAfter = try await client.executeRequest(uri: "/", method: .get, headers: [:], body: nil)
            #expect(pageAfter.status == .ok)
            #expect(pageAfter.text.contains(#"data-run="2""#), "\(pageAfter.text.prefix(2000))")
        }
    }

    /// Copies the files under `from` whose path (relative, with a leading `/`) passes `keep`.
    static func copy(from: String, to: String, keep: (String) -> Bool) throws {
        let files = FileManager.default.enumerator(atPath: from)?.compactMap { $0 as? String } ?? []
        for relative in files where keep("/" + relative) {
            let path = from + "/" + relative
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else { continue }
            let target = to + "/" + relative
            try FileManager.default.createDirectory(atPath: (target as NSString).deletingLastPathComponent,
                                                    withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: path, toPath: target)
        }
    }
}
