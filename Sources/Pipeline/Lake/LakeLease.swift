import Foundation
import ObjectStorage

/// The run lock of a lake in an object store, where there is no `flock`: a lease object.
///
/// Leases are numbered objects `_medallion/lease/<generation>.json`; the highest generation is
/// the current one. A run takes the lake by creating the next generation with `createIfAbsent`
/// (exactly one of two racing runs wins), and only when the current lease is released or has
/// expired. The holder renews its lease (rewrites its own object with a later expiry) every
/// third of the lease time while it runs, so only a run that died — and stopped renewing —
/// lets its lease expire; the next run then takes over. Release marks the lease released.
final class LakeLease: @unchecked Sendable {
    struct Note: Codable {
        var owner: String
        var host: String
        var pid: Int32
        var since: String
        /// Seconds since 1970.
        var expires: Double
        var released: Bool
    }

    static let directory = "_medallion/lease"

    /// How long a lease holds without renewal: `MEDALLION_LEASE_SECONDS`, default 300.
    static var seconds: Double {
        ProcessInfo.processInfo.environment["MEDALLION_LEASE_SECONDS"].flatMap(Double.init).map { max(1, $0) } ?? 300
    }

    let store: any ObjectStore
    let key: String
    private var note: Note
    private let lock = NSLock()
    private var renewer: Thread?
    private var stopped = false

    private static func key(_ prefix: String, _ generation: Int64) -> String {
        let digits = String(generation)
        return prefix + directory + "/" + String(repeating: "0", count: max(0, 20 - digits.count)) + digits + ".json"
    }

    /// Takes the lease or fails at once with `lakeLocked`, naming the holder and its expiry.
    init(lake: String) throws {
        guard let (store, root) = try Self.remote(lake) else { throw PipelineError.io(path: lake, reason: "not a remote lake") }
        let prefix = root.isEmpty ? "" : root + "/"
        let seconds = Self.seconds
        do {
            let listing = try store.listAll(prefix: prefix + Self.directory + "/")
            let generations = listing.objects.compactMap { Int64(($0.key as NSString).lastPathComponent.dropLast(".json".count)) }
            let current = generations.max() ?? 0
            if current > 0, let bytes = try store.readIfExists(key: Self.key(prefix, current)) {
                if let held = try? JSONDecoder().decode(Note.self, from: Data(bytes)), !held.released,
                   held.expires > Date().timeIntervalSince1970 {
                    throw PipelineError.lakeLocked(lake: lake, holder: Self.describe(held))
                }
            }
            let now = Date()
            note = Note(owner: UUID().uuidString.lowercased(), host: ProcessInfo.processInfo.hostName,
                        pid: ProcessInfo.processInfo.processIdentifier, since: ISO8601DateFormatter().string(from: now),
                        expires: now.timeIntervalSince1970 + seconds, released: false)
            let mine = Self.key(prefix, current + 1)
            guard try store.create(key: mine, bytes: ContiguousArray(try JSONEncoder().encode(note))) else {
                // Another run took the next generation between our read and our create.
                let other = (try? store.readAll(key: mine)).flatMap { try? JSONDecoder().decode(Note.self, from: Data($0)) }
                throw PipelineError.lakeLocked(lake: lake, holder: other.map(Self.describe) ?? "another run took the lease just now")
            }
            self.store = store
            key = mine
            // Older generations are history; the newest is all a taker reads.
            for generation in generations where generation < current { try? store.delete(key: Self.key(prefix, generation)) }
        } catch let failure as ObjectStoreFailure {
            throw PipelineError(failure)
        }
        startRenewing(every: seconds / 3)
    }

    private static func remote(_ lake: String) throws -> (store: any ObjectStore, key: String)? {
        do { return try ObjectStores.remote(lake) } catch { throw PipelineError(error) }
    }

    static func describe(_ note: Note) -> String {
        let left = Int((note.expires - Date().timeIntervalSince1970).rounded())
        return "pid \(note.pid) on \(note.host), since \(note.since); its lease expires in \(left) s unless renewed"
    }

    private func startRenewing(every interval: Double) {
        let thread = Thread { [weak self] in
            while true {
                Thread.sleep(forTimeInterval: interval)
                guard let self, self.renew() else { return }
            }
        }
        thread.name = "medallion lease renewal"
        renewer = thread
        thread.start()
    }

    /// Rewrites the lease with a later expiry; false once released.
    private func renew() -> Bool {
        lock.withLock {
            guard !stopped else { return false }
            note.expires = Date().timeIntervalSince1970 + Self.seconds
            if let bytes = try? JSONEncoder().encode(note) { try? store.write(key: key, bytes: ContiguousArray(bytes)) }
            return true
        }
    }

    /// Marks the lease released, so the next run need not wait for its expiry.
    func release() {
        lock.withLock {
            guard !stopped else { return }
            stopped = true
            note.released = true
            if let bytes = try? JSONEncoder().encode(note) { try? store.write(key: key, bytes: ContiguousArray(bytes)) }
        }
    }

    deinit { release() }
}
