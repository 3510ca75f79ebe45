import Foundation
import Hummingbird
import HummingbirdTesting
import Server
import Synchronization
import Testing

/// `GET /`: the page comes from the renderer once per lake version, as HTML.
@Suite struct DashboardRouteTests {
    @Test func thePageIsRenderedOncePerVersion() async throws {
        let lake = try await ServerHarness.sampleLake()
        let renders = Mutex<[Int64?]>([])
        let renderer: DashboardRenderer = { state in
            renders.withLock { $0.append(state.version) }
            let result = try await state.engine.run("SELECT count(*) FROM gold.fact_orders")
            return "<!doctype html><p>orders: \(result.rows()[0][0] ?? "")</p>"
        }
        try await ServerHarness.with(ServerHarness.configuration(lake: lake), dashboard: renderer) { client in
            for _ in 0 ..< 3 {
                let page = try await client.executeRequest(uri: "/", method: .get, headers: [:], body: nil)
                #expect(page.status == .ok)
                #expect(page.headers[.contentType]?.hasPrefix("text/html") == true)
                #expect(page.text.hasPrefix("<!doctype html><p>orders: "), "\(page.text)")
            }
        }
        #expect(renders.withLock { $0 } == [1])
    }

    @Test func theSportsBarDashboardIsServedAtTheRoot() async throws {
        let lake = try await ServerHarness.sampleLake()
        try await ServerHarness.with(ServerHarness.configuration(lake: lake), dashboard: LakeServer.dashboard(lake: lake)) { client in
            let page = try await client.executeRequest(uri: "/", method: .get, headers: [:], body: nil)
            #expect(page.status == .ok, "\(page.text.prefix(500))")
            #expect(page.headers[.contentType] == "text/html; charset=utf-8")
            #expect(page.text.hasPrefix("<!doctype html>"))
            #expect(page.text.contains(#"id="medallion-data""#))
            #expect(page.text.contains(#"data-run="1""#))
            // The served page asks the server questions (the file `medallion dashboard` writes has no box:
            // DatasetTests.pageIsSelfContained).
            #expect(page.text.contains("<form data-ask>"))
            #expect(page.text.contains("fetch('api/ask'"))
        }
    }

    @Test func aFailingRendererIsA500InJSON() async throws {
        struct Broken: Error {}
        let lake = try await ServerHarness.sampleLake()
        try await ServerHarness.with(ServerHarness.configuration(lake: lake), dashboard: { _ in throw Broken() }) { client in
            let page = try await client.executeRequest(uri: "/", method: .get, headers: [:], body: nil)
            #expect(page.status == .internalServerError)
            #expect(page.errorCode == "dashboard_failed", "\(page.text)")
            #expect(page.errorMessage?.contains("Broken") == true)
        }
    }
}
