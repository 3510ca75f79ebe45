import Foundation

/// Who holds the lake lock: the note the holder wrote into the lock file, checked
/// against the kernel's own record (`/proc/locks`), so the pid is named even when the
/// note is missing, unreadable or stale (a holder killed before writing it).
enum LockHolder {
    /// A description of the holder of the `flock` on the file open as `fd`.
    static func describe(lockFile path: String, fd: Int32) -> String {
        let note: String
        let noteProblem: String?
        do {
            note = try String(contentsOfFile: path, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
            noteProblem = note.isEmpty ? "the lock file holds no note" : nil
        } catch {
            note = ""
            noteProblem = "the lock file's note is unreadable (\(error.localizedDescription))"
        }
        guard let pid = kernelPid(lockedFile: fd) else {
            if let noteProblem { return "pid unknown: \(noteProblem) and /proc/locks does not list the lock" }
            return note
        }
        if let noteProblem { return "pid \(pid), from /proc/locks; \(noteProblem)" }
        if note.hasPrefix("pid \(pid) ") { return note }
        return "pid \(pid), from /proc/locks; the lock file's note reads: \(note.prefix(200))"
    }

    /// The pid holding a lock on the file open as `fd`, from `/proc/locks` (Linux); nil
    /// where the kernel does not say.
    static func kernelPid(lockedFile fd: Int32) -> Int32? {
        var info = stat()
        guard fstat(fd, &info) == 0,
              let locks = try? String(contentsOfFile: "/proc/locks", encoding: .utf8) else { return nil }
        return pid(in: locks, device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
    }

    /// Finds the holder in `/proc/locks` text: lines like
    /// `1: FLOCK  ADVISORY  WRITE 4242 fe:00:16221242 0 EOF` (pid, then the file as
    /// hex major:minor:inode). Waiters (`1: -> FLOCK …`) and open-file-description
    /// locks (pid -1) name no holder.
    static func pid(in locks: String, device: UInt64, inode: UInt64) -> Int32? {
        let major = ((device >> 8) & 0xFFF) | ((device >> 32) & ~0xFFF)
        let minor = (device & 0xFF) | ((device >> 12) & ~0xFF)
        for line in locks.split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard fields.count >= 6, fields[1] != "->", let pid = Int32(fields[4]), pid > 0 else { continue }
            let file = fields[5].split(separator: ":")
            guard file.count == 3, UInt64(file[2]) == inode,
                  UInt64(file[0], radix: 16) == major, UInt64(file[1], radix: 16) == minor else { continue }
            return pid
        }
        return nil
    }
}
