import Lake

/// One thing wrong with a lake, where it is, and what fixes it.
public struct LakeProblem: Sendable, Equatable, CustomStringConvertible {
    public enum Fix: Sendable, Equatable {
        /// Write the commit file again from the run manifest that holds it (a damaged
        /// file is moved aside first).
        case restore(manifest: String)
        /// Move the entry out of the log; it is kept under `_medallion/repair/`.
        case moveAside
        /// Move the damaged checkpoint aside and write it again from the JSON commits.
        case rewriteCheckpoint
        /// Point `_last_checkpoint` at the newest readable checkpoint, or remove it.
        case rewritePointer
        /// Nothing medallion can do by itself; `advice` says what the user can do.
        case manual(advice: String)
    }

    /// `layer/name` of the table, or `_medallion/runs` for a damaged run manifest.
    public var table: String
    /// The damaged or missing file, relative to the lake.
    public var file: String
    public var reason: String
    public var fix: Fix

    /// The version concerned (commit fixes), and the commit that restores it.
    var version: Int64?
    var commit: DeltaPreparedCommit?

    /// "table gold/fact_orders", or "the run history" for a damaged manifest.
    public var subject: String { table == LakeProblem.runsTable ? "the lake's run history" : "table \(table)" }

    static let runsTable = "_medallion/runs"

    public var isRepairable: Bool { if case .manual = fix { false } else { true } }

    public var description: String { "\(file): \(reason)" }

    /// What `repair` does (or would do) about it.
    public var remedy: String {
        switch fix {
        case let .restore(manifest): "rewrite it from the run manifest \(manifest)"
        case .moveAside: "move it aside to \(LakeLayout.repairDirectory)/"
        case .rewriteCheckpoint: "move it aside and write the checkpoint again from the JSON commits"
        case .rewritePointer: "point it at the newest readable checkpoint (or remove it)"
        case let .manual(advice): advice
        }
    }
}
