import Foundation
import Hummingbird
import HummingbirdTesting
@testable import Server
import Testing

/// Bad requests get a 4xx with a JSON error body — never a crash or an empty answer.
@Suite struct ErrorResponseTests {
    @Test func syntaxErrorsSayWhere() async throws {
        let lake = try await ServerHarness.sampleLake()
        try await ServerHarness.with(ServerHarness.configuration(lake: lake)) { client in
            let response = try await ServerHarness.sql(client, "SELECT channel,\n  FROM gold.fact_orders_enriched")
            #expect(response.status == .badRequest)
            #expect(response.headers[.contentType]?.hasPrefix("application/json") == true)
            #expect(response.errorCode == "sql_error")
            let position = try #require((response.object["error"] as? [String: Any])?["position"] as? [String: Int])
            #expect(position == ["line": 2, "column": 3], "\(response.text)")
        }
    }

    @Test func unknownNamesSayWhereAndSuggest() async throws {
        let lake = try await ServerHarness.sampleLake()
        try await ServerHarness.with(ServerHarness.configuration(lake: lake)) { client in
            let response = try await ServerHarness.sql(client, "SELECT channel, totl_amount_inr FROM gold.fact_orders_enriched")
            #expect(response.status == .badRequest)
            #expect(response.errorMessage == "unknown column 'totl_amount_inr' in gold.fact_orders_enriched; did you mean 'total_amount_inr'?")
            let position = (response.object["error"] as? [String: Any])?["position"] as? [String: Int]
            #expect(position == ["line": 1, "column": 17])
        }
    }

    @Test func writesAndSeveralStatementsAreRefused() async throws {
        let lake = try await ServerHarness.sampleLake()
        try await ServerHarness.with(ServerHarness.configuration(lake: lake)) { client in
            for statement in ["DROP TABLE gold.fact_orders", "INSERT INTO gold.fact_orders SELECT * FROM gold.fact_orders",
                              "DELETE FROM silver.orders", "SELECT 1; SELECT 2"] {
                let response = try await ServerHarness.sql(client, statement)
                #expect(response.status == .badRequest, "\(statement): \(response.text)")
                #expect(response.errorCode == "sql_error", "\(statement): \(response.text)")
            }
            // The lake is as it was.
            let count = try await ServerHarness.sql(client, "SELECT count(*) FROM silver.orders")
            #expect(count.text.contains(#""rows":[[48645]]"#), "\(count.text)")
        }
    }

    @Test func malformedBodiesAreBadRequests() async throws {
        let lake = try await ServerHarness.sampleLake()
        try await ServerHarness.with(ServerHarness.configuration(lake: lake)) { client in
            let json: HTTPFields = [.contentType: "application/json"]
            let cases: [(String, String)] = [
                ("", "empty"), ("{not json", "not valid JSON"), (#"{"query": "SELECT 1"}"#, #"no "sql" field"#),
                (#"{"sql": 42}"#, "sql"), (#"{"sql": "   "}"#, "empty"), ("[1, 2]", "not"),
                ("\u{FF}\u{FE}", "not"),
            ]
            for (body, fragment) in cases {
                let response = try await client.executeRequest(uri: "/api/sql", method: .post, headers: json,
                                                               body: ByteBuffer(string: body))
                #expect(response.status == .badRequest, "\(body): \(response.text)")
                #expect(response.errorCode == "bad_request", "\(body): \(response.text)")
                #expect(response.errorMessage?.contains(fragment) == true, "\(body): \(response.text)")
            }
            let plain = try await client.executeRequest(uri: "/api/sql", method: .post, headers: [.contentType: "text/plain"],
                                                        body: ByteBuffer(string: #"{"sql": "SELECT 1"}"#))
            #expect(plain.status == .unsupportedMediaType)
            #expect(plain.errorCode == "unsupported_media_type")
        }
    }

    @Test func bodiesPastTheLimitAre413() async throws {
        let lake = try await ServerHarness.sampleLake()
        let limits = ServeLimits(maxBodyBytes: 1024, maxConcurrentQueries: 2)
        try await ServerHarness.with(ServerHarness.configuration(lake: lake, limits: limits)) { client in
            let long = "SELECT 1 AS x" + String(repeating: " ", count: 2000)
            let response = try await ServerHarness.sql(client, long)
            #expect(response.status == .contentTooLarge, "\(response.text)")
            #expect(response.errorCode == "payload_too_large")
            let fits = try await ServerHarness.sql(client, "SELECT 1 AS x")
            #expect(fits.status == .ok)
        }
    }

    @Test func unknownRoutesAndMethodsAnswerJSON() async throws {
        let lake = try await ServerHarness.sampleLake()
        try await ServerHarness.with(ServerHarness.configuration(lake: lake)) { client in
            let missing = try await client.executeRequest(uri: "/api/nope", method: .get, headers: [:], body: nil)
            #expect(missing.status == .notFound)
            #expect(missing.errorCode == "not_found")
            let wrongMethod = try await client.executeRequest(uri: "/api/sql", method: .get, headers: [:], body: nil)
            #expect(wrongMethod.status.kind == .clientError)
            #expect(wrongMethod.errorCode != nil, "\(wrongMethod.text)")
        }
    }

    @Test func aQueryPastTheTimeoutIsCancelledAndTheServerGoesOn() async throws {
        let lake = try await ServerHarness.sampleLake()
        let limits = ServeLimits(queryTimeout: .milliseconds(1), maxConcurrentQueries: 1, maxQueuedQueries: 0)
        try await Exclusive.cores.run { try await ServerHarness.with(ServerHarness.configuration(lake: lake, limits: limits)) { client in
            // A self-join of every order with every order of the same customer: seconds of work.
            let slow = """
                SELECT count(*) FROM silver.orders a JOIN silver.orders b ON a.customer_id = b.customer_id
                WHERE a.order_qty + b.order_qty > 0
                """
            let started = ContinuousClock.now
            let response = try await ServerHarness.sql(client, slow)
            #expect(response.status == .gatewayTimeout, "\(response.text)")
            #expect(response.errorCode == "timeout")
            #expect(response.errorMessage?.contains("--query-timeout") == true)
            #expect(ContinuousClock.now - started < .seconds(20))
            // The slot came back: with one slot and no queue, a next query runs (its own
            // 1 ms may pass too — either answer proves the gate was not left held).
            let next = try await ServerHarness.sql(client, "SELECT 1")
            #expect(next.status == .ok || next.errorCode == "timeout", "\(next.text)")
            #expect(next.errorCode != "busy")
        } }
    }

    @Test func pastTheSlotsAndTheQueueARequestGets503WithRetryAfter() async throws {
        let lake = try await ServerHarness.sampleLake()
        let limits = ServeLimits(queryTimeout: .seconds(2), maxConcurrentQueries: 1, maxQueuedQueries: 0)
        let server = try LakeServer(ServerHarness.configuration(lake: lake, limits: limits))
        defer { server.shutDown() }
        try await server.application().test(.router) { client in
            let slow = Task {
                try await ServerHarness.sql(client, """
                    SELECT count(*) FROM silver.orders a JOIN silver.orders b ON a.customer_id = b.customer_id
                    WHERE a.order_qty + b.order_qty > 0
                    """)
            }
            while await server.gate.runningCount < 1 { try await Task.sleep(for: .milliseconds(5)) }
            let refused = try await ServerHarness.sql(client, "SELECT 1")
            #expect(refused.status == .serviceUnavailable, "\(refused.text)")
            #expect(refused.errorCode == "busy")
            #expect(refused.headers[.retryAfter] == "1")
            let first = try await slow.value
            #expect(first.status == .gatewayTimeout, "\(first.text)")
            // Its slot is free again.
            let after = try await ServerHarness.sql(client, "SELECT 1 AS one")
            #expect(after.status == .ok, "\(after.text)")
        }
    }
}
