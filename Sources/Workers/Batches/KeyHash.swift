import Columns

/// Per-row hashes of key columns (over `ByteHash`, the engine's one byte hash).
///
/// Not cryptographic and not stable across versions: use only within a run
/// (partitioning, hash tables). NULL hashes as a fixed value, so NULL keys land
/// together; whether NULLs *match* is up to each operator.
public enum KeyHash {
    static let secret2: UInt64 = 0x8ebc_6af0_9c88_c6e3
    static let nullHash: UInt64 = 0x5890_7a0e_4c3d_2e11

    @inline(__always)
    static func combine(_ running: UInt64, _ column: UInt64) -> UInt64 {
        ByteHash.fold(running ^ secret2, column ^ ByteHash.secret0)
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
                    out[row] = combine(out[row], nulls[row] ? nullHash : ByteHash.hash(bits(values[row]), seed: seed))
                }
            } else {
                for row in 0 ..< out.count { out[row] = combine(out[row], ByteHash.hash(bits(values[row]), seed: seed)) }
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
                        value = ByteHash.hash(bytes: UnsafeRawBufferPointer(rebasing: bytes[range]), seed: seed)
                    }
                    out[row] = combine(out[row], value)
                }
            }
        }
    }
}
