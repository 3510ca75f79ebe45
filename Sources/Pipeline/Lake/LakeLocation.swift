import ObjectStorage

/// Opens what a user gave as `--lake` or `--source`: a local folder, or `s3://bucket/prefix`.
///
/// Every layer passes lake locations around as path strings; a remote lake's string is its URL
/// (`s3://bucket/prefix`), whose store is opened and mounted here (`ObjectStores.open`) so that the
/// Delta log, the Parquet reader and writer and the run's bookkeeping reach it by path. Commands
/// (and the dashboard) call this once with the option's text and then use the returned string.
public enum LakeLocation {
    /// The path string for `text`: a local path as given, or the normalised URL of an opened store.
    public static func open(_ text: String) throws -> String {
        let location: StorageLocation
        do { location = try StorageLocation.parse(text) } catch { throw PipelineError.io(path: text, reason: error.reason) }
        guard !location.isLocal else { return text }
        do { _ = try ObjectStores.open(location) } catch { throw PipelineError(error) }
        return location.description
    }

    /// Whether `path` is in a remote object store (no folders, no rename, no `flock`).
    public static func isRemote(_ path: String) -> Bool { ObjectStores.isRemote(path) }

    /// Bytes read from and written to object stores by this process so far (every opened remote store).
    public static func remoteCounters(_ path: String) -> ObjectStoreCounters.Snapshot? {
        guard ObjectStores.isRemote(path), let (store, _) = try? ObjectStores.remote(path) else { return nil }
        return store.counters.snapshot
    }
}
