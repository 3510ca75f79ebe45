#if os(Linux)
/// glibc's `mallopt` (malloc.h is not part of the Glibc module map).
@_silgen_name("mallopt")
private func glibcMallopt(_ parameter: Int32, _ value: Int32) -> Int32

@_silgen_name("malloc_trim")
private func glibcMallocTrim(_ pad: Int) -> Int32
#endif

/// Keeps freed buffers (up to 32 MiB) in the process heap instead of returning them
/// to the kernel. A scan allocates and frees multi-megabyte segment buffers all the
/// time; with glibc's defaults each one is a fresh `mmap`, and touching it again
/// costs a page fault per 4 KiB (measured: ~15-25% of a scan's time in the kernel).
public enum AllocatorTuning {
    public static func keepLargeBuffers() {
        #if os(Linux)
        // M_MMAP_THRESHOLD = -3, M_TRIM_THRESHOLD = -1 (malloc.h).
        _ = glibcMallopt(-3, 32 << 20)  // the largest value glibc accepts on 64-bit
        _ = glibcMallopt(-1, 1 << 30)
        #endif
    }

    /// Returns the heap's free pages to the kernel (glibc's `malloc_trim`). Call it where a
    /// stage has just dropped a large state (the orders stage's dedup): the kept-buffers
    /// setting above would otherwise hold those pages, and the next stage's peak would
    /// stack on top of the last one's in the process's resident size.
    public static func releaseFreeMemory() {
        #if os(Linux)
        _ = glibcMallocTrim(0)
        #endif
    }
}
