/// Failures of the jobs layer a user can act on.
public enum JobsError: Error, CustomStringConvertible, Equatable {
    case sourceUnreadable(String, reason: String)
    case badSchedule(String)

    public var description: String {
        switch self {
        case let .sourceUnreadable(path, reason): "cannot list the source folder \(path): \(reason)"
        case let .badSchedule(message): message
        }
    }
}
