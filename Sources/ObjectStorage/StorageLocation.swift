/// Where a source or a lake lives: a local directory or an S3 bucket prefix.
public enum StorageLocation: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// A directory path, as given (relative paths are relative to the working directory).
    case local(path: String)
    /// `s3://bucket/prefix`; `prefix` has no leading or trailing "/" (empty for the bucket root).
    case s3(bucket: String, prefix: String)

    /// A usage failure: what was given and what was expected.
    public struct ParseFailure: Error, Sendable, Equatable, CustomStringConvertible {
        public let text: String
        public let reason: String
        public var description: String { "'\(text)' is not a storage location: \(reason)" }
    }

    /// `s3://bucket[/prefix]` or a local path. Other URL schemes (`gs://`, `http://`, …) fail:
    /// they are not supported, and reading them as a relative folder would be a surprise.
    public static func parse(_ text: String) throws(ParseFailure) -> StorageLocation {
        guard !text.isEmpty else { throw ParseFailure(text: text, reason: "it is empty") }
        guard let schemeEnd = text.range(of: "://") else { return .local(path: text) }
        let scheme = text[..<schemeEnd.lowerBound].lowercased()
        guard scheme == "s3" || scheme == "s3a" else {
            throw ParseFailure(text: text, reason: "the scheme '\(scheme)' is not supported (use s3://bucket/prefix or a local path)")
        }
        let rest = text[schemeEnd.upperBound...]
        let bucket = rest.prefix { $0 != "/" }
        guard !bucket.isEmpty else { throw ParseFailure(text: text, reason: "the bucket name is missing (s3://bucket/prefix)") }
        guard bucket.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-" || $0 == ".") }),
              (3...63).contains(bucket.count) else {
            throw ParseFailure(text: text, reason: "'\(bucket)' is not a valid bucket name (3–63 lowercase letters, digits, '-', '.')")
        }
        let prefix = rest.dropFirst(bucket.count).split(separator: "/", omittingEmptySubsequences: true).joined(separator: "/")
        return .s3(bucket: String(bucket), prefix: prefix)
    }

    /// The scheme a registered opener handles: "file" or "s3".
    public var scheme: String {
        switch self {
        case .local: "file"
        case .s3: "s3"
        }
    }

    public var isLocal: Bool { if case .local = self { true } else { false } }

    public var description: String {
        switch self {
        case let .local(path): path
        case let .s3(bucket, prefix): prefix.isEmpty ? "s3://\(bucket)" : "s3://\(bucket)/\(prefix)"
        }
    }
}
