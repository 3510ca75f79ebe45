import Testing
@testable import Jobs

@Suite("Retry policy and durations")
struct RetryPolicyTests {
    @Test("waits double from the delay, with ±20 % jitter, capped")
    func backoff() {
        let policy = RetryPolicy(retries: 5, delay: .seconds(10), maxDelay: .seconds(60))
        #expect(policy.wait(beforeRetry: 1, unit: 0.5) == .seconds(10))
        #expect(policy.wait(beforeRetry: 2, unit: 0.5) == .seconds(20))
        #expect(policy.wait(beforeRetry: 3, unit: 0.5) == .seconds(40))
        #expect(policy.wait(beforeRetry: 4, unit: 0.5) == .seconds(60))
        #expect(policy.wait(beforeRetry: 1, unit: 0) == .seconds(8))
        #expect(policy.wait(beforeRetry: 1, unit: 1) == .seconds(12))
        #expect(policy.wait(beforeRetry: 60, unit: 0.5) == .seconds(60))
        #expect(RetryPolicy(retries: -3, delay: .seconds(1)).retries == 0)
    }

    @Test("durations as users write them")
    func durations() throws {
        #expect(try DurationText.parse("500ms", option: "--x") == .milliseconds(500))
        #expect(try DurationText.parse("30s", option: "--x") == .seconds(30))
        #expect(try DurationText.parse("15m", option: "--x") == .seconds(900))
        #expect(try DurationText.parse("1.5h", option: "--x") == .seconds(5400))
        #expect(try DurationText.parse("2d", option: "--x") == .seconds(172_800))
        #expect(try DurationText.parse("45", option: "--x") == .seconds(45))
        for bad in ["", "fast", "-1s", "1w", "nan", "1e9d"] {
            #expect(throws: JobsError.self, "\(bad)") { try DurationText.parse(bad, option: "--x") }
        }
    }
}
