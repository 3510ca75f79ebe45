import ObjectStorage

/// Bytes a run moved to and from object stores (the remote source and lake), for the
/// progress line and the run report. Local paths move nothing here.
struct StorageTraffic {
    private var stores: [(any ObjectStore, ObjectStoreCounters.Snapshot)] = []

    init(_ paths: [String]) {
        for path in paths where ObjectStores.isRemote(path) {
            guard let (store, _) = try? ObjectStores.remote(path),
                  !stores.contains(where: { $0.0.counters === store.counters }) else { continue }
            stores.append((store, store.counters.snapshot))
        }
    }

    /// What moved since `init`; nil when neither path is remote.
    func since() -> ObjectStoreCounters.Snapshot? {
        guard !stores.isEmpty else { return nil }
        var total = ObjectStoreCounters.Snapshot()
        for (store, start) in stores {
            let moved = store.counters.snapshot.since(start)
            total.bytesRead += moved.bytesRead
            total.bytesWritten += moved.bytesWritten
            total.requests += moved.requests
            total.retries += moved.retries
        }
        return total
    }
}
