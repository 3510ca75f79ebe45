import Foundation

/// Opens a `StorageLocation` as a store. Local directories open as `LocalObjectStore`; other
/// schemes open through an opener their module registered at startup (the `S3` module
/// registers "s3"), so this bottom layer never imports a network client.
public enum ObjectStores {
    public typealias Opener = @Sendable (StorageLocation) throws(ObjectStoreFailure) -> any ObjectStore

    private static let lock = NSLock()
    nonisolated(unsafe) private static var openers: [String: Opener] = [:]

    /// Makes `open` handle `scheme` with `opener` (the last registration wins).
    public static func register(scheme: String, _ opener: @escaping Opener) {
        lock.withLock { openers[scheme] = opener }
    }

    /// Whether `open` can open locations with `scheme` ("file" always; others once registered).
    public static func canOpen(scheme: String) -> Bool {
        scheme == "file" || lock.withLock { openers[scheme] != nil }
    }

    /// The store at `location`. A local directory need not exist yet (a new lake).
    public static func open(_ location: StorageLocation) throws(ObjectStoreFailure) -> any ObjectStore {
        if case let .local(path) = location { return LocalObjectStore(root: path) }
        // An open store keeps its client and counters: opening its location again reuses it.
        if let store = mounted(location.description) { return store }
        guard let opener = lock.withLock({ openers[location.scheme] }) else {
            throw ObjectStoreFailure(store: location.description, key: "", operation: "open", kind: .other,
                                     cause: "this build of medallion cannot open \(location.scheme):// locations (no \(location.scheme) support registered)")
        }
        let store = try opener(location)
        mount(store)
        return store
    }

    /// `StorageLocation.parse` then `open`; parse failures come back as an `ObjectStoreFailure`.
    public static func open(_ text: String) throws(ObjectStoreFailure) -> any ObjectStore {
        let location: StorageLocation
        do { location = try StorageLocation.parse(text) } catch {
            throw ObjectStoreFailure(store: text, key: "", operation: "open", kind: .other, cause: error.reason)
        }
        return try open(location)
    }
}
