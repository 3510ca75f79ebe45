import Ask
import Foundation
import Hummingbird
import HummingbirdTesting
import SQL
import Server
import Testing

/// `POST /api/ask` over the sample lake: answers equal their SQL run on the engine,
/// follow-ups through the returned context, refusals as 422 with suggestions, bad bodies.
@Suite struct AskEndpointTests {
    /// The rows of `sql` run on the lake, as the JSON text the endpoint writes them in.
    static func expectedRows(_ sql: String, lake: String) async throws -> (columns: [String], rows: String, count: Int) {
        let result = try await SQLEngine(lake: lake, catalog: LakeDirectoryCatalog(lake: lake), workers: 2).run(sql)
        let fields = result.schema.fields
        let rows = result.rows().map { row in
            "[" + zip(row, fields).map { value, field in
                guard let value else { return "null" }
                switch field.type {
                case .int32, .int64, .decimal, .double, .bool: return value
                default: return "\"\(value)\""
                }
            }.joined(separator: ",") + "]"
        }
        return (fields.map(\.name), "[" + rows.joined(separator: ",") + "]", rows.count)
    }

    @Test func aQuestionIsAnsweredWithTheRowsOfItsSQL() async throws {
        let lake = try await ServerHarness.sampleLake()
        try await ServerHarness.with(ServerHarness.configuration(lake: lake)) { client in
            let response = try await ServerHarness.ask(client, "revenue by channel in 2025")
            #expect(response.status == .ok, "\(response.text)")
            #expect(response.headers[.contentType]?.hasPrefix("application/json") == true)
            let object = response.object
            #expect(object["question"] as? String == "revenue by channel in 2025")
            let interpretation = try #require(object["interpretation"] as? String)
            #expect(interpretation.contains("2025"), "\(interpretation)")
            let sql = try #require(object["sql"] as? String)
            #expect(sql.contains("channel") && sql.contains("gold.fact_orders_enriched"), "\(sql)")
            let expected = try await Self.expectedRows(sql, lake: lake)
            #expect(expected.count > 1)
            #expect(object["columns"] as? [String] == expected.columns)
            #expect(expected.columns.first == "channel")
            #expect(response.text.contains(#""rows":"# + expected.rows), "\(response.text)")
            let context = try #require(object["context"] as? [String: Any])
            let previous = try #require(context["previous"] as? [String: Any])
            #expect(previous["measures"] as? [String] == ["revenue"])
            #expect(previous["groupBy"] as? [String] == ["channel"])
        }
    }

    @Test func aFollowUpChangesThePreviousQuestionThroughItsContext() async throws {
        let lake = try await ServerHarness.sampleLake()
        try await ServerHarness.with(ServerHarness.configuration(lake: lake)) { client in
            let first = try await ServerHarness.ask(client, "revenue by channel in 2025")
            #expect(first.status == .ok, "\(first.text)")
            let context = try #require(first.object["context"])
            let followUp = try await ServerHarness.ask(client, "and in 2024?", context: context)
            #expect(followUp.status == .ok, "\(followUp.text)")
            // The same as asking it all at once: the grouping kept, the year replaced.
            let whole = try await ServerHarness.ask(client, "revenue by channel in 2024")
            #expect(whole.status == .ok, "\(whole.text)")
            let sql = try #require(followUp.object["sql"] as? String)
            #expect(sql == whole.object["sql"] as? String)
            #expect(sql != first.object["sql"] as? String)
            #expect(sql.contains("2024") && !sql.contains("2025"), "\(sql)")
            let expected = try await Self.expectedRows(sql, lake: lake)
            #expect(expected.count > 1)
            #expect(followUp.text.contains(#""rows":"# + expected.rows), "\(followUp.text)")
            // Without the context the same words are not a question on their own.
            let alone = try await ServerHarness.ask(client, "and in 2024?")
            #expect(alone.object["sql"] as? String != sql, "\(alone.text)")
        }
    }

    @Test func aRefusalIs422WithWhatWasUnderstoodAndAnswerableSuggestions() async throws {
        let lake = try await ServerHarness.sampleLake()
        try await ServerHarness.with(ServerHarness.configuration(lake: lake)) { client in
            let response = try await ServerHarness.ask(client, "revenue by colour")
            #expect(response.status == .unprocessableContent, "\(response.text)")
            #expect(response.errorCode == "not_understood")
            let error = try #require(response.object["error"] as? [String: Any])
            #expect((error["message"] as? String)?.isEmpty == false)
            #expect((error["understood"] as? String)?.contains("revenue") == true, "\(error)")
            #expect((error["notUnderstood"] as? [String])?.contains("colour") == true, "\(error)")
            let suggestions = try #require(error["suggestions"] as? [String])
            #expect(!suggestions.isEmpty && suggestions.count <= 3, "\(suggestions)")
            // A suggestion is a question the endpoint answers.
            let answer = try await ServerHarness.ask(client, suggestions[0])
            #expect(answer.status == .ok, "\(suggestions[0]): \(answer.text)")
        }
    }

    @Test func badBodiesAreRefusedLikeTheSQLEndpoint() async throws {
        let lake = try await ServerHarness.sampleLake()
        let limits = ServeLimits(maxBodyBytes: 1024, maxConcurrentQueries: 2)
        try await ServerHarness.with(ServerHarness.configuration(lake: lake, limits: limits)) { client in
            let question = Array(#"{"question":"revenue by channel"}"#.utf8)
            let plain = try await ServerHarness.post(client, "/api/ask", body: question, contentType: "text/plain")
            #expect(plain.status == .unsupportedMediaType && plain.errorCode == "unsupported_media_type", "\(plain.text)")
            let long = try await ServerHarness.ask(client, "revenue" + String(repeating: " ", count: 2000))
            #expect(long.status == .contentTooLarge && long.errorCode == "payload_too_large", "\(long.text)")
            for body in ["", "{", #"{"sql":"SELECT 1"}"#, #"{"question":42}"#, #"{"question":"   "}"#, "[]"] {
                let response = try await ServerHarness.post(client, "/api/ask", body: Array(body.utf8))
                #expect(response.status == .badRequest && response.errorCode == "bad_request", "\(body): \(response.text)")
            }
        }
    }

    @Test func aContextThatDoesNotFitTheModelIsA400() async throws {
        let lake = try await ServerHarness.sampleLake()
        try await ServerHarness.with(ServerHarness.configuration(lake: lake)) { client in
            let cases: [(context: Any, says: String)] = [
                (["previous": ["measures": ["revenue) FROM x; --"], "groupBy": [String](), "filters": [Any](), "share": false]], "no measure"),
                (["previous": ["measures": [String](), "groupBy": [String](), "filters": [Any](), "share": false]], "no measure"),
                (["previous": ["measures": ["revenue"], "groupBy": ["colour"], "filters": [Any](), "share": false]], "no dimension"),
                (["previous": ["measures": ["revenue"], "groupBy": [String](), "filters": [Any](), "share": false, "limit": -1]], "limit"),
            ]
            for (context, says) in cases {
                let response = try await ServerHarness.ask(client, "and in 2024?", context: context)
                #expect(response.status == .badRequest && response.errorCode == "bad_context", "\(response.text)")
                #expect(response.errorMessage?.contains(says) == true, "\(response.text)")
            }
            let badMonth: [String: Any] = ["previous": ["measures": ["revenue"], "groupBy": [String](), "filters": [Any](), "share": false,
                                                        "time": ["label": "x", "range": ["first": "2025-13", "last": "2025-12"]]]]
            let response = try await ServerHarness.ask(client, "and in 2024?", context: badMonth)
            #expect(response.status == .badRequest && response.errorCode == "bad_request", "\(response.text)")
            #expect(response.errorMessage?.contains("yyyy-MM") == true, "\(response.text)")
        }
    }
}
