/// Parses human-written byte sizes such as "512MB", "2GiB", "100k", "1.5g" or "4096".
///
/// Units are binary for every spelling (k = KB = KiB = 1024), the JVM/Spark convention
/// for memory settings, so "512MB" means 512 × 2^20 bytes. Case and spaces between
/// number and unit are ignored.
public enum ByteSize {
    public static func parse(_ text: String) throws(ByteSizeError) -> Int {
        let trimmed = text.trimmingSpaces()
        guard !trimmed.isEmpty else { throw .empty }
        let numberEnd = trimmed.firstIndex { !($0.isASCII && ($0.isNumber || $0 == ".")) } ?? trimmed.endIndex
        let numberText = trimmed[..<numberEnd]
        let unitText = trimmed[numberEnd...].trimmingSpaces().lowercased()
        guard !numberText.isEmpty, let number = Double(numberText), number.isFinite, number >= 0 else {
            throw .invalidNumber(text)
        }
        guard let multiplier = multipliers[unitText] else { throw .unknownUnit(unit: unitText, in: text) }
        let bytes = (number * Double(multiplier)).rounded(.down)
        // Double(Int.max) rounds up to 2^63, so compare with `<` against it.
        guard bytes < Double(Int.max) else { throw .tooLarge(text) }
        return Int(bytes)
    }

    private static let multipliers: [String: Int] = {
        var table: [String: Int] = ["": 1, "b": 1]
        let prefixes = ["k", "m", "g", "t", "p"]
        for (power, prefix) in prefixes.enumerated() {
            let value = 1 << (10 * (power + 1))
            for spelling in [prefix, prefix + "b", prefix + "ib"] { table[spelling] = value }
        }
        return table
    }()
}

public enum ByteSizeError: Error, Sendable, Equatable, CustomStringConvertible {
    case empty
    case invalidNumber(String)
    case unknownUnit(unit: String, in: String)
    case tooLarge(String)

    public var description: String {
        switch self {
        case .empty: "empty byte size (expected e.g. 512MB, 2GiB, 100k)"
        case let .invalidNumber(text): "invalid byte size '\(text)': expected a non-negative number followed by a unit"
        case let .unknownUnit(unit, text): "invalid byte size '\(text)': unknown unit '\(unit)' (use B, K/KB/KiB, M, G, T, P)"
        case let .tooLarge(text): "byte size '\(text)' is too large"
        }
    }
}

extension StringProtocol {
    fileprivate func trimmingSpaces() -> Substring {
        let text = Substring(self)
        guard let first = text.firstIndex(where: { !$0.isWhitespace }),
              let last = text.lastIndex(where: { !$0.isWhitespace }) else { return "" }
        return text[first ... last]
    }
}
