/// Hive-style partition folder names: `column=value`, with bytes that would break a
/// path escaped as `%XX`, and NULL as `__HIVE_DEFAULT_PARTITION__` (what Spark writes).
public enum PartitionPath {
    public static let nullValue = "__HIVE_DEFAULT_PARTITION__"

    public static func folder(_ values: [PartitionValue]) -> String {
        values.map { "\($0.column)=\(escape($0.value))" }.joined(separator: "/")
    }

    public static func escape(_ value: String?) -> String {
        guard let value else { return nullValue }
        var out = ""
        for byte in value.utf8 {
            let safe = (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == 0x2D || byte == 0x5F || byte == 0x2E || byte == 0x20
            if safe {
                out.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                let hex = Array("0123456789ABCDEF".utf8)
                out += "%" + String(decoding: [hex[Int(byte >> 4)], hex[Int(byte & 15)]], as: UTF8.self)
            }
        }
        return out
    }
}
