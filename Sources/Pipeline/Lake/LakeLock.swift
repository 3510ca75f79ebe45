import Foundation

/// One run at a time per lake: an exclusive `flock` on `<lake>/_medallion/lock`.
/// The kernel drops the lock when the process dies (even by `kill -9`), so a
/// crashed run never leaves a stale lock behind. A lake in an object store has no
/// `flock`: it is held by a lease object (`LakeLease`) that expires when its holder
/// dies and stops renewing it.
public final class LakeLock: @unchecked Sendable {
    public let path: String
    private var fd: Int32
    private(set) var lease: LakeLease?

    /// Takes the lock or fails at once, naming the run that holds it.
    public init(lake: String) throws {
        if LakeLocation.isRemote(lake) {
            lease = try LakeLease(lake: lake)
            path = lake + "/" + LakeLease.directory
            fd = -1
            return
        }
        let directory = LakeLayout.metaDirectory(lake)
        try LakeFiles.makeDirectory(directory)
        path = directory + "/lock"
        fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw PipelineError.io(path: path, reason: "cannot open lock file: \(LakeFiles.errnoText())") }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            guard errno == EWOULDBLOCK else {
                let reason = LakeFiles.errnoText()
                closeUnlocked()
                throw PipelineError.io(path: path, reason: "cannot lock: \(reason)")
            }
            let holder = LockHolder.describe(lockFile: path, fd: fd)
            closeUnlocked()
            throw PipelineError.lakeLocked(lake: lake, holder: holder)
        }
        // Who holds it, for the message a second run prints.
        let note = "pid \(ProcessInfo.processInfo.processIdentifier) on \(ProcessInfo.processInfo.hostName), "
            + "since \(ISO8601DateFormatter().string(from: Date()))\n"
        _ = ftruncate(fd, 0)
        _ = note.withCString { pwrite(fd, $0, strlen($0), 0) }
    }

    /// Closes the descriptor of a lock not taken. `fd` becomes -1 before the throw that
    /// follows: the object is complete by then, so `deinit` runs `release()`, which would
    /// otherwise truncate, unlock and close the number again — by then perhaps another
    /// thread's newly opened file.
    private func closeUnlocked() {
        close(fd)
        fd = -1
    }

    /// Fails with `leaseLost` when a lake in an object store was taken over by another run
    /// (this run's lease expired); a local `flock` cannot be lost.
    public func checkHeld() throws {
        try lease?.checkHeld()
    }

    /// What taking an object-store lake's lease cleaned up (unfinished uploads of a killed run).
    public var cleanup: String? { lease?.cleanup }

    /// Releases the lock (also done when the object goes away).
    public func release() {
        lease?.release()
        lease = nil
        guard fd >= 0 else { return }
        _ = ftruncate(fd, 0)
        _ = flock(fd, LOCK_UN)
        close(fd)
        fd = -1
    }

    deinit { release() }
}
