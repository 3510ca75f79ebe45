import AsyncHTTPClient
import NIOCore
import NIOPosix

/// Which failures to reach S3 are worth another try: dropped and reset connections,
/// refused connects and timeouts. A bad URL or a TLS certificate error is not.
enum TransportErrors {
    static func isRetryable(_ error: any Error) -> Bool {
        if let error = error as? HTTPClientError {
            return retryableHTTPClientErrors.contains(error)
        }
        if error is IOError || error is ChannelError || error is NIOConnectionError { return true }
        return false
    }

    private static let retryableHTTPClientErrors: [HTTPClientError] = [
        .remoteConnectionClosed, .readTimeout, .writeTimeout, .connectTimeout, .tlsHandshakeTimeout,
        .deadlineExceeded, .getConnectionFromPoolTimeout, .bodyLengthMismatch, .uncleanShutdown,
    ]
}
