/// JSON string literals, written byte by byte: the text is valid UTF-8, so only quotes,
/// backslashes and control bytes change. One writer for every JSON the project emits
/// by hand (Delta log entries, query results, server and `ask` answers).
public enum JSONString {
    private static let hex = Array("0123456789abcdef".utf8)

    /// Appends `bytes` (UTF-8) as a quoted, escaped JSON string.
    public static func append(bytes: UnsafeRawBufferPointer, to out: inout ContiguousArray<UInt8>) {
        out.append(UInt8(ascii: "\""))
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "\""): out.append(contentsOf: [0x5C, 0x22])
            case UInt8(ascii: "\\"): out.append(contentsOf: [0x5C, 0x5C])
            case 0x0A: out.append(contentsOf: [0x5C, UInt8(ascii: "n")])
            case 0x0D: out.append(contentsOf: [0x5C, UInt8(ascii: "r")])
            case 0x09: out.append(contentsOf: [0x5C, UInt8(ascii: "t")])
            case 0 ..< 0x20:
                out.append(contentsOf: [0x5C, UInt8(ascii: "u"), 0x30, 0x30])
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 15)])
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    /// Appends `string` as a quoted, escaped JSON string.
    public static func append(_ string: String, to out: inout ContiguousArray<UInt8>) {
        var string = string
        string.withUTF8 { append(bytes: UnsafeRawBufferPointer($0), to: &out) }
    }

    /// `string` as a quoted, escaped JSON string.
    public static func quoted(_ string: String) -> String {
        var out = ContiguousArray<UInt8>()
        out.reserveCapacity(string.utf8.count + 2)
        append(string, to: &out)
        return String(decoding: out, as: UTF8.self)
    }
}
