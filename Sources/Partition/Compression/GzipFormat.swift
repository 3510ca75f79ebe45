/// gzip member header fields (RFC 1952) and the size-carrying extra subfields.
enum GzipFormat {
    static let id1: UInt8 = 0x1F
    static let id2: UInt8 = 0x8B
    static let deflateMethod: UInt8 = 8
    static let flagExtra: UInt8 = 0x04
    static let reservedFlags: UInt8 = 0xE0
    /// Fixed header (10) + empty deflate block (2) + trailer (8).
    static let minimumMemberSize: Int64 = 20
    /// Our own subfield: 'M','S', LEN 8, uint64 LE total member size.
    static let sizeSubfield: (UInt8, UInt8) = (0x4D, 0x53)
    /// BGZF: 'B','C', LEN 2, uint16 LE total member size - 1.
    static let bgzfSubfield: (UInt8, UInt8) = (0x42, 0x43)

    /// Total member size announced by an 'MS' or BGZF 'BC' subfield in the header
    /// `head` (which must start at the member), or nil when there is none.
    static func announcedSize(header head: ContiguousArray<UInt8>) -> Int64? {
        guard head.byte(at: 0) == id1, head.byte(at: 1) == id2, head.byte(at: 2) == deflateMethod,
              let flags = head.byte(at: 3), flags & flagExtra != 0, flags & reservedFlags == 0,
              let extraLength = head.le16(at: 10)
        else { return nil }
        var at = 12
        let end = 12 + Int(extraLength)
        while at + 4 <= end {
            guard let si1 = head.byte(at: at), let si2 = head.byte(at: at + 1),
                  let length = head.le16(at: at + 2) else { return nil }
            let data = at + 4
            if si1 == sizeSubfield.0, si2 == sizeSubfield.1, length == 8, let size = head.le64(at: data) {
                return Int64(clamping: size)
            }
            if si1 == bgzfSubfield.0, si2 == bgzfSubfield.1, length == 2, let size = head.le16(at: data) {
                return Int64(size) + 1
            }
            at = data + Int(length)
        }
        return nil
    }

    /// Cheap plausibility test for a member starting at `index` in `bytes`: magic,
    /// deflate, no reserved flags, and extra-flags / OS values real encoders write.
    static func plausibleHeader(_ bytes: UnsafeRawBufferPointer, at index: Int) -> Bool {
        guard index >= 0, index + 10 <= bytes.count else { return false }
        guard bytes[index] == id1, bytes[index + 1] == id2, bytes[index + 2] == deflateMethod,
              bytes[index + 3] & reservedFlags == 0 else { return false }
        let extraFlags = bytes[index + 8]
        let os = bytes[index + 9]
        return (extraFlags == 0 || extraFlags == 2 || extraFlags == 4) && (os <= 19 || os == 255)
    }
}
