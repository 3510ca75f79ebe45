/// The rules' text functions (Rules §3, §3.2, §8.10). Child dimension tables are tiny, so these
/// work on `String`.
public enum TextRules {
    /// §8 `trim`: removes leading and trailing spaces (U+0020) only — not tabs.
    public static func trim(_ text: String) -> String {
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { $0 != " " }),
              let last = scalars.lastIndex(where: { $0 != " " }) else { return "" }
        return String(scalars[first ... last])
    }

    /// §3 `initcap`: lower-case everything, then upper-case the first character of each
    /// word; words are separated by single spaces (`champion's choice` → `Champion's Choice`,
    /// `FitFuel Market` → `Fitfuel Market`). Runs of spaces are kept as they are.
    public static func initcap(_ text: String) -> String {
        text.lowercased()
            .split(separator: " ", omittingEmptySubsequences: false)
            .map { word in
                guard let first = word.first else { return "" }
                return first.uppercased() + word.dropFirst()
            }
            .joined(separator: " ")
    }

    /// Replaces every occurrence of each ASCII key of `fixes`, in any letter case, by its
    /// value (`SportsBar PROTIEN Bar` → `SportsBar Protein Bar`). Left to right, no overlaps.
    public static func fixSpelling(_ text: String, _ fixes: [String: String]) -> String {
        var result = text
        // Sorted for a deterministic result when two keys could both match.
        for (wrong, right) in fixes.sorted(by: { $0.key < $1.key }) {
            result = replacingCaseInsensitive(wrong, with: right, in: result)
        }
        return result
    }

    private static func replacingCaseInsensitive(_ target: String, with replacement: String, in text: String) -> String {
        let needle = Array(target.lowercased().utf8)
        let bytes = Array(text.utf8)
        guard !needle.isEmpty, bytes.count >= needle.count else { return text }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            if i + needle.count <= bytes.count, matchesLowered(bytes, at: i, needle) {
                output.append(contentsOf: replacement.utf8)
                i += needle.count
            } else {
                output.append(bytes[i])
                i += 1
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Whether `bytes[at...]` starts with `needle` (lower-case ASCII), ignoring ASCII case.
    private static func matchesLowered(_ bytes: [UInt8], at start: Int, _ needle: [UInt8]) -> Bool {
        for (k, expected) in needle.enumerated() {
            let byte = bytes[start + k]
            let lowered = byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
            if lowered != expected { return false }
        }
        return true
    }

    /// §3.2 step 4: the text inside the first `(…)` of `name` (`… (60g)` → `60g`), empty
    /// text when there is none, NULL when the name is NULL.
    public static func variant(of name: String?) -> String? {
        guard let name else { return nil }
        guard let open = name.firstIndex(of: "("),
              let close = name[name.index(after: open)...].firstIndex(of: ")") else { return "" }
        return String(name[name.index(after: open) ..< close])
    }

    /// Whether `text` is one or more ASCII digits (§3.2 step 6, §3.4 step 2).
    public static func isAllDigits(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.allSatisfy { $0 &- 0x30 < 10 }
    }

    /// Byte version of `isAllDigits`, for the orders hot path.
    @inline(__always)
    static func isAllDigits(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard !bytes.isEmpty else { return false }
        for byte in bytes where byte &- 0x30 >= 10 { return false }
        return true
    }
}
