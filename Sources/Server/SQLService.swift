import Foundation
import SQL
import SQLSyntax
import Workers

/// `POST /api/sql`: one read-only statement from `{"sql": "…"}`, run on the server's
/// worker threads under the concurrency gate and the timeout, answered as `ResultJSON`.
struct SQLService: Sendable {
    let query: GatedQuery
    var limits: ServeLimits { query.limits }

    struct Request: Decodable {
        var sql: String
    }

    /// The response body for `body` (the request's bytes), or the error to answer with.
    @inline(never)  // Swift 6.3.1 -O crashes splitting the route closure (CoroSplit, swifterror) when this is inlined into it
    func answer(_ body: [UInt8]) async throws(APIError) -> ContiguousArray<UInt8> {
        let sql = try Self.decode(body)
        let parsed: Statement
        do { parsed = try SQLParser.parseStatement(sql) } catch {
            throw APIError(.badRequest, "sql_error", error.message, position: (error.location.line, error.location.column))
        }
        // Rows past the cap are never sent, so the engine need not make them either.
        let statement = Self.capped(parsed, rows: min(limits.maxRows, ServeLimits.rowCeiling) + 1)
        let maxRows = limits.maxRows
        return try await query.run { state in
            let started = ContinuousClock.now
            let result: SQLResult
            do { result = try await state.engine.run(statement, source: sql) } catch let error as SQLError { throw APIError(error) }
            let elapsed = ContinuousClock.now - started
            let ms = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
            return ResultJSON.encode(result, .init(maxRows: maxRows, elapsedMs: ms, lakeVersion: state.version))
        }
    }

    static func decode(_ body: [UInt8]) throws(APIError) -> String {
        guard !body.isEmpty else { throw APIError(.badRequest, "bad_request", #"the body is empty; send {"sql": "SELECT …"}"#) }
        let request: Request
        do { request = try JSONDecoder().decode(Request.self, from: Data(body)) } catch {
            throw APIError(.badRequest, "bad_request", #"the body is not {"sql": "…"}: "# + Self.describe(error))
        }
        guard request.sql.contains(where: { !$0.isWhitespace }) else {
            throw APIError(.badRequest, "bad_request", "\"sql\" is empty")
        }
        return request.sql
    }

    /// A query's outer LIMIT lowered to `rows` when it has none or a larger literal one.
    static func capped(_ statement: Statement, rows: Int) -> Statement {
        guard case var .query(query) = statement.kind else { return statement }
        if let limit = query.limit {
            guard case let .literal(.number(number)) = limit.kind, let value = Int(number.text), value > rows else {
                return statement
            }
        }
        query.limit = Expression(.literal(.number(NumericLiteral(String(rows), .integer))))
        var capped = statement
        capped.kind = .query(query)
        return capped
    }

    static func describe(_ error: any Error) -> String {
        switch error {
        case let DecodingError.keyNotFound(key, _): "no \"\(key.stringValue)\" field"
        case let DecodingError.typeMismatch(_, context): "\(context.debugDescription) at \(path(context.codingPath))"
        case let DecodingError.valueNotFound(_, context): "\(context.debugDescription) at \(path(context.codingPath))"
        case let DecodingError.dataCorrupted(context): "not valid JSON (\(context.underlyingError.map { "\($0)" } ?? context.debugDescription))"
        default: "\(error)"
        }
    }

    private static func path(_ keys: [any CodingKey]) -> String {
        keys.isEmpty ? "the top level" : "\"" + keys.map(\.stringValue).joined(separator: ".") + "\""
    }
}
