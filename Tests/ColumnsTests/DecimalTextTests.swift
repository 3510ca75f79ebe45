import Columns
import Testing

@Suite("Decimal text")
struct DecimalTextTests {
    @Test("scale places the point; small magnitudes get a leading zero; signs; every Int64",
          arguments: [
              (Int64(1234), 2, "12.34"), (5, 2, "0.05"), (-5, 2, "-0.05"), (0, 2, "0.00"), (0, 0, "0"),
              (-42, 0, "-42"), (100, 1, "10.0"), (7, 5, "0.00007"),
              (Int64.max, 0, "9223372036854775807"), (Int64.min, 0, "-9223372036854775808"),
              (Int64.min, 2, "-92233720368547758.08"), (Int64.max, 19, "0.9223372036854775807"),
              (1, 22, "0.0000000000000000000001"),
          ])
    func text(unscaled: Int64, scale: Int, expected: String) {
        #expect(DecimalText.string(unscaled: unscaled, scale: scale) == expected)
        var bytes = ContiguousArray<UInt8>("x".utf8)
        DecimalText.append(unscaled: unscaled, scale: scale, to: &bytes)
        #expect(String(decoding: bytes, as: UTF8.self) == "x" + expected)
    }

    @Test("agrees with Swift's integer text at scale 0 on random values")
    func randomIntegers() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0 ..< 1000 {
            let value = Int64.random(in: .min ... .max, using: &generator)
            #expect(DecimalText.string(unscaled: value, scale: 0) == String(value))
        }
    }
}
