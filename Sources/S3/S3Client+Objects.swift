import Crypto
import Foundation
import NIOHTTP1

/// Single-request object operations: get (whole or a byte range), head, put, conditional create, delete, list.
extension S3Client {
    /// The object's bytes, or those in `range` (offsets from 0, end exclusive) — a Parquet
    /// footer or one compressed frame without downloading the rest.
    /// With `ifMatch`, S3 answers 412 if the object's ETag changed (replaced while being read).
    public func getObject(bucket: String, key: String, range: Range<Int64>? = nil, ifMatch: String? = nil) async throws -> [UInt8] {
        var headers: [(name: String, value: String)] = []
        if let ifMatch { headers.append(("if-match", "\"\(ifMatch)\"")) }
        if let range {
            if range.isEmpty { return [] }
            headers.append(("range", "bytes=\(range.lowerBound)-\(range.upperBound - 1)"))
        }
        let response = try await send(Request(operation: range == nil ? "GetObject" : "GetObject (range)", method: .GET,
                                              bucket: bucket, key: key, headers: headers))
        // A server that ignores Range answers 200 with everything; keep the asked-for slice.
        if let range, response.status == 200 {
            let lower = Int(clamping: min(range.lowerBound, Int64(response.body.count)))
            let upper = Int(clamping: min(range.upperBound, Int64(response.body.count)))
            return Array(response.body[lower..<upper])
        }
        return response.body
    }

    /// The object's size, ETag and modification time; nil when there is no such object.
    public func headObject(bucket: String, key: String) async throws -> S3ObjectSummary? {
        do {
            let response = try await send(Request(operation: "HeadObject", method: .HEAD, bucket: bucket, key: key))
            guard let length = response.headers.first(name: "content-length").flatMap({ Int64($0) }) else {
                throw S3Error(operation: "HeadObject", bucket: bucket, key: key,
                              reason: .malformedResponse("no Content-Length header"), attempts: response.attempts)
            }
            return S3ObjectSummary(key: key, size: length,
                                   lastModified: response.headers.first(name: "last-modified").flatMap(ISO8601Time.parseHTTPDate),
                                   etag: ETag.unquoted(response.headers.first(name: "etag") ?? ""))
        } catch let error as S3Error where error.status == 404 {
            return nil
        }
    }

    /// Writes the object whole in one request and returns its ETag.
    @discardableResult
    public func putObject(bucket: String, key: String, bytes: [UInt8]) async throws -> String {
        let response = try await send(Request(operation: "PutObject", method: .PUT, bucket: bucket, key: key, body: bytes))
        return ETag.unquoted(response.headers.first(name: "etag") ?? "")
    }

    public enum CreateOutcome: Sendable, Equatable {
        case created(etag: String)
        /// Another writer's object is already at the key.
        case alreadyExists
    }

    /// Writes the object only if the key is free (`If-None-Match: *`), so of two writers of
    /// one Delta log version exactly one wins. S3 answers a taken key with 412
    /// PreconditionFailed, or 409 ConditionalRequestConflict while a competing write is under way.
    /// When a retried request finds the key taken, the earlier try may have been ours and
    /// landed before its answer was lost: the object's ETag (its MD5) tells.
    public func createObject(bucket: String, key: String, bytes: [UInt8]) async throws -> CreateOutcome {
        do {
            let response = try await send(Request(operation: "PutObject (If-None-Match)", method: .PUT, bucket: bucket, key: key,
                                                  headers: [("if-none-match", "*")], body: bytes))
            return .created(etag: ETag.unquoted(response.headers.first(name: "etag") ?? ""))
        } catch let error as S3Error where error.status == 412 || (error.status == 409 && error.code == "ConditionalRequestConflict") {
            if error.attempts > 1, let existing = try await headObject(bucket: bucket, key: key),
               existing.etag == Hex.string(Insecure.MD5.hash(data: bytes)) {
                return .created(etag: existing.etag)
            }
            return .alreadyExists
        }
    }

    public enum ReplaceOutcome: Sendable, Equatable {
        case replaced(etag: String)
        /// The object is not the one `ifMatch` named any more (rewritten by someone else, or deleted).
        case changed
    }

    /// Replaces the object only while its ETag is still `ifMatch` (`If-Match` on PUT), so a
    /// writer that lost an object to someone else finds out instead of overwriting theirs.
    /// S3 answers a changed object with 412 and a deleted one with 404. As in `createObject`, a
    /// retried request that finds a different ETag checks whether it is the one our earlier
    /// try would have made.
    public func replaceObject(bucket: String, key: String, bytes: [UInt8], ifMatch: String) async throws -> ReplaceOutcome {
        do {
            let response = try await send(Request(operation: "PutObject (If-Match)", method: .PUT, bucket: bucket, key: key,
                                                  headers: [("if-match", "\"\(ifMatch)\"")], body: bytes))
            return .replaced(etag: ETag.unquoted(response.headers.first(name: "etag") ?? ""))
        } catch let error as S3Error where error.status == 412 || (error.status == 404 && error.code != "NoSuchBucket")
            || (error.status == 409 && error.code == "ConditionalRequestConflict") {
            if error.attempts > 1, let existing = try await headObject(bucket: bucket, key: key),
               existing.etag == Hex.string(Insecure.MD5.hash(data: bytes)) {
                return .replaced(etag: existing.etag)
            }
            return .changed
        }
    }

    /// Deletes the object; a missing one is no error (S3 itself answers 204 either way).
    public func deleteObject(bucket: String, key: String) async throws {
        do {
            _ = try await send(Request(operation: "DeleteObject", method: .DELETE, bucket: bucket, key: key))
        } catch let error as S3Error where error.status == 404 && error.code != "NoSuchBucket" {
            return
        }
    }

    /// Every object whose key starts with `prefix`, in key order, following ListObjectsV2's
    /// continuation tokens page by page (`maxKeys` per page, 1,000 at most on AWS).
    public func listObjects(bucket: String, prefix: String, maxKeys: Int = 1000) async throws -> [S3ObjectSummary] {
        var objects: [S3ObjectSummary] = []
        var token: String?
        repeat {
            let page = try await listObjectsPage(bucket: bucket, prefix: prefix, delimiter: nil, continuationToken: token,
                                                 maxKeys: maxKeys)
            objects += page.objects
            token = page.isTruncated ? page.nextContinuationToken : nil
            if page.isTruncated, token == nil {
                throw S3Error(operation: "ListObjectsV2", bucket: bucket, key: prefix,
                              reason: .malformedResponse("a truncated page without NextContinuationToken"), attempts: 1)
            }
        } while token != nil
        return objects
    }

    /// One ListObjectsV2 page; with a `delimiter`, keys holding it after the prefix come back rolled up
    /// in `commonPrefixes`.
    public func listObjectsPage(bucket: String, prefix: String, delimiter: String? = nil, continuationToken: String?,
                                maxKeys: Int = 1000) async throws -> ListObjectsPage {
        var query: [(name: String, value: String)] = [("list-type", "2"), ("max-keys", String(max(1, maxKeys)))]
        if !prefix.isEmpty { query.append(("prefix", prefix)) }
        if let delimiter, !delimiter.isEmpty { query.append(("delimiter", delimiter)) }
        if let continuationToken { query.append(("continuation-token", continuationToken)) }
        let response = try await send(Request(operation: "ListObjectsV2", method: .GET, bucket: bucket, key: nil, query: query))
        guard let page = ListObjectsPage(xml: response.body) else {
            throw S3Error(operation: "ListObjectsV2", bucket: bucket, key: prefix,
                          reason: .malformedResponse("the body is no ListBucketResult"), attempts: response.attempts)
        }
        return page
    }

    /// Creates the bucket (in the client's region); one that this account already owns is no error.
    public func createBucket(_ bucket: String) async throws {
        var body: [UInt8] = []
        if configuration.region != "us-east-1" {
            body = Array(("<CreateBucketConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
                + "<LocationConstraint>\(configuration.region)</LocationConstraint></CreateBucketConfiguration>").utf8)
        }
        do {
            _ = try await send(Request(operation: "CreateBucket", method: .PUT, bucket: bucket, key: nil, body: body))
        } catch let error as S3Error where error.code == "BucketAlreadyOwnedByYou" {
            return
        }
    }
}
