/// The one fast 64-bit hash of the engine (wyhash-style: 128-bit multiply-and-fold), over
/// byte strings and integers: hash tables and partitioning in the operators, the Parquet
/// writer's dictionaries, spill block checksums. Not cryptographic and not stable across
/// versions: use only within a run.
public enum ByteHash {
    public static let secret0: UInt64 = 0xa076_1d64_78bd_642f
    public static let secret1: UInt64 = 0xe703_7ed1_a0b4_28db

    @inlinable @inline(__always)
    public static func fold(_ a: UInt64, _ b: UInt64) -> UInt64 {
        let product = a.multipliedFullWidth(by: b)
        return product.high ^ product.low
    }

    /// Hash of `count` bytes at `bytes` (short values take two overlapping loads, no loop).
    @inlinable
    public static func hash(_ bytes: UnsafeRawPointer, count n: Int, seed: UInt64 = 0) -> UInt64 {
        var state = seed ^ fold(seed ^ secret0, secret1)
        var a: UInt64 = 0, b: UInt64 = 0
        if n <= 16 {
            if n >= 4 {
                let quarter = (n >> 3) << 2
                a = UInt64(bytes.loadUnaligned(fromByteOffset: 0, as: UInt32.self)) << 32
                    | UInt64(bytes.loadUnaligned(fromByteOffset: quarter, as: UInt32.self))
                b = UInt64(bytes.loadUnaligned(fromByteOffset: n - 4, as: UInt32.self)) << 32
                    | UInt64(bytes.loadUnaligned(fromByteOffset: n - 4 - quarter, as: UInt32.self))
            } else if n > 0 {
                a = UInt64(bytes.load(as: UInt8.self)) << 16 | UInt64(bytes.load(fromByteOffset: n >> 1, as: UInt8.self)) << 8
                    | UInt64(bytes.load(fromByteOffset: n - 1, as: UInt8.self))
            }
        } else {
            var offset = 0
            while n - offset > 16 {
                state = fold(bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self) ^ secret1,
                             bytes.loadUnaligned(fromByteOffset: offset + 8, as: UInt64.self) ^ state)
                offset += 16
            }
            a = bytes.loadUnaligned(fromByteOffset: n - 16, as: UInt64.self)
            b = bytes.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self)
        }
        return fold(secret1 ^ UInt64(n), fold(a ^ secret1, b ^ state))
    }

    /// Hash of a byte buffer.
    @inlinable
    public static func hash(bytes: UnsafeRawBufferPointer, seed: UInt64 = 0) -> UInt64 {
        guard let base = bytes.baseAddress else { return hash(UnsafeRawPointer(bitPattern: 1)!, count: 0, seed: seed) }
        return hash(base, count: bytes.count, seed: seed)
    }

    /// Hash of one integer value.
    @inlinable @inline(__always)
    public static func hash(_ value: UInt64, seed: UInt64 = 0) -> UInt64 {
        fold(value ^ secret0 ^ seed, secret1 ^ 0x9e37_79b9_7f4a_7c15)
    }
}
