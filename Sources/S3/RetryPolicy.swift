/// When and how long to wait before sending a failed S3 request again: full-jitter
/// exponential backoff (a uniform wait in 0 ..< min(cap, base·2^attempt)), at most
/// `maxAttempts` sends and never past `deadline` from the first one.
public struct RetryPolicy: Sendable {
    public var maxAttempts: Int
    public var baseDelay: Duration
    public var maxDelay: Duration
    /// No retry starts later than this after the first attempt.
    public var deadline: Duration

    public init(maxAttempts: Int = 6, baseDelay: Duration = .milliseconds(100), maxDelay: Duration = .seconds(8),
                deadline: Duration = .seconds(120)) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.deadline = deadline
    }

    /// The wait before retry number `attempt` (1 for the first retry), drawn with `random` in 0..<1.
    public func delay(beforeRetry attempt: Int, random: Double) -> Duration {
        let exponent = min(max(attempt - 1, 0), 30)
        let ceiling = min(maxDelay, baseDelay * (1 << exponent))
        return ceiling * min(max(random, 0), 1)
    }

    /// S3 answers worth another try: server errors, throttling and request timeouts.
    /// Other 4xx (a wrong key, a missing object, a failed precondition) are final.
    public static func isRetryable(status: Int, code: String?) -> Bool {
        if let code, retryableCodes.contains(code) { return true }
        switch status {
        case 500, 502, 503, 504, 408, 429: return true
        default: return false
        }
    }

    static let retryableCodes: Set<String> = [
        "SlowDown", "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottled",
        "RequestThrottledException", "TooManyRequestsException", "RequestLimitExceeded", "BandwidthLimitExceeded",
        "RequestTimeout", "RequestTimeoutException", "InternalError", "ServiceUnavailable",
    ]
}
