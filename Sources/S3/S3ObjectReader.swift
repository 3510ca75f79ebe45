import ObjectStorage

/// Ranged GETs of one object, each pinned to the ETag seen at open (`If-Match`) so an object
/// replaced mid-read fails instead of mixing two versions.
public struct S3ObjectReader: ObjectReader {
    let store: S3ObjectStore
    public let key: String
    public let size: Int64
    public let etag: String?

    public func read(at offset: Int64, count: Int, into buffer: inout ContiguousArray<UInt8>) throws(ObjectStoreFailure) {
        buffer.removeAll(keepingCapacity: true)
        guard count > 0 else { return }
        let range = try checkedRange(offset: offset, count: count)
        let bytes = try fetch([range])[0]
        buffer.append(contentsOf: bytes)
    }

    /// Several ranges at once, their GETs in flight together (column chunks of one row group,
    /// the frames of a compressed split); the answers come back in the order asked.
    public func read(ranges: [(offset: Int64, count: Int)]) throws(ObjectStoreFailure) -> [ContiguousArray<UInt8>] {
        var checked: [Range<Int64>] = []
        for range in ranges { checked.append(try checkedRange(offset: range.offset, count: range.count)) }
        return try fetch(checked).map { ContiguousArray($0) }
    }

    private func checkedRange(offset: Int64, count: Int) throws(ObjectStoreFailure) -> Range<Int64> {
        let (end, overflow) = offset.addingReportingOverflow(Int64(count))
        guard offset >= 0, count >= 0, !overflow else {
            throw ObjectStoreFailure(store: store.description, key: key, operation: "read", kind: .other,
                                     cause: "invalid range: \(count) bytes at offset \(offset)")
        }
        guard end <= size else {
            throw ObjectStoreFailure(store: store.description, key: key, operation: "read", kind: .shortRead,
                                     cause: "asked for bytes \(offset)..<\(end), but the object has \(size)")
        }
        return offset..<end
    }

    private func fetch(_ ranges: [Range<Int64>]) throws(ObjectStoreFailure) -> [[UInt8]] {
        let client = store.client, bucket = store.bucket, objectKey = store.objectKey(key), etag = self.etag
        let parts = try store.blocking("read", key) {
            try await withThrowingTaskGroup(of: (Int, [UInt8]).self) { group in
                for (index, range) in ranges.enumerated() {
                    group.addTask { (index, try await client.getObject(bucket: bucket, key: objectKey, range: range, ifMatch: etag)) }
                }
                var parts = [[UInt8]](repeating: [], count: ranges.count)
                for try await (index, bytes) in group { parts[index] = bytes }
                return parts
            }
        }
        for (range, bytes) in zip(ranges, parts) where bytes.count != range.count {
            throw ObjectStoreFailure(store: store.description, key: key, operation: "read", kind: .shortRead,
                                     cause: "asked for \(range.count) bytes at offset \(range.lowerBound), got \(bytes.count)")
        }
        return parts
    }
}
