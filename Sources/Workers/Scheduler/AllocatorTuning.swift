#if os(Linux)
/// glibc's `mallopt` (malloc.h is not part of the Glibc module map).
@_silgen_name("mallopt")
private func glibcMallopt(_ parameter: Int32, _ value: Int32) -> Int32
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
}
