/// The text of a DECIMAL value held as an unscaled integer (`1234` at scale 2 is `12.34`,
/// `-5` is `-0.05`): plain digits, never an exponent, exact for every Int64 (`Int64.min`
/// included). The one implementation the lake's log, CSV output and the CLI use.
public enum DecimalText {
    /// Appends the text as UTF-8 bytes (the hot path: one value of a written column).
    public static func append(unscaled: Int64, scale: Int, to out: inout ContiguousArray<UInt8>) {
        let scale = max(0, scale)
        // 20 digits hold any UInt64; the scale may ask for leading zeros beyond them.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 21 + scale) { digits in
            var magnitude = unscaled.magnitude
            var count = 0
            repeat {
                digits[count] = UInt8(truncatingIfNeeded: magnitude % 10) &+ 0x30
                magnitude /= 10
                count += 1
            } while magnitude > 0
            // At least one digit before the point.
            while count <= scale {
                digits[count] = 0x30
                count += 1
            }
            if unscaled < 0 { out.append(0x2D) }
            for index in stride(from: count - 1, through: scale, by: -1) { out.append(digits[index]) }
            guard scale > 0 else { return }
            out.append(0x2E)
            for index in stride(from: scale - 1, through: 0, by: -1) { out.append(digits[index]) }
        }
    }

    public static func string(unscaled: Int64, scale: Int) -> String {
        var bytes = ContiguousArray<UInt8>()
        append(unscaled: unscaled, scale: scale, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }
}
