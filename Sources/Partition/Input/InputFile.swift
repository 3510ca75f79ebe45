import ObjectStorage

/// One input file: where it is, how it is named relative to the source root, and
/// how its bytes are compressed (sniffed from its first bytes).
public struct InputFile: Sendable, Equatable, Hashable {
    public var path: String
    public var relativePath: String
    public var size: Int64
    /// How the bytes are compressed; nil until the scan reads the first bytes. An object
    /// found by a listing is not fetched just to sniff it: on an object store that would be
    /// one more request per file, made one after another before the scan starts.
    public var codec: Codec?
    /// The ETag the listing gave (remote files): the scan opens the object without asking the
    /// store again and reads exactly that version (a replaced object fails the read).
    public var etag: String?

    public init(path: String, relativePath: String, size: Int64, codec: Codec?, etag: String? = nil) {
        self.path = path
        self.relativePath = relativePath
        self.size = size
        self.codec = codec
        self.etag = etag
    }

    /// Opens `path` and sniffs its codec.
    public static func open(path: String, relativePath: String? = nil) throws -> InputFile {
        let file = try RandomAccessFile(path: path)
        let head = try file.read(at: 0, count: 4)
        return InputFile(path: path, relativePath: relativePath ?? path, size: file.size, codec: Codec.detect(prefix: head),
                         etag: file.etag)
    }

    /// A file an object-store listing found: size and ETag from the listing, codec sniffed by the scan.
    public static func listed(path: String, relativePath: String, object: ObjectInfo) -> InputFile {
        InputFile(path: path, relativePath: relativePath, size: object.size, codec: nil, etag: object.etag)
    }
}
