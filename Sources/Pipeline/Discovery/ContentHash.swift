import Columns
import Partition

/// A 128-bit fingerprint of a file's bytes (two independent 64-bit multiply–rotate
/// lanes over 8-byte words): fast enough to hash every new file at disk speed. It
/// identifies a file together with its path and size; it is not a cryptographic hash.
/// Stored in run manifests, so its definition must not change (unlike `KeyHash`,
/// which is only stable within a run).
enum ContentHash {
    /// Chunk size of the reads; a multiple of 8, so only the last chunk has a tail.
    static let chunkBytes = 1 << 20

    static func of(file path: String) throws -> String {
        let file = try RandomAccessFile(path: path)
        var state = State()
        var chunk = ContiguousArray<UInt8>()
        var offset: Int64 = 0
        repeat {
            try file.read(at: offset, count: chunkBytes, into: &chunk)
            chunk.withUnsafeBytes { state.absorb($0) }
            offset += Int64(chunk.count)
        } while chunk.count == chunkBytes
        return state.finish()
    }

    struct State {
        var a: UInt64 = 0x9E37_79B9_7F4A_7C15
        var b: UInt64 = 0xC2B2_AE3D_27D4_EB4F
        var length: UInt64 = 0
        /// The last word, from the bytes after the final whole 8-byte word.
        var tail: UInt64 = 0

        /// Absorbs whole words; the bytes after the last whole word become the tail
        /// (callers pass whole-word chunks except the last).
        mutating func absorb(_ bytes: UnsafeRawBufferPointer) {
            let words = bytes.count / 8
            for i in 0 ..< words { mix(bytes.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self)) }
            for (i, byte) in bytes[(words * 8)...].enumerated() { tail |= UInt64(byte) << (8 * UInt64(i)) }
            length += UInt64(bytes.count)
        }

        @inline(__always)
        mutating func mix(_ word: UInt64) {
            a = (a ^ word) &* 0xFF51_AFD7_ED55_8CCD
            a = (a << 31) | (a >> 33)
            b = (b &+ word) &* 0xC4CE_B9FE_1A85_EC53
            b = (b << 27) | (b >> 37)
        }

        mutating func finish() -> String {
            mix(tail ^ length)
            return hex(avalanche(a ^ (b >> 1))) + hex(avalanche(b ^ (a << 1)))
        }

        func avalanche(_ x: UInt64) -> UInt64 {
            var h = x
            h ^= h >> 33; h = h &* 0xFF51_AFD7_ED55_8CCD
            h ^= h >> 33; h = h &* 0xC4CE_B9FE_1A85_EC53
            h ^= h >> 33
            return h
        }

        func hex(_ v: UInt64) -> String {
            let s = String(v, radix: 16)
            return String(repeating: "0", count: 16 - s.count) + s
        }
    }
}
