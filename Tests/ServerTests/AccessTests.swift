import Foundation
import Hummingbird
import HummingbirdTesting
import Server
import Testing

/// Who may ask: loopback by default; any other host only with a bearer token.
@Suite struct AccessTests {
    static let token = "0123456789abcdef-serve-test"

    @Test func anotherHostWithoutATokenIsRefused() throws {
        for host in ["0.0.0.0", "::", "192.168.1.10", "example.org"] {
            let configuration = ServeConfiguration(lake: "/tmp", host: host)
            #expect(throws: ServeConfigurationError.self) { try configuration.validate() }
            do { try configuration.validate() } catch {
                #expect(error.description.contains("--token"), "\(error)")
                #expect(error.description.contains(host))
            }
        }
        for host in ["127.0.0.1", "localhost", "::1", "LOCALHOST"] {
            #expect(throws: Never.self) { try ServeConfiguration(lake: "/tmp", host: host).validate() }
        }
        #expect(throws: Never.self) { try ServeConfiguration(lake: "/tmp", host: "0.0.0.0", token: Self.token).validate() }
    }

    @Test func rowCapsOutsideTheRangeAreRefused() {
        for rows in [0, -1, Int.max] {
            let configuration = ServeConfiguration(lake: "/tmp", limits: ServeLimits(maxRows: rows))
            #expect(throws: ServeConfigurationError.self, "\(rows)") { try configuration.validate() }
        }
    }

    @Test func shortOrSpacedTokensAreRefused() {
        #expect(throws: ServeConfigurationError.self) { try ServeConfiguration(lake: "/tmp", host: "0.0.0.0", token: "short").validate() }
        #expect(throws: ServeConfigurationError.self) {
            try ServeConfiguration(lake: "/tmp", token: "0123456789 abcdef0123").validate()
        }
    }

    @Test func withATokenEveryRouteButHealthNeedsIt() async throws {
        let lake = try await ServerHarness.sampleLake()
        try await ServerHarness.with(ServerHarness.configuration(lake: lake, token: Self.token)) { client in
            for (uri, method) in [("/api/tables", HTTPRequest.Method.get), ("/api/sql", .post), ("/api/nope", .get)] {
                let bare = try await client.executeRequest(uri: uri, method: method, headers: [.contentType: "application/json"],
                                                           body: ByteBuffer(string: #"{"sql":"SELECT 1"}"#))
                #expect(bare.status == .unauthorized, "\(uri)")
                #expect(bare.errorCode == "unauthorized")
                #expect(bare.headers[.wwwAuthenticate] == "Bearer")
            }
            for wrong in ["Bearer " + Self.token.dropLast() + "x", "Bearer " + Self.token + "x", "Basic " + Self.token, Self.token, "Bearer"] {
                let response = try await client.executeRequest(uri: "/api/tables", method: .get, headers: [.authorization: wrong], body: nil)
                #expect(response.status == .unauthorized, "\(wrong)")
            }
            let good = try await client.executeRequest(uri: "/api/tables", method: .get,
                                                       headers: [.authorization: "Bearer " + Self.token], body: nil)
            #expect(good.status == .ok)
            let sql = try await ServerHarness.sql(client, "SELECT 41 + 1 AS x", token: Self.token)
            #expect(sql.text.contains(#""rows":[[42]]"#), "\(sql.text)")
            let health = try await client.executeRequest(uri: "/health", method: .get, headers: [:], body: nil)
            #expect(health.status == .ok)
        }
    }
}
