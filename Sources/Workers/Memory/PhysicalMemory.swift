#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The machine's physical memory, for default memory limits.
public enum PhysicalMemory {
    /// Bytes of RAM, or nil where the system does not say.
    public static var bytes: Int? {
        let pages = sysconf(Int32(_SC_PHYS_PAGES))
        let pageSize = sysconf(Int32(_SC_PAGESIZE))
        guard pages > 0, pageSize > 0 else { return nil }
        let (total, overflow) = pages.multipliedReportingOverflow(by: pageSize)
        return overflow ? nil : total
    }

    /// A default limit for a whole run: half the RAM (leaving the rest to the page
    /// cache and other processes), at least 256 MiB; nil when RAM is unknown.
    public static var defaultRunLimit: Int? {
        bytes.map { max(256 << 20, $0 / 2) }
    }
}
