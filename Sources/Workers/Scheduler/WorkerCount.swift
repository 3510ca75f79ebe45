#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How many tasks run at once by default: the cores online.
public enum WorkerCount {
    public static var active: Int {
        max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
    }

    /// The most tasks a command accepts: 4 × the active cores. Past that, tasks add
    /// buffers (each scan task holds tens of MiB) and contention, not speed.
    public static var maximum: Int { 4 * active }
}
