import Crypto
import Foundation
import S3
import Testing
import TestSupport

/// Object requests against a real local S3 server (moto) that checks every signature.
@Suite(.timeLimit(.minutes(5))) struct S3ObjectsIntegrationTests {
    @Test func putGetRangedGetHeadAndDelete() async throws {
        let client = try S3Test.client(try MotoServer.shared())
        let bucket = try await S3Test.bucket(client, "objects")
        let bytes = S3Test.payload(1_000_003)
        let key = "bronze/sales day=1/part 0.parquet"
        let etag = try await client.putObject(bucket: bucket, key: key, bytes: bytes)
        #expect(etag == String(Insecure.MD5.hash(data: bytes).map { String(format: "%02x", $0) }.joined()))

        #expect(try await client.getObject(bucket: bucket, key: key) == bytes)
        // A Parquet footer (the last 8 bytes) and a frame in the middle, without the rest.
        let readBefore = client.counters.bytesRead
        #expect(try await client.getObject(bucket: bucket, key: key, range: 999_995..<1_000_003) == Array(bytes[999_995...]))
        #expect(try await client.getObject(bucket: bucket, key: key, range: 4_096..<70_000) == Array(bytes[4_096..<70_000]))
        #expect(client.counters.bytesRead - readBefore == 8 + 65_904)
        #expect(client.counters.bytesWritten >= bytes.count)

        let head = try #require(try await client.headObject(bucket: bucket, key: key))
        #expect(head.size == 1_000_003)
        #expect(head.etag == etag)
        #expect(head.lastModified.map { abs($0.timeIntervalSinceNow) < 600 } == true)

        try await client.deleteObject(bucket: bucket, key: key)
        #expect(try await client.headObject(bucket: bucket, key: key) == nil)
        try await client.deleteObject(bucket: bucket, key: key)  // already gone: no error
        do {
            _ = try await client.getObject(bucket: bucket, key: key)
            Issue.record("a deleted object was read")
        } catch let error as S3Error {
            #expect(error.status == 404)
            #expect(error.code == "NoSuchKey")
            #expect(error.attempts == 1)
            #expect(error.description.contains("s3://\(bucket)/\(key)"))
            #expect(error.description.contains("NoSuchKey"))
        }
    }

    @Test func listingFollowsContinuationTokensPastOneThousandKeys() async throws {
        let client = try S3Test.client(try MotoServer.shared())
        let bucket = try await S3Test.bucket(client, "listing")
        let keys = (0..<1_010).map { "silver/part-\(String(format: "%05d", $0)).parquet" }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (index, key) in keys.enumerated() {
                if index >= 16 { try await group.next() }
                group.addTask { try await client.putObject(bucket: bucket, key: key, bytes: Array(key.utf8)) }
            }
            try await group.waitForAll()
        }
        try await client.putObject(bucket: bucket, key: "gold/other", bytes: [1])

        let before = client.counters.requests
        let listed = try await client.listObjects(bucket: bucket, prefix: "silver/")
        #expect(client.counters.requests - before == 2)  // 1,000 + 10
        #expect(listed.map(\.key) == keys)
        #expect(listed.allSatisfy { $0.size == Int64($0.key.utf8.count) && !$0.etag.isEmpty && $0.lastModified != nil })

        let small = try await client.listObjects(bucket: bucket, prefix: "silver/part-0100", maxKeys: 3)
        #expect(small.map(\.key) == (1_000..<1_010).map { "silver/part-\(String(format: "%05d", $0)).parquet" })
        #expect(try await client.listObjects(bucket: bucket, prefix: "").count == 1_011)
        #expect(try await client.listObjects(bucket: bucket, prefix: "nothing/").isEmpty)
    }

    @Test func conditionalCreateLetsExactlyOneWriterWin() async throws {
        let client = try S3Test.client(try MotoServer.shared())
        let bucket = try await S3Test.bucket(client, "conditional")
        let key = "_delta_log/00000000000000000001.json"
        let first = try await client.createObject(bucket: bucket, key: key, bytes: Array("first".utf8))
        guard case .created = first else {
            Issue.record("the first create did not create: \(first)")
            return
        }
        #expect(try await client.createObject(bucket: bucket, key: key, bytes: Array("second".utf8)) == .alreadyExists)
        #expect(try await client.getObject(bucket: bucket, key: key) == Array("first".utf8))

        // Eight writers race for one version: one commits, seven are told it is taken.
        let raced = "_delta_log/00000000000000000002.json"
        let outcomes = try await withThrowingTaskGroup(of: (Int, S3Client.CreateOutcome).self) { group in
            for writer in 0..<8 {
                group.addTask { (writer, try await client.createObject(bucket: bucket, key: raced, bytes: Array("writer \(writer)".utf8))) }
            }
            return try await group.reduce(into: [(Int, S3Client.CreateOutcome)]()) { $0.append($1) }
        }
        let winners = outcomes.filter { if case .created = $0.1 { true } else { false } }
        #expect(winners.count == 1)
        #expect(outcomes.filter { $0.1 == .alreadyExists }.count == 7)
        if let winner = winners.first {
            #expect(try await client.getObject(bucket: bucket, key: raced) == Array("writer \(winner.0)".utf8))
        }
    }

    @Test func wrongSecretIsRejectedWithTheS3CodeAndNotRetried() async throws {
        let server = try MotoServer.shared()
        let good = try S3Test.client(server)
        let bucket = try await S3Test.bucket(good, "auth")
        let bad = try S3Test.client(server, secret: "not-the-secret")
        do {
            try await bad.putObject(bucket: bucket, key: "k", bytes: [1, 2, 3])
            Issue.record("a request signed with the wrong secret was accepted")
        } catch let error as S3Error {
            #expect(error.status == 403)
            #expect(error.code == "SignatureDoesNotMatch")
            #expect(error.attempts == 1)
            #expect(error.description.contains("S3 PutObject s3://\(bucket)/k failed: HTTP 403 SignatureDoesNotMatch"))
        }
        #expect(bad.counters.requests == 1)
        #expect(try await good.headObject(bucket: bucket, key: "k") == nil)
    }
}
