/// File names inside `_delta_log`: versions are zero-padded to 20 digits so that
/// lexical order is version order.
public enum DeltaLogPaths {
    public static let logDirectory = "_delta_log"
    public static let lastCheckpoint = "_last_checkpoint"

    static func padded(_ version: Int64) -> String {
        let digits = String(version)
        return digits.count >= 20 ? digits : String(repeating: "0", count: 20 - digits.count) + digits
    }

    public static func commitName(_ version: Int64) -> String { padded(version) + ".json" }

    public static func checkpointName(_ version: Int64) -> String { padded(version) + ".checkpoint.parquet" }

    /// The version of a commit file name, nil for anything else.
    static func commitVersion(_ name: String) -> Int64? {
        guard name.utf8.count == 25, name.hasSuffix(".json") else { return nil }
        return version(prefix: name.prefix(20))
    }

    /// The version of a single-file (classic) checkpoint. Multi-part and
    /// UUID-named v2 checkpoints are not written by this engine and are ignored.
    static func checkpointVersion(_ name: String) -> Int64? {
        guard name.utf8.count == 39, name.hasSuffix(".checkpoint.parquet") else { return nil }
        return version(prefix: name.prefix(20))
    }

    private static func version(prefix: Substring) -> Int64? {
        guard prefix.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        return Int64(prefix)
    }

    /// Temporary files a commit is staged in before it is linked into place.
    static let tempPrefix = "_commit_"
    static let tempSuffix = ".tmp"
}
