import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The memory this process may use, for default memory limits.
public enum PhysicalMemory {
    /// Bytes of RAM, or nil where the system does not say.
    public static var ram: Int? {
        let pages = sysconf(Int32(_SC_PHYS_PAGES))
        let pageSize = sysconf(Int32(_SC_PAGESIZE))
        guard pages > 0, pageSize > 0 else { return nil }
        let (total, overflow) = pages.multipliedReportingOverflow(by: pageSize)
        return overflow ? nil : total
    }

    /// The container's memory limit (cgroup v2 `memory.max`, else v1
    /// `memory.limit_in_bytes`), nil when there is none.
    public static var cgroupLimit: Int? {
        for path in ["/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"] {
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { continue }
            // "max" (v2) means no limit; v1 writes a huge number instead.
            return Int(text.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        return nil
    }

    /// RAM, or the container's limit when that is lower.
    public static var available: Int? {
        switch (ram, cgroupLimit) {
        case let (ram?, limit?): min(ram, limit)
        case let (ram, limit): ram ?? limit
        }
    }

    /// A default limit for a whole run: half of what is available (leaving the rest to
    /// the page cache and other processes), at least 256 MiB; nil when unknown.
    public static var defaultRunLimit: Int? {
        available.map { max(256 << 20, $0 / 2) }
    }
}
