/// The small pieces of JSON the server writes by hand: strings escaped byte by byte
/// (the text is valid UTF-8, so only quotes, backslashes and control bytes change).
enum JSONText {
    private static let hex = Array("0123456789abcdef".utf8)

    static func appendString(_ string: String, to out: inout ContiguousArray<UInt8>) {
        var string = string
        string.withUTF8 { appendString(bytes: UnsafeRawBufferPointer($0), to: &out) }
    }

    static func appendString(bytes: UnsafeRawBufferPointer, to out: inout ContiguousArray<UInt8>) {
        out.append(UInt8(ascii: "\""))
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "\""): out.append(contentsOf: [0x5C, 0x22])
            case UInt8(ascii: "\\"): out.append(contentsOf: [0x5C, 0x5C])
            case 0x0A: out.append(contentsOf: [0x5C, UInt8(ascii: "n")])
            case 0x0D: out.append(contentsOf: [0x5C, UInt8(ascii: "r")])
            case 0x09: out.append(contentsOf: [0x5C, UInt8(ascii: "t")])
            case 0 ..< 0x20:
                out.append(contentsOf: Array(#"\u00"#.utf8))
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 15)])
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    static func string(_ string: String) -> String {
        var out = ContiguousArray<UInt8>()
        appendString(string, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Milliseconds with three decimals (microseconds), a plain JSON number.
    static func milliseconds(_ value: Double) -> String {
        guard value.isFinite, value >= 0, value < 1e15 else { return "0" }
        let micros = Int64((value * 1000).rounded())
        let whole = micros / 1000, fraction = micros % 1000
        let digits = String(fraction)
        return "\(whole)." + String(repeating: "0", count: 3 - digits.count) + digits
    }
}
