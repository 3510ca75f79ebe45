/// How a file's bytes are compressed, found from its first bytes (never from its name).
public enum Codec: String, Sendable, Equatable, CaseIterable {
    case plain
    case gzip
    case zstd

    /// Detects the codec from the leading bytes of a file.
    /// gzip: 1F 8B; zstd frame: 28 B5 2F FD; a zstd skippable frame (50..5F 2A 4D 18)
    /// opens seekable/pzstd files.
    public static func detect(prefix: some Collection<UInt8>) -> Codec {
        let head = Array(prefix.prefix(4))
        if head.count >= 2, head[0] == 0x1F, head[1] == 0x8B { return .gzip }
        if head.count >= 4 {
            if head == [0x28, 0xB5, 0x2F, 0xFD] { return .zstd }
            if head[0] & 0xF0 == 0x50, head[1] == 0x2A, head[2] == 0x4D, head[3] == 0x18 { return .zstd }
        }
        return .plain
    }
}
