/// One input file: where it is, how it is named relative to the source root, and
/// how its bytes are compressed (sniffed from its first bytes).
public struct InputFile: Sendable, Equatable, Hashable {
    public var path: String
    public var relativePath: String
    public var size: Int64
    public var codec: Codec

    public init(path: String, relativePath: String, size: Int64, codec: Codec) {
        self.path = path
        self.relativePath = relativePath
        self.size = size
        self.codec = codec
    }

    /// Opens `path` and sniffs its codec.
    public static func open(path: String, relativePath: String? = nil) throws -> InputFile {
        let file = try RandomAccessFile(path: path)
        let head = try file.read(at: 0, count: 4)
        return InputFile(path: path, relativePath: relativePath ?? path, size: file.size, codec: Codec.detect(prefix: head))
    }
}
