import Dashboard
import Foundation
import Hummingbird
import Logging
import SQL
import Workers

/// The lake over HTTP (`medallion serve`):
///
/// - `GET /` — the dashboard, rendered once per lake version;
/// - `POST /api/sql` — `{"sql": "…"}`, one read-only statement, answered as JSON;
/// - `POST /api/ask` — `{"question": "…", "context"?}`, a question in English (the Ask module);
/// - `GET /api/tables` — the tables, their columns and versions;
/// - `GET /health` — `{"status":"ok","lakeVersion":…}` (never needs the token).
///
/// Queries run on `workers` threads of their own (the event loops only move bytes),
/// under one memory budget, at most `maxConcurrentQueries` at once.
public final class LakeServer: Sendable {
    public let configuration: ServeConfiguration
    let view: LakeView
    let gate: QueryGate
    let threads: WorkerThreads
    let spill: SpillDirectory
    let budget: MemoryBudget
    let dashboard: DashboardCache?
    let logger: Logger

    public init(_ configuration: ServeConfiguration, dashboard: DashboardRenderer? = nil,
                logger: Logger = Logger(label: "medallion.serve")) throws {
        try configuration.validate()
        self.configuration = configuration
        let threads = WorkerThreads(count: configuration.workers)
        let spill = try SpillDirectory()
        let budget = MemoryBudget(limit: configuration.memoryLimit)
        let workers = configuration.workers
        self.threads = threads
        self.spill = spill
        self.budget = budget
        view = LakeView(lake: configuration.lake, refreshInterval: configuration.refreshInterval) { catalog in
            SQLEngine(lake: catalog.lake, catalog: catalog, workers: workers, budget: budget, spill: spill)
        }
        gate = QueryGate(running: configuration.limits.maxConcurrentQueries, queued: configuration.limits.maxQueuedQueries)
        self.dashboard = dashboard.map { DashboardCache(render: $0) }
        self.logger = logger
    }

    /// Serves until SIGTERM or SIGINT, then finishes the requests in flight and returns.
    /// `onRunning` gets the bound port (the one asked for, or the free one port 0 found).
    public func run(onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        defer { shutDown() }
        try await application(onRunning: onRunning).runService()
    }

    /// Lets the worker threads go and removes the spill folder (after the last request).
    public func shutDown() {
        threads.shutDown()
        spill.close()
    }

    /// The Hummingbird application (tests drive it with HummingbirdTesting).
    public func application(onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) -> some ApplicationProtocol {
        Application(
            router: router(),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "medallion"),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? 0) },
            logger: logger)
    }

    func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.add(middleware: RequestLogMiddleware())
        router.add(middleware: JSONErrorMiddleware())
        if let token = configuration.token { router.add(middleware: BearerTokenMiddleware(token: token)) }
        let query = GatedQuery(view: view, gate: gate, threads: threads, limits: configuration.limits)
        let sql = SQLService(query: query)
        let ask = AskService(query: query)
        let maxBody = configuration.limits.maxBodyBytes

        router.get("/health") { [view] _, _ -> Response in
            let version = try? await view.current().version
            return Self.json(#"{"status":"ok","lakeVersion":\#(version.map { String($0) } ?? "null")}"#)
        }
        router.get("/api/tables") { [self] _, _ -> Response in
            let state = try await lakeState()
            do {
                return Self.json(try TablesJSON.encode(state))
            } catch {
                throw APIError(.serviceUnavailable, "lake_unreadable", "cannot list the lake's tables: \(error)")
            }
        }
        router.post("/api/sql") { request, _ -> Response in
            let body = try await Self.jsonBody(request, upTo: maxBody, shape: #"{"sql": "…"}"#)
            return Self.json(try await sql.answer(body))
        }
        router.post("/api/ask") { request, _ -> Response in
            let body = try await Self.jsonBody(request, upTo: maxBody, shape: #"{"question": "…"}"#)
            return Self.json(try await ask.answer(body))
        }
        if let dashboard {
            router.get("/") { [self] _, _ -> Response in
                let state = try await lakeState()
                let html: String
                do {
                    html = try await gate.withSlot { [threads] in
                        try await WorkerThreads.$current.withValue(threads) {
                            try await withTaskExecutorPreference(threads) { try await dashboard.html(for: state) }
                        }
                    }
                } catch is QueryGate.Full {
                    throw APIError(.serviceUnavailable, "busy", "too many queries are running; try again shortly",
                                   headers: [.retryAfter: "1"])
                } catch {
                    throw APIError(.internalServerError, "dashboard_failed", "cannot build the dashboard: \(error)")
                }
                return Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8"],
                                 body: ResponseBody(byteBuffer: ByteBuffer(string: html)))
            }
        }
        return router
    }

    /// The dashboard page of `definition` (default: the SportsBar executive dashboard),
    /// its datasets read through the request's engine — the lake version the server serves —
    /// with the ask box (`POST /api/ask`) at the top.
    public static func dashboard(lake: String, definition: DashboardDefinition? = nil) -> DashboardRenderer {
        { state in
            try await DashboardPage.render(engine: state.engine, lake: lake, definition: definition ?? .sportsBarDefault, askBox: true)
        }
    }

    private func lakeState() async throws -> LakeState {
        do { return try await view.current() } catch {
            throw APIError(.serviceUnavailable, "lake_unreadable", "cannot read the lake \(configuration.lake): \(error)")
        }
    }

    /// A POST's body: JSON (else 415) of at most `maxBody` bytes (else 413).
    static func jsonBody(_ request: Request, upTo maxBody: Int, shape: String) async throws -> [UInt8] {
        guard isJSON(request.headers[.contentType]) else {
            throw APIError(.unsupportedMediaType, "unsupported_media_type", "send JSON: Content-Type: application/json, body \(shape)")
        }
        do { return Array(buffer: try await request.body.collect(upTo: maxBody)) } catch let error as HTTPError where error.status == .contentTooLarge {
            throw APIError(.contentTooLarge, "payload_too_large", "the request body is larger than \(maxBody) bytes")
        }
    }

    static func json(_ text: String) -> Response { json(ContiguousArray(text.utf8)) }

    static func json(_ bytes: ContiguousArray<UInt8>) -> Response {
        Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                 body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    static func isJSON(_ contentType: String?) -> Bool {
        guard let contentType else { return false }
        let media = contentType.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        return media == "application/json"
    }
}
