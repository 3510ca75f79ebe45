/// Where the lake keeps its own bookkeeping, next to the tables.
public enum LakeLayout {
    /// `<lake>/_medallion`: run manifests, the lock, temporary spill space.
    public static func metaDirectory(_ lake: String) -> String { lake + "/_medallion" }

    /// One manifest per committed run: `<lake>/_medallion/runs/<batch>.json`.
    public static func runsDirectory(_ lake: String) -> String { metaDirectory(lake) + "/runs" }

    public static func manifestPath(_ lake: String, batch: Int64) -> String {
        runsDirectory(lake) + "/" + manifestName(batch)
    }

    static func manifestName(_ batch: Int64) -> String {
        let digits = String(batch)
        return String(repeating: "0", count: max(0, 10 - digits.count)) + digits + ".json"
    }

    static func batch(ofManifest name: String) -> Int64? {
        guard name.hasSuffix(".json"), !name.hasPrefix(".") else { return nil }
        return Int64(name.dropLast(5))
    }

    /// Spill files of a run, removed when it ends.
    public static func scratchDirectory(_ lake: String) -> String { metaDirectory(lake) + "/tmp" }

    /// Where `repair` keeps the log entries it moved aside (relative to the lake).
    public static let repairDirectory = "_medallion/repair"
}
