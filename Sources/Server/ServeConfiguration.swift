import Workers

/// How `medallion serve` runs: where the lake is, where to listen, who may ask, and the
/// limits on what they may ask.
public struct ServeConfiguration: Sendable {
    public var lake: String
    public var host: String
    /// 0 picks a free port (the bound one is passed to `onRunning`).
    public var port: Int
    /// Required (`Authorization: Bearer …`) on every route but /health when set.
    public var token: String?
    public var limits: ServeLimits
    /// Threads the queries run on (shared by all of them) and partitions per query.
    public var workers: Int
    /// Bytes the running queries' hash tables and sorts may hold together before they spill.
    public var memoryLimit: Int
    /// How often, at most, a request checks the lake for a newly completed run.
    public var refreshInterval: Duration

    public init(lake: String, host: String = "127.0.0.1", port: Int = 8080, token: String? = nil,
                limits: ServeLimits = ServeLimits(), workers: Int = WorkerCount.active,
                memoryLimit: Int = 2 << 30, refreshInterval: Duration = .seconds(1)) {
        self.lake = lake
        self.host = host
        self.port = port
        self.token = token
        self.limits = limits
        self.workers = max(1, workers)
        self.memoryLimit = memoryLimit
        self.refreshInterval = refreshInterval
    }

    /// Hosts that only this machine can reach.
    public static let loopbackHosts: Set<String> = ["127.0.0.1", "localhost", "::1", "[::1]"]

    public var isLoopback: Bool { Self.loopbackHosts.contains(host.lowercased()) }

    /// Refuses a setup that would expose the lake: another host without a token, or a
    /// token too short to resist guessing.
    public func validate() throws(ServeConfigurationError) {
        guard (0 ... 65535).contains(port) else { throw .init("--port must be 0 to 65535, not \(port)") }
        if let token {
            guard token.utf8.count >= 16 else {
                throw .init("the token must be at least 16 characters (e.g. `openssl rand -hex 24`)")
            }
            guard !token.contains(where: { $0.isWhitespace || $0.isNewline }) else {
                throw .init("the token must not contain spaces or line breaks")
            }
        } else if !isLoopback {
            throw .init("serving on \(host) makes the lake reachable from other machines: give --token TOKEN "
                + "(or set MEDALLION_SERVE_TOKEN) so every request must send 'Authorization: Bearer TOKEN', "
                + "or bind to 127.0.0.1")
        }
        guard (1 ... ServeLimits.rowCeiling).contains(limits.maxRows) else {
            throw .init("--max-rows must be 1 to \(ServeLimits.rowCeiling), not \(limits.maxRows)")
        }
    }
}

public struct ServeConfigurationError: Error, CustomStringConvertible, Sendable {
    public var description: String
    init(_ description: String) { self.description = description }
}
