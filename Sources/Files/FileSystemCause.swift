#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What a failed file-system call means for the person running the command.
///
/// A bare errno ("errno 28") or a generic "cannot write" hides the one fact that
/// matters — the disk is full, the folder is not writable — so every lake error
/// path words its errno through here, together with the path it concerns.
public enum FileSystemCause {
    /// The cause in words, with the symbolic errno name for searching, e.g.
    /// "no space left on device (ENOSPC)".
    public static func describe(_ code: Int32) -> String {
        let (text, name) = words(code)
        return name.map { "\(text) (\($0))" } ?? text
    }

    /// "cannot <operation> <path>: <cause>".
    public static func message(_ operation: String, _ path: String, _ code: Int32) -> String {
        "cannot \(operation) \(path): \(describe(code))"
    }

    private static func words(_ code: Int32) -> (String, String?) {
        switch code {
        case EACCES: ("permission denied", "EACCES")
        case EPERM: ("permission denied (operation not permitted)", "EPERM")
        case ENOSPC: ("no space left on device", "ENOSPC")
        case EDQUOT: ("no space left on device: disk quota exceeded", "EDQUOT")
        case EROFS: ("read-only file system", "EROFS")
        case ENOENT: ("no such file or directory", "ENOENT")
        case ENOTDIR: ("a component of the path is not a directory", "ENOTDIR")
        case EISDIR: ("is a directory", "EISDIR")
        case EEXIST: ("already exists", "EEXIST")
        case ENOTEMPTY: ("directory not empty", "ENOTEMPTY")
        case EMFILE: ("too many open files in this process (raise ulimit -n)", "EMFILE")
        case ENFILE: ("too many open files in the system", "ENFILE")
        case EIO: ("input/output error: the device reported a failure", "EIO")
        case EFBIG: ("file too large for the file system", "EFBIG")
        case ENAMETOOLONG: ("file name too long", "ENAMETOOLONG")
        case ELOOP: ("too many levels of symbolic links", "ELOOP")
        case EXDEV: ("the paths are on different file systems", "EXDEV")
        case EBUSY: ("device or resource busy", "EBUSY")
        case ESTALE: ("stale file handle (network file system)", "ESTALE")
        case EINTR: ("interrupted", "EINTR")
        default: (String(cString: strerror(code)).lowercased(), "errno \(code)")
        }
    }
}
