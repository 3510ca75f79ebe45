import CZlib

/// A heap-allocated zlib stream. zlib's state points back at its `z_stream`, so the
/// struct must never move; a Swift `var` could.
final class ZStream {
    enum Kind { case inflate, deflate }

    let pointer: UnsafeMutablePointer<z_stream>
    let kind: Kind

    /// nil when zlib cannot initialise (out of memory or bad parameters).
    init?(inflateWindowBits windowBits: Int32) {
        pointer = .allocate(capacity: 1)
        pointer.initialize(to: z_stream())
        kind = .inflate
        guard medallion_inflateInit2(pointer, windowBits) == Z_OK else {
            pointer.deallocate()
            return nil
        }
    }

    init?(deflateLevel level: Int32, windowBits: Int32) {
        pointer = .allocate(capacity: 1)
        pointer.initialize(to: z_stream())
        kind = .deflate
        guard medallion_deflateInit2(pointer, level, windowBits) == Z_OK else {
            pointer.deallocate()
            return nil
        }
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
