import Columns

/// A fast 64-bit hash (wyhash-style: 128-bit multiply-and-fold) over bytes and
/// integers, and per-row hashes of key columns.
///
/// Not cryptographic and not stable across versions: use only within a run
/// (partitioning, hash tables). NULL hashes as a fixed value, so NULL keys land
/// together; whether NULLs *match* is up to each operator.
public enum KeyHash {
    static let secret0: UInt64 = 0xa076_1d64_78bd_642f
    static let secret1: UInt64 = 0xe703_7ed1_a0b4_28db
    static let secret2: UInt64 = 0x8ebc_6af0_9c88_c6e3
    static let nullHash: UInt64 = 0x5890_7a0e_4c3d_2e11

    @inline(__always)
    static func fold(_ a: UInt64, _ b: UInt64) -> UInt64 {
        let product = a.multipliedFullWidth(by: b)
        return product.high ^ product.low
    }

    /// Hash of a byte string.

    public static func hash(bytes: UnsafeRawBufferPointer, seed: UInt64 = 0) -> UInt64 {
        let n = bytes.count
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
                a = UInt64(bytes[0]) << 16 | UInt64(bytes[n >> 1]) << 8 | UInt64(bytes[n - 1])
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

    /// Hash of one integer value.
    @inline(__always)
    public static func hash(_ value: UInt64, seed: UInt64 = 0) -> UInt64 {
        fold(value ^ secret0 ^ seed, secret1 ^ 0x9e37_79b9_7f4a_7c15)
    }

    @inline(__always)
    static func combine(_ running: UInt64, _ column: UInt64) -> UInt64 {
        fold(running ^ secret2, column ^ secret0)
    }

    /// One hash per row over the key columns at `keys` (in that order).
    /// Equal key values hash equally whatever batch they come from.
    public static func hashRows(of batch: RecordBatch, keys: [Int], seed: UInt64 = 0) -> ContiguousArray<UInt64> {
        var hashes = ContiguousArray<UInt64>(repeating: seed, count: batch.rowCount)
        hashes.withUnsafeMutableBufferPointer { out in
            for key in keys {
                switch batch.columns[key] {
                case let .text(c): combineText(c, into: out, seed: seed)
                case let .int64(c), let .decimal(c): combineFixed(c, into: out, seed: seed) { UInt64(bitPattern: $0) }
                case let .int32(c), let .date(c): combineFixed(c, into: out, seed: seed) { UInt64(bitPattern: Int64($0)) }
                case let .double(c): combineFixed(c, into: out, seed: seed) { $0 }
                case let .bool(c): combineFixed(c, into: out, seed: seed) { UInt64($0) }
                }
            }
        }
        return hashes
    }

    private static func combineFixed<V>(_ column: FixedColumn<V>, into out: UnsafeMutableBufferPointer<UInt64>,
                                        seed: UInt64, _ bits: (V) -> UInt64) {
        column.values.withUnsafeBufferPointer { values in
            if let nulls = column.nulls {
                for row in 0 ..< out.count {
                    out[row] = combine(out[row], nulls[row] ? nullHash : hash(bits(values[row]), seed: seed))
                }
            } else {
                for row in 0 ..< out.count { out[row] = combine(out[row], hash(bits(values[row]), seed: seed)) }
            }
        }
    }

    private static func combineText(_ column: ByteColumn, into out: UnsafeMutableBufferPointer<UInt64>, seed: UInt64) {
        column.bytes.withUnsafeBytes { bytes in
            column.offsets.withUnsafeBufferPointer { offsets in
                for row in 0 ..< out.count {
                    let value: UInt64
                    if column.isNull(row) {
                        value = nullHash
                    } else {
                        let range = Int(offsets[row]) ..< Int(offsets[row + 1])
                        value = hash(bytes: UnsafeRawBufferPointer(rebasing: bytes[range]), seed: seed)
                    }
                    out[row] = combine(out[row], value)
                }
            }
        }
    }
}
