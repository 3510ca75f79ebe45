import AsyncHTTPClient
import NIOCore
import Testing
@testable import S3

@Suite struct RetryPolicyTests {
    @Test func serverErrorsThrottlingAndTimeoutsAreRetried() {
        for status in [500, 502, 503, 504, 429, 408] {
            #expect(RetryPolicy.isRetryable(status: status, code: nil), "status \(status)")
        }
        #expect(RetryPolicy.isRetryable(status: 503, code: "SlowDown"))
        #expect(RetryPolicy.isRetryable(status: 400, code: "RequestTimeout"))
        #expect(RetryPolicy.isRetryable(status: 400, code: "ThrottlingException"))
    }

    @Test func otherClientErrorsAreFinal() {
        for (status, code) in [(403, "SignatureDoesNotMatch"), (403, "InvalidAccessKeyId"), (404, "NoSuchKey"),
                               (404, "NoSuchBucket"), (412, "PreconditionFailed"), (409, "ConditionalRequestConflict"),
                               (400, "InvalidArgument"), (416, "InvalidRange"), (501, "NotImplemented")] {
            #expect(!RetryPolicy.isRetryable(status: status, code: code), "\(status) \(code)")
        }
    }

    @Test func connectionFailuresAreRetriedAndConfigurationErrorsAreNot() {
        #expect(TransportErrors.isRetryable(HTTPClientError.remoteConnectionClosed))
        #expect(TransportErrors.isRetryable(HTTPClientError.readTimeout))
        #expect(TransportErrors.isRetryable(HTTPClientError.connectTimeout))
        #expect(TransportErrors.isRetryable(IOError(errnoCode: 104, reason: "read")))  // ECONNRESET
        #expect(TransportErrors.isRetryable(ChannelError.ioOnClosedChannel))
        #expect(!TransportErrors.isRetryable(HTTPClientError.invalidURL))
        #expect(!TransportErrors.isRetryable(HTTPClientError.emptyScheme))
        #expect(!TransportErrors.isRetryable(CancellationError()))
    }

    @Test func fullJitterBackoffGrowsAndIsCapped() {
        let policy = RetryPolicy(maxAttempts: 8, baseDelay: .milliseconds(100), maxDelay: .seconds(2), deadline: .seconds(30))
        #expect(policy.delay(beforeRetry: 1, random: 0.999_999) < .milliseconds(100))
        #expect(policy.delay(beforeRetry: 1, random: 0.5) == .milliseconds(50))
        #expect(policy.delay(beforeRetry: 3, random: 0.5) == .milliseconds(200))
        #expect(policy.delay(beforeRetry: 10, random: 1) == .seconds(2))
        #expect(policy.delay(beforeRetry: 1_000, random: 1) == .seconds(2))
        #expect(policy.delay(beforeRetry: 4, random: 0) == .zero)
    }
}
