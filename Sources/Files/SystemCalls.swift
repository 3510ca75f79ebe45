#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SystemPackage

// The calls swift-system does not wrap.
func fsyncDescriptor(_ fd: Int32) -> Int32 { fsync(fd) }
func currentErrno() -> Int32 { errno }

/// The errno of a swift-system failure (its calls throw `Errno`).
func errnoCode(_ error: any Error) -> Int32 { (error as? Errno)?.rawValue ?? EIO }
