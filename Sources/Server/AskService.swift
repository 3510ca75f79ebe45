import Ask
import Foundation
import SQL

/// `POST /api/ask`: `{"question": "…", "context": {…}?}` answered by the Ask module on the
/// lake version `/api/sql` reads, under the same gate, timeout and memory budget. The
/// answer is `AnswerJSON`'s object plus `context` (the query, for a follow-up question);
/// a question Ask cannot answer exactly is a 422 `not_understood` with its suggestions.
struct AskService: Sendable {
    let query: GatedQuery
    let askers = AskerCache()

    struct Request: Decodable {
        var question: String
        var context: Asker.Context?
    }

    /// The response body for `body` (the request's bytes), or the error to answer with.
    @inline(never)  // Swift 6.3.1 -O crashes splitting the route closure (CoroSplit, swifterror) when this is inlined into it
    func answer(_ body: [UInt8]) async throws(APIError) -> ContiguousArray<UInt8> {
        let request = try Self.decode(body)
        let askers = askers, maxRows = query.limits.maxRows
        return try await query.run { state in
            let asker: Asker
            do { asker = try await askers.asker(for: state) } catch {
                throw APIError(.internalServerError, "model_error", "\(error)")
            }
            let answer: Answer
            do {
                answer = try await asker.answer(request.question, context: request.context ?? Asker.Context())
            } catch let refusal as Refusal {
                throw Self.notUnderstood(refusal)
            } catch let invalid as Asker.InvalidContext {
                throw APIError(.badRequest, "bad_context", invalid.description)
            } catch let error as SQLError {
                throw APIError(.internalServerError, "sql_error", "the question's query failed: \(error.message)")
            }
            return try Self.encode(answer, maxRows: maxRows)
        }
    }

    /// The answer's JSON with `"context"` added before the closing brace.
    static func encode(_ answer: Answer, maxRows: Int) throws -> ContiguousArray<UInt8> {
        var out = ContiguousArray(AnswerJSON.answer(answer, maxRows: maxRows).utf8)
        guard out.last == UInt8(ascii: "}") else { throw APIError(.internalServerError, "internal", "an answer is not a JSON object") }
        out.removeLast()
        out.append(contentsOf: #","context":"#.utf8)
        out.append(contentsOf: try JSONEncoder().encode(Asker.Context(previous: answer.query)))
        out.append(UInt8(ascii: "}"))
        return out
    }

    static func notUnderstood(_ refusal: Refusal) -> APIError {
        let message = refusal.reason
            ?? (refusal.notUnderstood.isEmpty ? "the question cannot be answered exactly"
                : "not understood: " + refusal.notUnderstood.joined(separator: ", "))
        var error = APIError(.unprocessableContent, "not_understood", message)
        var members = #","understood":"# + JSONText.string(refusal.understood)
        members += #","notUnderstood":["# + refusal.notUnderstood.map(JSONText.string).joined(separator: ",") + "]"
        if let reason = refusal.reason { members += #","reason":"# + JSONText.string(reason) }
        members += #","suggestions":["# + refusal.suggestions.map(JSONText.string).joined(separator: ",") + "]"
        error.extraMembers = members
        return error
    }

    static func decode(_ body: [UInt8]) throws(APIError) -> Request {
        guard !body.isEmpty else { throw APIError(.badRequest, "bad_request", #"the body is empty; send {"question": "…"}"#) }
        let request: Request
        do { request = try JSONDecoder().decode(Request.self, from: Data(body)) } catch {
            throw APIError(.badRequest, "bad_request", #"the body is not {"question": "…", "context": {…}?}: "# + SQLService.describe(error))
        }
        guard request.question.contains(where: { !$0.isWhitespace }) else {
            throw APIError(.badRequest, "bad_request", "\"question\" is empty")
        }
        return request
    }
}

/// One `Asker` per lake version, so the value index is read once per version (and again
/// after a run published a new one). A plain folder of Delta tables has one state and
/// so one `Asker` for the server's life.
actor AskerCache {
    private var current: (version: Int64?, asker: Asker)?

    func asker(for state: LakeState) throws -> Asker {
        if let current, current.version == state.version { return current.asker }
        let asker = try Asker(engine: state.engine)
        current = (state.version, asker)
        return asker
    }
}
