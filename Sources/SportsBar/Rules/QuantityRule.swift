/// §3.4 step 1 and §8: order_qty must be a number `^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$`
/// (no surrounding spaces) whose exact value is a whole number ≥ 0 (`150.0` is 150,
/// `1.5e1` is 15, `-0` is 0). Evaluated on the decimal digits, never through Double.
public enum QuantityRule {
    public enum Outcome: Sendable, Equatable {
        case valid(Int64)
        /// Not a number, a non-zero fraction, below 0, or beyond BIGINT.
        case invalid
    }

    /// The quantity of a non-NULL field.
    public static func evaluate(_ s: UnsafeRawBufferPointer) -> Outcome {
        guard let number = DecimalText(s) else { return .invalid }
        return number.wholeValue().map(Outcome.valid) ?? .invalid
    }

    public static func evaluate(_ text: String) -> Outcome {
        var copy = text
        return copy.withUTF8 { evaluate(UnsafeRawBufferPointer($0)) }
    }
}

/// A number matched by the order_qty pattern, kept as the positions of its digits.
struct DecimalText {
    let text: UnsafeRawBufferPointer
    let negative: Bool
    /// Integer digits are text[intStart ..< intEnd], fraction digits text[fracStart ..< fracEnd].
    let intStart: Int, intEnd: Int, fracStart: Int, fracEnd: Int
    /// The exponent, clamped far beyond any BIGINT so it cannot overflow.
    let exponent: Int

    init?(_ s: UnsafeRawBufferPointer) {
        let n = s.count
        var i = 0
        var negative = false
        if i < n, s[i] == 0x2B || s[i] == 0x2D { negative = s[i] == 0x2D; i += 1 }
        let intStart = i
        while i < n, s[i] &- 0x30 < 10 { i += 1 }
        let intEnd = i
        var fracStart = i, fracEnd = i
        if i < n, s[i] == 0x2E {
            i += 1
            fracStart = i
            while i < n, s[i] &- 0x30 < 10 { i += 1 }
            fracEnd = i
        }
        // `\d+\.?\d*` or `\.\d+`: at least one digit on some side of the point.
        guard intEnd > intStart || fracEnd > fracStart else { return nil }
        var exponent = 0
        if i < n, s[i] | 0x20 == 0x65 {
            i += 1
            var negativeExponent = false
            if i < n, s[i] == 0x2B || s[i] == 0x2D { negativeExponent = s[i] == 0x2D; i += 1 }
            let start = i
            while i < n, s[i] &- 0x30 < 10 {
                exponent = min(exponent * 10 + Int(s[i] &- 0x30), 1_000_000_000)
                i += 1
            }
            guard i > start else { return nil }
            if negativeExponent { exponent = -exponent }
        }
        guard i == n else { return nil }
        text = s
        self.negative = negative
        self.intStart = intStart
        self.intEnd = intEnd
        self.fracStart = fracStart
        self.fracEnd = fracEnd
        self.exponent = exponent
    }

    /// Digit `k` of the digits written (integer digits, then fraction digits).
    private func digit(_ k: Int) -> Int64 {
        let intCount = intEnd - intStart
        let position = k < intCount ? intStart + k : fracStart + (k - intCount)
        return Int64(text[position] &- 0x30)
    }

    /// The exact value when it is a whole number in 0 … Int64.max; nil otherwise.
    func wholeValue() -> Int64? {
        let intCount = intEnd - intStart
        let total = intCount + (fracEnd - fracStart)
        var first = 0
        while first < total, digit(first) == 0 { first += 1 }
        guard first < total else { return 0 } // every digit zero: 0 (also `-0`)
        var last = total - 1
        while digit(last) == 0 { last -= 1 }
        // Digit k stands for d × 10^(intCount - 1 - k + exponent).
        let lastPower = intCount - 1 - last + exponent
        guard lastPower >= 0, !negative else { return nil } // a fraction, or below 0
        guard intCount - first + exponent <= 19 else { return nil } // more than 19 integer digits
        var value: Int64 = 0
        for k in first ... last {
            let (shifted, o1) = value.multipliedReportingOverflow(by: 10)
            let (sum, o2) = shifted.addingReportingOverflow(digit(k))
            guard !o1, !o2 else { return nil }
            value = sum
        }
        for _ in 0 ..< lastPower {
            let (shifted, overflow) = value.multipliedReportingOverflow(by: 10)
            guard !overflow else { return nil }
            value = shifted
        }
        return value
    }
}
