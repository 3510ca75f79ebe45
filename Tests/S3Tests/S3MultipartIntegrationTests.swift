import Foundation
import S3
import Testing
import TestSupport

/// Multipart uploads against moto: parallel parts, the single-PUT shortcut, abort.
@Suite(.timeLimit(.minutes(5))) struct S3MultipartIntegrationTests {
    @Test func largeObjectGoesUpInParallelParts() async throws {
        let client = try S3Test.client(try MotoServer.shared())
        let bucket = try await S3Test.bucket(client, "multipart")
        let bytes = S3Test.payload(13 * 1024 * 1024 + 17, seed: 7)
        let writer = S3MultipartWriter(client: client, bucket: bucket, key: "gold/big.parquet",
                                       partSize: S3MultipartWriter.minimumPartSize, maxInFlight: 3)
        var offset = 0
        while offset < bytes.count {  // as a Parquet writer hands over row groups: 1 MiB at a time
            let end = min(offset + 1024 * 1024, bytes.count)
            try await writer.write(Array(bytes[offset..<end]))
            offset = end
        }
        let etag = try await writer.finish()
        #expect(etag.hasSuffix("-3"))  // 5 MiB + 5 MiB + 3 MiB and 17 bytes
        #expect(await writer.peakPartsInFlight >= 2)
        #expect(try await client.getObject(bucket: bucket, key: "gold/big.parquet") == bytes)
        #expect(try await client.headObject(bucket: bucket, key: "gold/big.parquet")?.etag == etag)
    }

    @Test func smallObjectIsOnePut() async throws {
        let client = try S3Test.client(try MotoServer.shared())
        let bucket = try await S3Test.bucket(client, "multipart-small")
        let writer = S3MultipartWriter(client: client, bucket: bucket, key: "small")
        try await writer.write(Array("tiny".utf8))
        try await writer.finish()
        #expect(await writer.currentUploadID == nil)
        #expect(try await client.getObject(bucket: bucket, key: "small") == Array("tiny".utf8))
        await #expect(throws: S3Error.self) { try await writer.write([1]) }
    }

    @Test func abortDropsTheUploadAndItsParts() async throws {
        let client = try S3Test.client(try MotoServer.shared())
        let bucket = try await S3Test.bucket(client, "multipart-abort")
        let writer = S3MultipartWriter(client: client, bucket: bucket, key: "never", partSize: S3MultipartWriter.minimumPartSize)
        try await writer.write(S3Test.payload(6 * 1024 * 1024))
        let uploadID = try #require(await writer.currentUploadID)
        #expect(try await client.listMultipartUploads(bucket: bucket).map(\.uploadID) == [uploadID])
        await writer.abort()
        #expect(try await client.headObject(bucket: bucket, key: "never") == nil)
        await expectUploadGone(client, bucket: bucket, key: "never", uploadID: uploadID)
        await #expect(throws: S3Error.self) { try await writer.finish() }
    }

    @Test func aFailedPartAbortsTheUpload() async throws {
        let server = try MotoServer.shared()
        let direct = try S3Test.client(server)
        let bucket = try await S3Test.bucket(direct, "multipart-fail")
        // CreateMultipartUpload passes; the one part fails twice, which is all the policy allows.
        let proxy = try FaultProxy(upstreamPort: server.port, plan: ["pass", "503", "503"])
        let policy = RetryPolicy(maxAttempts: 2, baseDelay: .milliseconds(10), maxDelay: .milliseconds(20), deadline: .seconds(10))
        let client = try S3Test.client(server, endpoint: proxy.endpoint, retryPolicy: policy)
        let writer = S3MultipartWriter(client: client, bucket: bucket, key: "broken", partSize: S3MultipartWriter.minimumPartSize,
                                       maxInFlight: 1)
        var failed: S3Error?
        do {
            try await writer.write(S3Test.payload(5 * 1024 * 1024))
            try await writer.finish()
        } catch let error as S3Error {
            failed = error
        }
        #expect(failed?.status == 503)
        #expect(failed?.operation == "UploadPart 1")
        #expect(proxy.requests.last?.hasPrefix("pass DELETE /\(bucket)/broken?uploadId=") == true, "\(proxy.requests)")
        if let uploadID = await writer.currentUploadID {
            await expectUploadGone(direct, bucket: bucket, key: "broken", uploadID: uploadID)
        } else {
            Issue.record("the upload never started")
        }
        #expect(try await direct.headObject(bucket: bucket, key: "broken") == nil)
    }

    /// After an abort S3 no longer lists the upload among the bucket's unfinished ones.
    private func expectUploadGone(_ client: S3Client, bucket: String, key: String, uploadID: String) async {
        do {
            let open = try await client.listMultipartUploads(bucket: bucket)
            #expect(!open.contains { $0.uploadID == uploadID }, "upload \(uploadID) of \(key) is still open")
        } catch {
            Issue.record("listing the open uploads failed: \(error)")
        }
    }
}
