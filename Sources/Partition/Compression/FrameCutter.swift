#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Decides where a writer ends the current frame or member.
struct FrameCutter {
    /// Uncompressed bytes per frame; nil for one single frame.
    let target: Int?
    /// Prefer ending a frame right after a '\n' at or past the target (but no later than
    /// twice the target, so a file without newlines still gets cut).
    let cutAtNewlines: Bool

    /// How many leading bytes of `bytes` go into the current frame (which already holds
    /// `inFrame` bytes), and whether the frame ends after them. `take` is positive
    /// whenever `inFrame` is zero and `bytes` is not empty.
    func split(_ bytes: UnsafeRawBufferPointer, inFrame: Int) -> (take: Int, endsFrame: Bool) {
        guard let target else { return (bytes.count, false) }
        let budget = target - inFrame
        guard cutAtNewlines else {
            let take = min(max(budget, 0), bytes.count)
            return (take, take == max(budget, 0))
        }
        let (twice, overflow) = target.multipliedReportingOverflow(by: 2)
        let hardLimit = overflow ? Int.max : max(twice - inFrame, 0)
        // A newline at index budget-1 makes the frame exactly `target` long.
        let searchStart = max(budget - 1, 0)
        let searchEnd = min(bytes.count, hardLimit)
        if searchStart < searchEnd, let base = bytes.baseAddress,
           let found = memchr(base + searchStart, 0x0A, searchEnd - searchStart) {
            return (base.distance(to: UnsafeRawPointer(found)) + 1, true)
        }
        if bytes.count >= hardLimit { return (hardLimit, true) }
        return (bytes.count, false)
    }
}
