import CZlib

/// A heap-allocated zlib stream. zlib's state points back at its `z_stream`, so the
/// struct must never move; a Swift `var` could.
final class ZStream {
    enum Kind { case inflate, deflate }

    let pointer: UnsafeMutablePointer<z_stream>
    let kind: Kind

    /// nil when zlib cannot initialise (out of memory or bad parameters).
    // Each init fails before storing anything, so deinit never sees a dead stream.
    init?(inflateWindowBits windowBits: Int32) {
        let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        guard medallion_inflateInit2(stream, windowBits) == Z_OK else {
            stream.deallocate()
            return nil
        }
        pointer = stream
        kind = .inflate
    }

    init?(deflateLevel level: Int32, windowBits: Int32) {
        let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        guard medallion_deflateInit2(stream, level, windowBits) == Z_OK else {
            stream.deallocate()
            return nil
        }
        pointer = stream
        kind = .deflate
    }

    deinit {
        switch kind {
        case .inflate: inflateEnd(pointer)
        case .deflate: deflateEnd(pointer)
        }
        pointer.deallocate()
    }

    /// zlib's message for the last error, or `fallback` when it gave none.
    func message(or fallback: String) -> String {
        guard let msg = pointer.pointee.msg else { return fallback }
        return String(cString: msg)
    }
}
