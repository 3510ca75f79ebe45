import AsyncHTTPClient
import NIOCore

/// The one HTTP client every S3 store in the process shares: a pool of keep-alive
/// connections per host (enough for several ranged reads in flight per worker), no
/// redirects or decompression (S3 signs what it sends), and bounded connect/read waits.
/// It lives as long as the process, like `HTTPClient.shared`, so nothing has to shut it
/// down; a client handed to `S3Client(configuration:http:)` instead is its owner's to shut down.
enum S3HTTP {
    static let shared: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.redirectConfiguration = .disallow
        configuration.decompression = .disabled
        configuration.timeout = .init(connect: .seconds(10), read: .seconds(60))
        configuration.connectionPool = .init(idleTimeout: .seconds(50), concurrentHTTP1ConnectionsPerHostSoftLimit: 32)
        configuration.httpVersion = .http1Only
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()
}
