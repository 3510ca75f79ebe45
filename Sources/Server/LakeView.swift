import Foundation
import Pipeline
import SQL

/// What one request reads: the lake as of one version, and the engine over it.
public struct LakeState: Sendable {
    /// The batch id of the lake's last completed run (a medallion lake); nil for a plain
    /// folder of Delta tables, which is read at each table's latest version instead.
    public let version: Int64?
    public let catalog: LakeDirectoryCatalog
    public let engine: SQLEngine
}

/// The lake as the server sees it, re-read when a run completes. A medallion lake is
/// pinned to its last completed run (as `medallion sql` reads it), so a query never
/// sees half of a run being published; the runs folder is listed at most once per
/// `refreshInterval`, and the manifests are read again only when that listing changed
/// or the last run was still publishing. A plain folder of Delta tables needs no
/// refresh: its catalog takes each table's latest version per query.
actor LakeView {
    let lake: String
    private let makeEngine: @Sendable (LakeDirectoryCatalog) -> SQLEngine
    private let refreshInterval: Duration
    private var state: LakeState?
    private var seenBatches: [Int64] = []
    private var publishing = false
    private var checked: ContinuousClock.Instant?

    init(lake: String, refreshInterval: Duration, makeEngine: @escaping @Sendable (LakeDirectoryCatalog) -> SQLEngine) {
        self.lake = lake
        self.refreshInterval = refreshInterval
        self.makeEngine = makeEngine
    }

    /// The current state; re-read when due. A lake whose manifests cannot be read keeps
    /// the last good state (the failure is thrown only when there is none).
    func current() throws -> LakeState {
        let now = ContinuousClock.now
        if let state, let checked, now - checked < refreshInterval { return state }
        checked = now
        guard LakeSnapshot.isLake(lake) else {
            if let state, state.version == nil { return state }
            let catalog = LakeDirectoryCatalog(lake: lake)
            let fresh = LakeState(version: nil, catalog: catalog, engine: makeEngine(catalog))
            state = fresh
            return fresh
        }
        let batches = LakeJournal(lake: lake).batches()
        if let state, batches == seenBatches, !publishing { return state }
        do {
            let snapshot = try LakeSnapshot.load(lake: lake)
            seenBatches = batches
            publishing = snapshot.publishingBatch != nil
            if let state, state.version == snapshot.batch, state.version != nil { return state }
            let catalog = Self.pinnedCatalog(snapshot)
            let fresh = LakeState(version: snapshot.batch, catalog: catalog, engine: makeEngine(catalog))
            state = fresh
            return fresh
        } catch {
            if let state { return state }
            throw error
        }
    }

    /// Every table at the version of the last completed run (engine state left out).
    static func pinnedCatalog(_ snapshot: LakeSnapshot) -> LakeDirectoryCatalog {
        var pinned: [String: Int64] = [:]
        for (table, version) in snapshot.versions where table.layer != .state {
            pinned[table.layer.rawValue + "." + table.name] = version
        }
        return LakeDirectoryCatalog(lake: snapshot.lake, pinned: pinned, pinnedOnly: true)
    }
}
