import Foundation
import SQL
import SQLSyntax
import Workers

/// `POST /api/sql`: one read-only statement from `{"sql": "…"}`, run on the server's
/// worker threads under the concurrency gate and the timeout, answered as `ResultJSON`.
struct SQLService: Sendable {
    let view: LakeView
    let gate: QueryGate
    let threads: WorkerThreads
    let limits: ServeLimits

    struct Request: Decodable {
        var sql: String
    }

    /// The response body for `body` (the request's bytes), or the error to answer with.
    func answer(_ body: [UInt8]) async throws(APIError) -> ContiguousArray<UInt8> {
        let sql = try Self.decode(body)
        let parsed: Statement
        do { parsed = try SQLParser.parseStatement(sql) } catch {
            throw APIError(.badRequest, "sql_error", error.message, position: (error.location.line, error.location.column))
        }
        // Rows past the cap are never sent, so the engine need not make them either.
        let statement = Self.capped(parsed, rows: min(limits.maxRows, ServeLimits.rowCeiling) + 1)
        do {
            return try await gate.withSlot { [self] in try await run(statement, source: sql) }
        } catch let error as APIError {
            throw error
        } catch is QueryGate.Full {
            throw APIError(.serviceUnavailable, "busy",
                           "\(limits.maxConcurrentQueries) queries are running and \(limits.maxQueuedQueries) waiting; try again shortly",
                           headers: [.retryAfter: "1"])
        } catch is CancellationError {
            throw APIError(.serviceUnavailable, "cancelled", "the request was cancelled before its query ran")
        } catch {
            throw APIError(.internalServerError, "internal", "\(error)")
        }
    }

    /// Runs with the timeout: the query's task is cancelled when the time is up (its slot
    /// is held until the engine has stopped, so a timed-out query cannot outlive the bound).
    private func run(_ statement: Statement, source: String) async throws -> ContiguousArray<UInt8> {
        let state: LakeState
        do { state = try await view.current() } catch {
            throw APIError(.serviceUnavailable, "lake_unreadable", "cannot read the lake \(view.lake): \(error)")
        }
        let started = ContinuousClock.now
        let engine = state.engine, threads = threads, timeout = limits.queryTimeout
        let result: SQLResult? = try await withThrowingTaskGroup(of: SQLResult?.self) { group in
            group.addTask {
                try await WorkerThreads.$current.withValue(threads) {
                    try await withTaskExecutorPreference(threads) {
                        do { return try await engine.run(statement, source: source) } catch let error as SQLError { throw APIError(error) }
                    }
                }
            }
            group.addTask {
                try await Task.sleep(for: timeout)
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next() else { return nil }
            return first
        }
        guard let result else {
            throw APIError(.gatewayTimeout, "timeout",
                           "the query ran longer than \(ServeLimits.describe(timeout)) (--query-timeout) and was cancelled")
        }
        let elapsed = (ContinuousClock.now - started)
        let ms = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        return ResultJSON.encode(result, .init(maxRows: limits.maxRows, elapsedMs: ms, lakeVersion: state.version))
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

    private static func describe(_ error: any Error) -> String {
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
