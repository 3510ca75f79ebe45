import ArgumentParser
import Dashboard
import Foundation
import ObjectStorage
import Pipeline
import Jobs
import Logging
import Server
import Workers

/// `medallion serve --lake DIR`: the dashboard and read-only SQL over HTTP (`Server`).
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the lake over HTTP: the dashboard, read-only SQL as JSON, the tables, health.",
        discussion: """
        GET / is the dashboard; POST /api/sql takes {"sql": "SELECT …"} (Content-Type: \
        application/json) and answers {"columns", "rows", "rowCount", "truncated", "elapsedMs", \
        "lakeVersion"}; GET /api/tables lists the tables; GET /health answers {"status":"ok"}. \
        A medallion lake is read as of its last completed run, and a run completed while serving \
        is picked up by the next request.
        Listens on 127.0.0.1 unless --host says otherwise; any other host needs --token (or \
        MEDALLION_SERVE_TOKEN, which keeps it out of `ps`), and then every route but /health \
        needs 'Authorization: Bearer TOKEN'.
        At most --max-concurrent-queries run at once and --max-queued-queries wait in order; \
        past that a request gets 503 with Retry-After. Errors are JSON: {"error": {"code", \
        "message", "position"}}. SIGTERM or SIGINT finishes the requests in flight and exits 0.
        """)

    @Option(help: "The lake folder.")
    var lake: String

    @Option(help: "Address to listen on (127.0.0.1, localhost or ::1 need no token).")
    var host: String = "127.0.0.1"

    @Option(help: "Port to listen on (0: any free port, printed at start).")
    var port: Int = 8080

    @Option(help: "Bearer token every request but /health must send (default: $MEDALLION_SERVE_TOKEN).")
    var token: String?

    @Option(name: .customLong("max-rows"), help: "Rows /api/sql returns at most (then \"truncated\": true).")
    var maxRows: Int = 10_000

    @Option(name: .customLong("query-timeout"), help: "Cancel a query running longer, e.g. 30s, 500ms (answered 504).")
    var queryTimeout: String = "30s"

    @Option(name: .customLong("memory-limit"), help: "Memory the running queries' hash tables and sorts share before they spill.")
    var memoryLimit: String = "2GiB"

    @Option(name: .customLong("max-concurrent-queries"), help: "Queries running at once (default: active cores).")
    var maxConcurrentQueries: Int = WorkerCount.active

    @Option(name: .customLong("max-queued-queries"), help: "Queries waiting for a slot before new ones get 503.")
    var maxQueuedQueries: Int = 256

    @Option(name: .customLong("max-body"), help: "Largest request body accepted (answered 413 past it).")
    var maxBody: String = "64KiB"

    @Option(help: "The dashboard definition (YAML) served at /, as for `medallion dashboard`; default: the SportsBar executive dashboard.")
    var definition: String?

    @Option(help: "Threads the queries share (default: active cores).")
    var workers: Int = WorkerCount.active

    mutating func validate() throws {
        try WorkerOption.check(workers)
        guard maxConcurrentQueries >= 1 else { throw ValidationError("--max-concurrent-queries must be at least 1") }
        guard maxQueuedQueries >= 0 else { throw ValidationError("--max-queued-queries must be 0 or more") }
        do {
            guard try DurationText.parse(queryTimeout, option: "--query-timeout") > .zero else {
                throw ValidationError("--query-timeout must be more than 0")
            }
            _ = try ByteSize.parse(memoryLimit)
            _ = try ByteSize.parse(maxBody)
        } catch let error as ValidationError {
            throw error
        } catch {
            throw ValidationError("\(error)")
        }
        do { try serveConfiguration().validate() } catch { throw ValidationError("\(error)") }
    }

    func serveConfiguration() throws -> ServeConfiguration {
        let environment = ProcessInfo.processInfo.environment["MEDALLION_SERVE_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
        return ServeConfiguration(
            lake: lake, host: host, port: port, token: token ?? environment,
            limits: ServeLimits(maxRows: maxRows, queryTimeout: try DurationText.parse(queryTimeout, option: "--query-timeout"),
                                maxBodyBytes: try ByteSize.parse(maxBody), maxConcurrentQueries: maxConcurrentQueries,
                                maxQueuedQueries: maxQueuedQueries),
            workers: workers, memoryLimit: try ByteSize.parse(memoryLimit))
    }

    mutating func run() async throws {
        lake = try LakeLocation.open(lake)
        guard (try? StoragePaths.isDirectory(lake)) == true else {
            writeStandardError("error: lake folder not found: \(lake)\n")
            throw ExitCode(1)
        }
        LoggingSystem.bootstrap(StreamLogHandler.standardError)
        let configuration = try serveConfiguration()
        let page = try definition.map { try DashboardDefinition.load(path: $0) } ?? DashboardDefinition.sportsBarDefault
        let server = try LakeServer(configuration, dashboard: LakeServer.dashboard(lake: lake, definition: page))
        let host = configuration.host.contains(":") && !configuration.host.hasPrefix("[") ? "[\(configuration.host)]" : configuration.host
        let guarded = configuration.token != nil
        try await server.run { port in
            let line = "medallion serve: http://\(host):\(port)/ (lake \(configuration.lake)"
                + (guarded ? "; every route but /health needs 'Authorization: Bearer <token>'" : "") + ")\n"
            FileHandle.standardOutput.write(Data(line.utf8))
        }
    }
}
