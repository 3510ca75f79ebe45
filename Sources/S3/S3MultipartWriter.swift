/// Writes one large object as a multipart upload: bytes are cut into parts of `partSize`
/// (at least S3's 5 MiB; only the last may be smaller), up to `maxInFlight` parts upload at
/// once, and any failure or cancellation aborts the upload so no parts are left billed.
/// An object that ends before its first part is full goes up in one plain PUT instead.
public actor S3MultipartWriter {
    public static let minimumPartSize = 5 * 1024 * 1024
    public static let maximumParts = 10_000

    public let bucket: String
    public let key: String
    public let partSize: Int
    public let maxInFlight: Int
    private let client: S3Client
    private var buffer: [UInt8] = []
    private var uploadID: String?
    private var inFlight: [(number: Int, task: Task<String, any Error>)] = []
    private var completed: [(number: Int, etag: String)] = []
    private var nextPart = 1
    /// The most parts that were uploading at once, for tests and reports.
    public private(set) var peakPartsInFlight = 0
    /// The multipart upload's id once the first part started; nil for an object sent whole.
    public var currentUploadID: String? { uploadID }
    private var state = State.open

    private enum State { case open, finished, aborted }

    public init(client: S3Client, bucket: String, key: String, partSize: Int = 8 * 1024 * 1024, maxInFlight: Int = 4) {
        self.client = client
        self.bucket = bucket
        self.key = key
        self.partSize = max(partSize, Self.minimumPartSize)
        self.maxInFlight = max(1, maxInFlight)
    }

    /// Buffers `bytes` and starts uploading every part that is full.
    public func write(_ bytes: [UInt8]) async throws {
        try checkOpen()
        buffer += bytes
        try await failing {
            try Task.checkCancellation()
            while buffer.count >= partSize {
                let part = Array(buffer[0..<partSize])
                buffer.removeFirst(partSize)
                try await startPart(part)
            }
        }
    }

    /// Uploads what is left, waits for every part and joins them; returns the object's ETag.
    @discardableResult
    public func finish() async throws -> String {
        try checkOpen()
        return try await failing {
            try Task.checkCancellation()
            guard let uploadID else {
                let etag = try await client.putObject(bucket: bucket, key: key, bytes: buffer)
                buffer = []
                state = .finished
                return etag
            }
            if !buffer.isEmpty {
                let last = buffer
                buffer = []
                try await startPart(last)
            }
            while !inFlight.isEmpty { try await awaitOldest() }
            let etag = try await client.completeMultipartUpload(bucket: bucket, key: key, uploadID: uploadID,
                                                                parts: completed.sorted { $0.number < $1.number })
            state = .finished
            return etag
        }
    }

    /// Stops: cancels the parts under way and deletes the upload with its stored parts.
    public func abort() async {
        guard state == .open else { return }
        state = .aborted
        buffer = []
        for part in inFlight { part.task.cancel() }
        for part in inFlight { _ = try? await part.task.value }
        inFlight = []
        if let uploadID {
            // Best effort: the caller is already handling the error that led here.
            try? await client.abortMultipartUpload(bucket: bucket, key: key, uploadID: uploadID)
        }
    }

    private func startPart(_ bytes: [UInt8]) async throws {
        if uploadID == nil { uploadID = try await client.createMultipartUpload(bucket: bucket, key: key) }
        guard let uploadID else { return }
        guard nextPart <= Self.maximumParts else {
            throw S3Error(operation: "UploadPart", bucket: bucket, key: key,
                          reason: .invalidRequest("more than \(Self.maximumParts) parts of \(partSize) bytes: use a larger part size"),
                          attempts: 0)
        }
        while inFlight.count >= maxInFlight { try await awaitOldest() }
        let number = nextPart
        nextPart += 1
        let client = self.client, bucket = self.bucket, key = self.key
        // On the S3 executor, not the cooperative pool: a synchronous caller may be blocking a pool thread.
        inFlight.append((number, Task(executorPreference: BlockingBridge.executor) {
            try await client.uploadPart(bucket: bucket, key: key, uploadID: uploadID, number: number, bytes: bytes)
        }))
        peakPartsInFlight = max(peakPartsInFlight, inFlight.count)
    }

    private func awaitOldest() async throws {
        guard !inFlight.isEmpty else { return }
        let oldest = inFlight.removeFirst()
        let etag = try await withTaskCancellationHandler {
            try await oldest.task.value
        } onCancel: {
            oldest.task.cancel()
        }
        completed.append((oldest.number, etag))
    }

    /// Runs `body`; if it throws, aborts the upload and rethrows.
    private func failing<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch {
            await abort()
            throw error
        }
    }

    private func checkOpen() throws {
        guard state == .open else {
            throw S3Error(operation: "multipart upload", bucket: bucket, key: key,
                          reason: .invalidRequest(state == .finished ? "the upload is already finished" : "the upload was aborted"),
                          attempts: 0)
        }
    }
}
