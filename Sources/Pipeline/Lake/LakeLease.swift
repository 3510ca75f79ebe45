import Foundation
import ObjectStorage

/// The run lock of a lake in an object store, where there is no `flock`: a lease object.
///
/// Leases are numbered objects `_medallion/lease/<generation>.json`; the highest generation is
/// the current one. A run takes the lake by creating the next generation with `createIfAbsent`
/// (exactly one of two racing runs wins), and only when the current lease is released or has
/// expired. On taking over an expired lease the taker marks the old object taken over (a
/// conditional replace on the ETag it listed), and every new holder aborts the multipart uploads
/// that earlier holders left unfinished under the lake (`abortUnfinishedWrites`).
///
/// The holder renews its lease every third of the lease time while it runs, so only a run that
/// died — or stalled — lets its lease expire. Renewal first checks that no next generation
/// exists, then rewrites its own object with `If-Match` on the ETag it last wrote: a run whose
/// lease was taken over finds out (`lost`) instead of writing over it, and `checkHeld`, called
/// before the commit, fails the run clearly. Release marks the lease released.
final class LakeLease: @unchecked Sendable {
    struct Note: Codable {
        var owner: String
        var host: String
        var pid: Int32
        var since: String
        /// Seconds since 1970.
        var expires: Double
        var released: Bool
        /// Set on a lease another run took over after it expired: who took it.
        var takenOverBy: String? = nil
    }

    static let directory = "_medallion/lease"

    /// How long a lease holds without renewal: `MEDALLION_LEASE_SECONDS`, default 300.
    static var seconds: Double {
        ProcessInfo.processInfo.environment["MEDALLION_LEASE_SECONDS"].flatMap(Double.init).map { max(1, $0) } ?? 300
    }

    let store: any ObjectStore
    let key: String
    let lake: String
    /// The key the next holder would create: its existence means ours was taken over.
    private let successorKey: String
    private var note: Note
    /// The ETag of our lease object as we last wrote it (nil when the store gives none).
    private var etag: String?
    /// Why the lease is no longer ours, once renewal found out.
    private var lost: String?
    /// What taking the lease cleaned up, for the run's progress lines.
    private(set) var cleanup: String?
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
        self.lake = lake
        do {
            let listing = try store.listAll(prefix: prefix + Self.directory + "/")
            let generations = listing.objects.compactMap { object in
                Int64((object.key as NSString).lastPathComponent.dropLast(".json".count)).map { ($0, object.etag) }
            }
            let current = generations.map(\.0).max() ?? 0
            var expired: Note?
            if current > 0, let bytes = try store.readIfExists(key: Self.key(prefix, current)) {
                if let held = try? JSONDecoder().decode(Note.self, from: Data(bytes)), !held.released {
                    guard held.expires <= Date().timeIntervalSince1970 else {
                        throw PipelineError.lakeLocked(lake: lake, holder: Self.describe(held))
                    }
                    expired = held
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
            successorKey = Self.key(prefix, current + 2)
            // Without it (the HEAD failed) renewal falls back to a plain write, as before conditions.
            etag = (try? store.info(key: mine))?.etag
            // Tell a stalled previous holder it lost the lake: its next renewal (If-Match) fails.
            if var old = expired, let oldETag = generations.first(where: { $0.0 == current })?.1 {
                old.released = true
                old.takenOverBy = Self.holderText(note)
                if let bytes = try? JSONEncoder().encode(old) {
                    _ = try? store.replace(key: Self.key(prefix, current), bytes: ContiguousArray(bytes), ifMatch: oldETag)
                }
            }
            // Older generations are history; the newest is all a taker reads.
            for (generation, _) in generations where generation < current { try? store.delete(key: Self.key(prefix, generation)) }
            cleanup = Self.abortUploads(store: store, prefix: prefix, before: now)
        } catch let failure as ObjectStoreFailure {
            throw PipelineError(failure)
        }
        startRenewing(every: seconds / 3)
    }

    /// Aborts the multipart uploads that runs before this lease left unfinished under the lake
    /// (a run killed mid-upload). We hold the lease and have not written yet, so every upload
    /// begun before now belongs to an earlier run. Best effort: a store that refuses the listing
    /// (no s3:ListBucketMultipartUploads permission) only costs the stored parts.
    /// A lake at a bucket's root shares the bucket's uploads with whatever else writes there, so
    /// only its own folders are cleaned then.
    private static func abortUploads(store: any ObjectStore, prefix: String, before cutoff: Date) -> String? {
        // The table layers, and `_medallion/` (run manifests, derived state, the lease).
        let folders = prefix.isEmpty ? ["bronze/", "silver/", "gold/", "quarantine/", "_medallion/"] : [prefix]
        do {
            var aborted = 0
            for folder in folders {
                aborted += try store.abortUnfinishedWrites(prefix: folder, startedBefore: cutoff)
            }
            return aborted == 0 ? nil : "aborted \(aborted) unfinished upload\(aborted == 1 ? "" : "s") of an earlier run"
        } catch {
            return "could not clean up unfinished uploads of earlier runs: \(error)"
        }
    }

    private static func remote(_ lake: String) throws -> (store: any ObjectStore, key: String)? {
        do { return try ObjectStores.remote(lake) } catch { throw PipelineError(error) }
    }

    /// "pid 42 on host-a, since …", who holds (or took) a lease.
    static func holderText(_ note: Note) -> String {
        "pid \(note.pid) on \(note.host), since \(note.since)"
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

    /// Rewrites the lease with a later expiry, only while it is still ours; false once released or lost.
    func renew() -> Bool {
        lock.withLock {
            guard !stopped else { return false }
            if let reason = successorReason() {
                lost = reason
                stopped = true
                return false
            }
            var renewed = note
            renewed.expires = Date().timeIntervalSince1970 + Self.seconds
            guard let bytes = try? JSONEncoder().encode(renewed) else { return true }
            do {
                if let etag {
                    self.etag = try store.replace(key: key, bytes: ContiguousArray(bytes), ifMatch: etag)
                } else {
                    try store.write(key: key, bytes: ContiguousArray(bytes))
                }
                note = renewed
            } catch let failure as ObjectStoreFailure where failure.kind == .changed {
                lost = "its lease object \(key) was rewritten by another run (\(failure.cause))"
                stopped = true
                return false
            } catch {
                // Unreachable for now: the next renewal tries again, and `checkHeld` sees the expiry.
            }
            return true
        }
    }

    /// Why the lease is no longer ours when the next generation exists (nil when it does not,
    /// or when the store could not say: renewal tries again).
    private func successorReason() -> String? {
        guard (try? store.info(key: successorKey)) != nil else { return nil }
        let successor = (try? store.readAll(key: successorKey)).flatMap { try? JSONDecoder().decode(Note.self, from: Data($0)) }
        return "another run took it over after it expired: " + (successor.map { Self.holderText($0) } ?? successorKey)
    }

    /// Fails with `leaseLost` unless the lease is still ours: not found lost by renewal, not
    /// past its expiry, and no successor generation created. Called right before the commit;
    /// the commit's conditional creates of log entries guard the moment after.
    func checkHeld() throws {
        try lock.withLock {
            if let lost { throw PipelineError.leaseLost(lake: lake, reason: lost) }
            let now = Date().timeIntervalSince1970
            if note.expires <= now {
                throw PipelineError.leaseLost(lake: lake, reason: "it expired \(Int((now - note.expires).rounded())) s ago "
                    + "without a renewal (the run stalled, or the store was unreachable)")
            }
            if let reason = successorReason() {
                lost = reason
                throw PipelineError.leaseLost(lake: lake, reason: reason)
            }
        }
    }

    /// Marks the lease released, so the next run need not wait for its expiry (not when it was
    /// lost: the object is the successor's business then).
    func release() {
        lock.withLock {
            guard !stopped else { return }
            stopped = true
            var released = note
            released.released = true
            guard let bytes = try? JSONEncoder().encode(released) else { return }
            if let etag {
                _ = try? store.replace(key: key, bytes: ContiguousArray(bytes), ifMatch: etag)
            } else {
                try? store.write(key: key, bytes: ContiguousArray(bytes))
            }
        }
    }

    deinit { release() }
}
