import Crypto

/// Lower-case hex SHA-256 (swift-crypto's), the form of Rules §3.2's product codes.
public enum SHA256Hex {
    private static let digits = Array("0123456789abcdef".utf8)

    public static func of<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        var text: [UInt8] = []
        text.reserveCapacity(64)
        for byte in SHA256.hash(data: Array(bytes)) {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// Of the UTF-8 bytes of `text`.
    public static func of(_ text: String) -> String { of(text.utf8) }
}
