import Foundation
import Crypto

/// Lower-case hex of digests and HMACs, as SigV4 and ETags spell them.
enum Hex {
    private static let digits: [UInt8] = Array("0123456789abcdef".utf8)

    static func string<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        var out = [UInt8]()
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func sha256<Bytes: DataProtocol>(_ bytes: Bytes) -> String { string(SHA256.hash(data: bytes)) }

    /// SHA-256 of the empty payload, the body hash of every GET, HEAD and DELETE.
    static let emptySHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
}
