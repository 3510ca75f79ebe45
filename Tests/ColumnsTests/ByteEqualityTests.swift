import Testing
@testable import Columns

@Suite("ByteEquality")
struct ByteEqualityTests {
    @Test("agrees with element-wise equality for every length 0…40, equal and differing at each position")
    func agreesWithElementwise() {
        for length in 0 ... 40 {
            let base = (0 ..< length).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
            base.withUnsafeBytes { a in
                let copy = Array(base)
                copy.withUnsafeBytes { b in #expect(ByteEquality.equal(a, b), "length \(length)") }
                for position in 0 ..< length {
                    var other = base
                    other[position] ^= 0x5A
                    other.withUnsafeBytes { b in #expect(!ByteEquality.equal(a, b), "length \(length), byte \(position)") }
                }
                let longer = base + [0]
                longer.withUnsafeBytes { b in #expect(!ByteEquality.equal(a, b), "length \(length) vs \(length + 1)") }
            }
        }
    }

    @Test("compares slices in place, at any alignment")
    func unalignedSlices() {
        let bytes: [UInt8] = Array("xxABCDEFGHIJKLMNOPQRSTyABCDEFGHIJKLMNOPQRST".utf8)
        bytes.withUnsafeBytes { all in
            for length in 1 ... 20 {
                let a = UnsafeRawBufferPointer(rebasing: all[2 ..< 2 + length])
                let b = UnsafeRawBufferPointer(rebasing: all[23 ..< 23 + length])
                #expect(ByteEquality.equal(a, b), "length \(length)")
            }
        }
    }
}
