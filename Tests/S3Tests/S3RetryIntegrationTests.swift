import Foundation
import S3
import Testing
import TestSupport

/// Injected failures between the client and moto (`fault_proxy.py`): 503s, SlowDown and
/// dropped connections are retried with backoff; the policy's bounds end the tries.
@Suite(.timeLimit(.minutes(5))) struct S3RetryIntegrationTests {
    @Test func serviceErrorsAndDroppedConnectionsAreRetried() async throws {
        let server = try MotoServer.shared()
        let bucket = try await S3Test.bucket(try S3Test.client(server), "retries")
        let proxy = try FaultProxy(upstreamPort: server.port, plan: ["503", "drop", "slowdown", "pass", "drop", "503"])
        let client = try S3Test.client(server, endpoint: proxy.endpoint)
        let bytes = S3Test.payload(100_000)
        try await client.putObject(bucket: bucket, key: "flaky", bytes: bytes)
        #expect(client.counters.retries == 3)
        #expect(try await client.getObject(bucket: bucket, key: "flaky", range: 10..<20) == Array(bytes[10..<20]))
        #expect(client.counters.retries == 5)
        #expect(client.counters.requests == 7)
        let actions = proxy.requests.map { $0.split(separator: " ").prefix(2).joined(separator: " ") }
        #expect(actions == ["503 PUT", "drop PUT", "slowdown PUT", "pass PUT", "drop GET", "503 GET", "pass GET"])
    }

    @Test func retriesStopAtMaxAttemptsWithTheLastError() async throws {
        let server = try MotoServer.shared()
        let bucket = try await S3Test.bucket(try S3Test.client(server), "exhausted")
        let proxy = try FaultProxy(upstreamPort: server.port, plan: Array(repeating: "503", count: 10))
        let policy = RetryPolicy(maxAttempts: 3, baseDelay: .milliseconds(10), maxDelay: .milliseconds(50), deadline: .seconds(30))
        let client = try S3Test.client(server, endpoint: proxy.endpoint, retryPolicy: policy)
        do {
            _ = try await client.getObject(bucket: bucket, key: "any")
            Issue.record("a request through a failing proxy succeeded")
        } catch let error as S3Error {
            #expect(error.attempts == 3)
            #expect(error.code == "ServiceUnavailable")
            #expect(error.description.contains("S3 GetObject s3://\(bucket)/any failed after 3 attempts: HTTP 503 ServiceUnavailable"))
        }
        #expect(proxy.requests.count == 3)
    }

    @Test func retriesStopAtTheDeadline() async throws {
        let server = try MotoServer.shared()
        let bucket = try await S3Test.bucket(try S3Test.client(server), "deadline")
        let proxy = try FaultProxy(upstreamPort: server.port, plan: Array(repeating: "drop", count: 200))
        let policy = RetryPolicy(maxAttempts: 1_000, baseDelay: .milliseconds(100), maxDelay: .milliseconds(200),
                                 deadline: .seconds(2))
        let client = try S3Test.client(server, endpoint: proxy.endpoint, retryPolicy: policy)
        let started = ContinuousClock.now
        let error = await #expect(throws: S3Error.self) { _ = try await client.headObject(bucket: bucket, key: "any") }
        let elapsed = started.duration(to: .now)
        // No retry starts after 2 s; the last attempt ends at once (the proxy drops it). How many
        // fit depends on the machine's load, far fewer than the 1,000 allowed (which would take
        // over 100 s of back-off). The bound leaves room for a loaded CI machine's slow proxy.
        #expect(elapsed < .seconds(30))
        #expect(error?.attempts == client.counters.requests)
        #expect(client.counters.requests >= 1 && client.counters.requests < 100)
        #expect(error?.description.contains("no answer from the server") == true)
    }

    @Test func clientErrorsAreNotRetried() async throws {
        let server = try MotoServer.shared()
        let client = try S3Test.client(server)
        do {
            _ = try await client.getObject(bucket: "no-such-bucket-\(UUID().uuidString.prefix(6).lowercased())", key: "k")
            Issue.record("a missing bucket was read")
        } catch let error as S3Error {
            #expect(error.status == 404)
            #expect(error.code == "NoSuchBucket")
            #expect(error.attempts == 1)
        }
        #expect(client.counters.retries == 0)
    }
}
