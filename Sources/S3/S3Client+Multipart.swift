import Crypto
import Foundation
import NIOHTTP1

/// The multipart upload requests; `S3MultipartWriter` drives them.
extension S3Client {
    func createMultipartUpload(bucket: String, key: String) async throws -> String {
        let response = try await send(Request(operation: "CreateMultipartUpload", method: .POST, bucket: bucket, key: key,
                                              query: [("uploads", "")]))
        guard let id = parseUploadID(xml: response.body) else {
            throw S3Error(operation: "CreateMultipartUpload", bucket: bucket, key: key,
                          reason: .malformedResponse("no UploadId in the answer"), attempts: response.attempts)
        }
        return id
    }

    /// Uploads part `number` (1...10,000) and returns its ETag.
    func uploadPart(bucket: String, key: String, uploadID: String, number: Int, bytes: [UInt8]) async throws -> String {
        let response = try await send(Request(operation: "UploadPart \(number)", method: .PUT, bucket: bucket, key: key,
                                              query: [("partNumber", String(number)), ("uploadId", uploadID)], body: bytes))
        guard let etag = response.headers.first(name: "etag") else {
            throw S3Error(operation: "UploadPart \(number)", bucket: bucket, key: key,
                          reason: .malformedResponse("no ETag header"), attempts: response.attempts)
        }
        return ETag.unquoted(etag)
    }

    /// Joins the parts into the object. S3 may answer 200 and still report an error in the
    /// body; a retried request that finds the upload gone checks whether the object it
    /// would have made is there (a multipart ETag is the MD5 of the parts' MD5s, `-N`).
    func completeMultipartUpload(bucket: String, key: String, uploadID: String,
                                 parts: [(number: Int, etag: String)]) async throws -> String {
        let request = Request(operation: "CompleteMultipartUpload", method: .POST, bucket: bucket, key: key,
                              query: [("uploadId", uploadID)], body: completeMultipartBody(parts: parts))
        var attempt = 0
        while true {
            attempt += 1
            let response: Response
            do {
                response = try await send(request)
            } catch let error as S3Error where error.code == "NoSuchUpload" && (error.attempts > 1 || attempt > 1) {
                let expected = Self.multipartETag(partETags: parts.map(\.etag))
                if let expected, let existing = try await headObject(bucket: bucket, key: key), existing.etag == expected {
                    return existing.etag
                }
                throw error
            }
            switch CompleteMultipartOutcome(xml: response.body) {
            case .completed(let etag)?:
                return etag
            case .failed(let body)?:
                let error = S3Error(operation: "CompleteMultipartUpload", bucket: bucket, key: key,
                                    reason: .service(status: response.status, code: body.code, message: body.message,
                                                     requestID: body.requestID),
                                    attempts: response.attempts)
                guard RetryPolicy.retryableCodes.contains(body.code), attempt < retryPolicy.maxAttempts else { throw error }
                try await Task.sleep(for: retryPolicy.delay(beforeRetry: attempt, random: Double.random(in: 0..<1)))
            case nil:
                throw S3Error(operation: "CompleteMultipartUpload", bucket: bucket, key: key,
                              reason: .malformedResponse("the body is no CompleteMultipartUploadResult"), attempts: response.attempts)
            }
        }
    }

    /// Drops the upload and the parts already stored; a missing upload is no error.
    public func abortMultipartUpload(bucket: String, key: String, uploadID: String) async throws {
        do {
            _ = try await send(Request(operation: "AbortMultipartUpload", method: .DELETE, bucket: bucket, key: key,
                                       query: [("uploadId", uploadID)]))
        } catch let error as S3Error where error.code == "NoSuchUpload" {
            return
        }
    }

    /// The bucket's unfinished multipart uploads whose keys start with `prefix` (their parts
    /// are stored and billed until aborted), following the key/upload-id markers page by page.
    public func listMultipartUploads(bucket: String, prefix: String = "") async throws -> [S3MultipartUploadSummary] {
        var uploads: [S3MultipartUploadSummary] = []
        var markers: [(name: String, value: String)] = []
        let filter: [(name: String, value: String)] = prefix.isEmpty ? [] : [("prefix", prefix)]
        while true {
            let response = try await send(Request(operation: "ListMultipartUploads", method: .GET, bucket: bucket, key: nil,
                                                  query: [("uploads", "")] + filter + markers))
            guard let page = MultipartUploadsPage(xml: response.body) else {
                throw S3Error(operation: "ListMultipartUploads", bucket: bucket, key: nil,
                              reason: .malformedResponse("the body is no ListMultipartUploadsResult"), attempts: response.attempts)
            }
            uploads += page.uploads
            guard page.isTruncated, let key = page.nextKeyMarker else { return uploads }
            markers = [("key-marker", key), ("upload-id-marker", page.nextUploadIDMarker ?? "")]
        }
    }

    /// `hex(MD5(md5(part 1) ‖ … ‖ md5(part N)))-N`, nil when a part's ETag is not a plain MD5.
    static func multipartETag(partETags: [String]) -> String? {
        var digests: [UInt8] = []
        for etag in partETags {
            guard let bytes = hexBytes(etag), bytes.count == 16 else { return nil }
            digests += bytes
        }
        return Hex.string(Insecure.MD5.hash(data: digests)) + "-\(partETags.count)"
    }

    private static func hexBytes(_ text: String) -> [UInt8]? {
        let utf8 = Array(text.utf8)
        guard utf8.count % 2 == 0 else { return nil }
        var out: [UInt8] = []
        var index = 0
        while index < utf8.count {
            guard let high = nibble(utf8[index]), let low = nibble(utf8[index + 1]) else { return nil }
            out.append(high << 4 | low)
            index += 2
        }
        return out
    }

    private static func nibble(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
