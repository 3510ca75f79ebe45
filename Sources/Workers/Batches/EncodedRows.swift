#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Columns

/// Key values of each row of a batch as one byte string per row (see `RowEncoder`):
/// byte equality is key equality, byte order is key order.
public struct EncodedRows: Sendable {
    public internal(set) var bytes: ContiguousArray<UInt8>
    /// Row `i` is `bytes[offsets[i] ..< offsets[i+1]]`.
    public internal(set) var offsets: ContiguousArray<Int>

    public var count: Int { offsets.count - 1 }

    public func withRow<R>(_ row: Int, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try bytes.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0[offsets[row] ..< offsets[row + 1]])) }
    }

    public func hash(_ row: Int, seed: UInt64 = 0) -> UInt64 {
        withRow(row) { ByteHash.hash(bytes: $0, seed: seed) }
    }

    /// Three-way comparison of row `row` here with row `otherRow` of `other`.
    public func compare(_ row: Int, _ other: EncodedRows, _ otherRow: Int) -> Int {
        withRow(row) { a in other.withRow(otherRow) { b in EncodedRows.compare(a, b) } }
    }

    public func equal(_ row: Int, _ other: EncodedRows, _ otherRow: Int) -> Bool {
        withRow(row) { a in other.withRow(otherRow) { b in ByteEquality.equal(a, b) } }
    }

    /// Lexicographic byte comparison (shorter prefix first).
    @inline(__always)
    public static func compare(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Int {
        let common = min(a.count, b.count)
        if common > 0, let pa = a.baseAddress, let pb = b.baseAddress {
            let result = memcmp(pa, pb, common)
            if result != 0 { return Int(result) }
        }
        return a.count - b.count
    }
}
