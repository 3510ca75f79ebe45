import Hummingbird

/// Turns every error a route or the router throws into a JSON error response
/// (`APIError`): Hummingbird's own errors (no such route, body too large) keep their
/// status, anything else is a 500 that says what failed. Nothing a client sends ends
/// the server or gets an empty body.
struct JSONErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            return error.response
        } catch let error as HTTPError {
            return Self.apiError(error, path: request.uri.path).response
        } catch let error as any HTTPResponseError {
            return APIError(error.status, Self.code(error.status), error.status.reasonPhrase).response
        } catch {
            context.logger.error("request failed: \(error)")
            return APIError(.internalServerError, "internal", "\(error)").response
        }
    }

    static func apiError(_ error: HTTPError, path: String) -> APIError {
        switch error.status {
        case .notFound: return .notFound(path)
        case .contentTooLarge: return APIError(.contentTooLarge, "payload_too_large", error.body ?? "the request body is too large")
        default: return APIError(error.status, code(error.status), error.body ?? error.status.reasonPhrase)
        }
    }

    static func code(_ status: HTTPResponse.Status) -> String {
        switch status {
        case .notFound: "not_found"
        case .methodNotAllowed: "method_not_allowed"
        case .contentTooLarge: "payload_too_large"
        case .unauthorized: "unauthorized"
        case .internalServerError: "internal"
        default: status.kind == .clientError ? "bad_request" : "server_error"
        }
    }
}
