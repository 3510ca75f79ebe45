import Hummingbird
import SQL

/// An error the API answers with, as `{"error":{"code","message","position"?}}`:
/// `position` (`{"line","column"}`, 1-based) points into the SQL text when the error is
/// about a place in it. Every failure a request can cause becomes one of these — never a
/// crash and never Hummingbird's empty default body.
struct APIError: Error, HTTPResponseError, Sendable {
    var status: HTTPResponse.Status
    var code: String
    var message: String
    var position: (line: Int, column: Int)?
    var headers: HTTPFields = [:]
    /// More members of the error object, as JSON text starting with a comma (a refused
    /// question's `understood`, `notUnderstood`, `suggestions`).
    var extraMembers = ""

    init(_ status: HTTPResponse.Status, _ code: String, _ message: String,
         position: (line: Int, column: Int)? = nil, headers: HTTPFields = [:]) {
        self.status = status
        self.code = code
        self.message = message
        self.position = position
        self.headers = headers
    }

    /// A statement the parser, binder or engine refused or failed on.
    init(_ error: SQLError) {
        var position: (line: Int, column: Int)?
        if let location = error.location, location.line > 0 { position = (location.line, location.column) }
        self.init(.badRequest, "sql_error", error.message, position: position)
    }

    var body: ContiguousArray<UInt8> {
        var out = ContiguousArray<UInt8>()
        out.append(contentsOf: #"{"error":{"code":"#.utf8)
        JSONText.appendString(code, to: &out)
        out.append(contentsOf: #","message":"#.utf8)
        JSONText.appendString(message, to: &out)
        if let position {
            out.append(contentsOf: #","position":{"line":\#(position.line),"column":\#(position.column)}"#.utf8)
        }
        out.append(contentsOf: extraMembers.utf8)
        out.append(contentsOf: "}}".utf8)
        return out
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        response
    }

    var response: Response {
        var fields = headers
        fields[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }
}

extension APIError {
    static func notFound(_ path: String) -> APIError {
        APIError(.notFound, "not_found", "no such route: \(path) (try GET /, GET /health, GET /api/tables, POST /api/sql, POST /api/ask)")
    }

    static func unauthorized() -> APIError {
        APIError(.unauthorized, "unauthorized", "this server needs 'Authorization: Bearer <token>' (the --token it was started with)",
                 headers: [.wwwAuthenticate: "Bearer"])
    }
}
