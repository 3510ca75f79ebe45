import Foundation
import Hummingbird

/// With a token set, every route but `/health` needs `Authorization: Bearer <token>`;
/// anything else is answered 401 in JSON. The comparison takes the same time wherever
/// the given token first differs, so timing does not reveal a prefix.
struct BearerTokenMiddleware<Context: RequestContext>: RouterMiddleware {
    let token: [UInt8]

    init(token: String) { self.token = Array(token.utf8) }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.uri.path == "/health" || authorized(request.headers[.authorization]) else {
            throw APIError.unauthorized()
        }
        return try await next(request, context)
    }

    func authorized(_ header: String?) -> Bool {
        guard let header else { return false }
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return false }
        let given = Array(parts[1].trimmingCharacters(in: .whitespaces).utf8)
        return Self.constantTimeEqual(given, token)
    }

    /// Equal bytes, in time that depends only on `expected`'s length.
    static func constantTimeEqual(_ given: [UInt8], _ expected: [UInt8]) -> Bool {
        var difference: UInt8 = given.count == expected.count ? 0 : 1
        for index in expected.indices {
            difference |= (index < given.count ? given[index] : 0) ^ expected[index]
        }
        return difference == 0
    }
}
