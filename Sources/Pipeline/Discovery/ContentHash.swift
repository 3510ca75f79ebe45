import Foundation

/// A 128-bit fingerprint of a file's bytes (two independent 64-bit multiply–rotate
/// lanes over 8-byte words): fast enough to hash every new file at disk speed. It
/// identifies a file together with its path and size; it is not a cryptographic hash.
enum ContentHash {
    static func of(file path: String) throws -> String {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw PipelineError.io(path: path, reason: "cannot open: \(LakeFiles.errnoText())") }
        defer { close(fd) }
        var state = State()
        let chunk = 1 << 20
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunk, alignment: 8)
        defer { buffer.deallocate() }
        while true {
            let n = read(fd, buffer.baseAddress, chunk)
            if n < 0 {
                if errno == EINTR { continue }
                throw PipelineError.io(path: path, reason: "cannot read: \(LakeFiles.errnoText())")
            }
            if n == 0 { break }
            state.absorb(UnsafeRawBufferPointer(rebasing: buffer[0 ..< n]))
        }
        return state.finish()
    }

    static func of(bytes: [UInt8]) -> String {
        var state = State()
        bytes.withUnsafeBytes { state.absorb($0) }
        return state.finish()
    }

    struct State {
        var a: UInt64 = 0x9E37_79B9_7F4A_7C15
        var b: UInt64 = 0xC2B2_AE3D_27D4_EB4F
        var length: UInt64 = 0
        /// Bytes left over from the previous call (fewer than 8).
        var tail: [UInt8] = []

        mutating func absorb(_ input: UnsafeRawBufferPointer) {
            var bytes = input
            var carried: [UInt8] = []
            if !tail.isEmpty {
                let need = 8 - tail.count
                let take = min(need, bytes.count)
                tail += bytes[0 ..< take]
                bytes = UnsafeRawBufferPointer(rebasing: bytes[take...])
                if tail.count < 8 { length += UInt64(take); return }
                carried = tail
                tail = []
                length += UInt64(take)
                carried.withUnsafeBytes { mix($0.loadUnaligned(as: UInt64.self)) }
            }
            let words = bytes.count / 8
            for i in 0 ..< words { mix(bytes.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self)) }
            tail = Array(bytes[(words * 8)...])
            length += UInt64(words * 8 + tail.count)
        }

        @inline(__always)
        mutating func mix(_ word: UInt64) {
            a = (a ^ word) &* 0xFF51_AFD7_ED55_8CCD
            a = (a << 31) | (a >> 33)
            b = (b &+ word) &* 0xC4CE_B9FE_1A85_EC53
            b = (b << 27) | (b >> 37)
        }

        mutating func finish() -> String {
            var last: UInt64 = 0
            for (i, byte) in tail.enumerated() { last |= UInt64(byte) << (8 * UInt64(i)) }
            mix(last ^ length)
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
