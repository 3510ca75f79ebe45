/// Errors of the frame/member writers (test fixtures, the data generator, benchmarks).
public enum CompressionWriterError: Error, Sendable, Equatable, CustomStringConvertible {
    case cannotCreate(path: String, reason: String)
    case writeFailed(path: String, reason: String)
    case compressorFailed(path: String, reason: String)
    /// A value does not fit its field (for example a seek table's 32-bit sizes).
    case tooLarge(path: String, reason: String)
    case alreadyFinished(path: String)

    public var description: String {
        switch self {
        case let .cannotCreate(path, reason): "\(path): cannot create: \(reason)"
        case let .writeFailed(path, reason): "\(path): write failed: \(reason)"
        case let .compressorFailed(path, reason): "\(path): compressor failed: \(reason)"
        case let .tooLarge(path, reason): "\(path): \(reason)"
        case let .alreadyFinished(path): "\(path): writer already finished"
        }
    }
}
