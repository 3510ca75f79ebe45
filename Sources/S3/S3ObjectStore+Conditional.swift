import Foundation
import ObjectStorage

/// The two calls a lake's run lease needs beyond plain reads and writes: a conditional replace
/// (renewing the lease only while it is still ours) and cleaning up the multipart uploads of
/// a killed run.
extension S3ObjectStore {
    public func replace(key: String, bytes: ContiguousArray<UInt8>, ifMatch etag: String) throws(ObjectStoreFailure) -> String {
        let client = self.client, bucket = self.bucket, objectKey = self.objectKey(key), body = Array(bytes)
        let outcome = try blocking("replace", key) { try await client.replaceObject(bucket: bucket, key: objectKey, bytes: body, ifMatch: etag) }
        guard case let .replaced(newETag) = outcome else {
            throw ObjectStoreFailure(store: description, key: key, operation: "replace", kind: .changed,
                                     cause: "s3://\(bucket)/\(objectKey) is no longer the object with ETag \(etag) "
                                         + "(conditional PUT answered 412 or 404: another writer replaced or deleted it)")
        }
        return newETag
    }

    /// Lists the multipart uploads under `prefix` (ListMultipartUploads) and aborts those begun
    /// before `cutoff`. An upload whose answer has no start time counts as old: the caller holds
    /// the lake's lease, so no live writer of its own is uploading.
    public func abortUnfinishedWrites(prefix listPrefix: String, startedBefore cutoff: Date) throws(ObjectStoreFailure) -> Int {
        let client = self.client, bucket = self.bucket
        let s3Prefix = prefix.isEmpty ? listPrefix : prefix + "/" + listPrefix
        let uploads = try blocking("list uploads under", listPrefix) { try await client.listMultipartUploads(bucket: bucket, prefix: s3Prefix) }
        var aborted = 0
        for upload in uploads where upload.key.hasPrefix(s3Prefix) && (upload.initiated ?? .distantPast) < cutoff {
            try blocking("abort the unfinished upload of", storeKey(upload.key)) {
                try await client.abortMultipartUpload(bucket: bucket, key: upload.key, uploadID: upload.uploadID)
            }
            aborted += 1
        }
        return aborted
    }
}
