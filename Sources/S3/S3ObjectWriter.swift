import ObjectStorage

/// A streamed object write: appends gather into parts here and go to an `S3MultipartWriter`
/// (parallel part uploads); `finish` completes the upload, `abort` or a failure drops it.
/// An object smaller than one part is a single PUT at `finish`.
final class S3ObjectWriter: ObjectWriter {
    let key: String
    private(set) var bytesWritten: Int64 = 0
    private let store: S3ObjectStore
    private let upload: S3MultipartWriter
    private var pending: [UInt8] = []

    init(store: S3ObjectStore, key: String) {
        self.store = store
        self.key = key
        self.upload = S3MultipartWriter(client: store.client, bucket: store.bucket, key: store.objectKey(key),
                                        partSize: store.partSize, maxInFlight: store.partsInFlight)
    }

    func append(_ bytes: UnsafeRawBufferPointer) throws(ObjectStoreFailure) {
        pending.append(contentsOf: bytes)
        bytesWritten += Int64(bytes.count)
        guard pending.count >= store.partSize else { return }
        let full = pending
        pending = []
        let upload = self.upload
        try store.blocking("upload", key) { try await upload.write(full) }
    }

    func finish() throws(ObjectStoreFailure) {
        let rest = pending
        pending = []
        let upload = self.upload
        try store.blocking("write", key) {
            if !rest.isEmpty { try await upload.write(rest) }
            try await upload.finish()
        }
    }

    func abort() {
        pending = []
        let upload = self.upload
        _ = try? BlockingBridge.run { await upload.abort() }
    }
}
