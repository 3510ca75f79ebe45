import Hummingbird
import Logging

/// One log line per request, once it is answered: method, path, status, milliseconds.
struct RequestLogMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let started = ContinuousClock.now
        let status: HTTPResponse.Status
        do {
            let response = try await next(request, context)
            status = response.status
            log(request, context, status.code, started)
            return response
        } catch let error as any HTTPResponseError {
            log(request, context, error.status.code, started)
            throw error
        } catch {
            log(request, context, 500, started)
            throw error
        }
    }

    private func log(_ request: Request, _ context: Context, _ status: Int, _ started: ContinuousClock.Instant) {
        let elapsed = ContinuousClock.now - started
        let ms = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        context.logger.info("\(request.method) \(request.uri.path) \(status) \(JSONText.milliseconds(ms)) ms")
    }
}
