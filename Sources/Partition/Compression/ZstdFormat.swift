/// Constants of the zstd frame format and its seekable / pzstd conventions.
enum ZstdFormat {
    static let frameMagic: UInt32 = 0xFD2F_B528
    /// Skippable frames use magics 0x184D2A50 ... 0x184D2A5F.
    static let skippableMagicBase: UInt32 = 0x184D_2A50
    static let skippableMagicMask: UInt32 = 0xFFFF_FFF0
    /// pzstd puts a skippable frame with this magic and a 4-byte payload (the compressed
    /// size of the following frame) before every frame.
    static let pzstdMagic: UInt32 = 0x184D_2A50
    static let seekTableMagic: UInt32 = 0x184D_2A5E
    static let seekableFooterMagic: UInt32 = 0x8F92_EAB1
    static let seekTableFooterSize = 9
    static let maxBlockSize = 128 << 10
    /// Magic, descriptor, window byte, 4-byte dictionary id, 8-byte content size.
    static let maxFrameHeaderSize = 18

    static func isSkippable(_ magic: UInt32) -> Bool {
        magic & skippableMagicMask == skippableMagicBase
    }

    static func isFrameStart(_ magic: UInt32) -> Bool {
        magic == frameMagic || isSkippable(magic)
    }
}
