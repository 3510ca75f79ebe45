import Columns

/// The small pieces of JSON the server writes by hand (strings through `JSONString`).
enum JSONText {
    static func appendString(_ string: String, to out: inout ContiguousArray<UInt8>) {
        JSONString.append(string, to: &out)
    }

    static func appendString(bytes: UnsafeRawBufferPointer, to out: inout ContiguousArray<UInt8>) {
        JSONString.append(bytes: bytes, to: &out)
    }

    static func string(_ string: String) -> String { JSONString.quoted(string) }

    /// Columns as `{"name":…,"type":…}` objects, comma-separated (the caller writes the brackets).
    static func appendFields(_ fields: [Field], to out: inout ContiguousArray<UInt8>) {
        for (index, field) in fields.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            out.append(contentsOf: #"{"name":"#.utf8)
            appendString(field.name, to: &out)
            out.append(contentsOf: #","type":"#.utf8)
            appendString(field.type.description, to: &out)
            out.append(UInt8(ascii: "}"))
        }
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
