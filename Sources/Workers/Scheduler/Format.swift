/// Small number formatting without Foundation.
public enum Format {
    public static func decimal(_ v: Double, _ places: Int) -> String {
        guard v.isFinite else { return "-" }
        var scale = 1.0
        for _ in 0 ..< places { scale *= 10 }
        let r = (v * scale).rounded() / scale
        var s = String(r)
        if let dot = s.firstIndex(of: ".") {
            let decimals = s.distance(from: dot, to: s.endIndex) - 1
            if decimals < places { s += String(repeating: "0", count: places - decimals) }
            if places == 0 { s = String(s[..<dot]) }
        } else if places > 0 {
            s += "." + String(repeating: "0", count: places)
        }
        return s
    }

    /// 1234567 → "1.23M".
    public static func count(_ v: Double) -> String {
        switch v {
        case 1e9...: decimal(v / 1e9, 2) + "G"
        case 1e6...: decimal(v / 1e6, 2) + "M"
        case 1e3...: decimal(v / 1e3, 1) + "k"
        default: decimal(v, 0)
        }
    }

    public static func bytes(_ v: Int) -> String {
        let d = Double(v)
        switch d {
        case 1e9...: return decimal(d / 1e9, 2) + " GB"
        case 1e6...: return decimal(d / 1e6, 1) + " MB"
        case 1e3...: return decimal(d / 1e3, 1) + " kB"
        default: return "\(v) B"
        }
    }
}
