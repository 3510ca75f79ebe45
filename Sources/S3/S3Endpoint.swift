import Foundation

/// Where requests go and how a bucket is addressed: AWS itself with virtual-hosted style
/// (`https://bucket.s3.region.amazonaws.com/key`), or an S3-compatible store at a given URL
/// (MinIO, Ceph, moto, …) with path style (`http://host:9000/bucket/key`).
public struct S3Endpoint: Sendable, Equatable {
    public enum Scheme: String, Sendable { case http, https }

    public let scheme: Scheme
    public let host: String
    public let port: Int?
    /// A path the store is mounted under (`https://gw.example/s3` → `/s3`), empty for none.
    public let basePath: String
    public let pathStyle: Bool

    public init(scheme: Scheme, host: String, port: Int?, basePath: String = "", pathStyle: Bool) {
        self.scheme = scheme
        self.host = host
        self.port = port
        self.basePath = basePath
        self.pathStyle = pathStyle
    }

    /// AWS S3 in a region, over HTTPS, virtual-hosted style.
    public static func aws(region: String) -> S3Endpoint {
        S3Endpoint(scheme: .https, host: "s3.\(region).amazonaws.com", port: nil, pathStyle: false)
    }

    /// An S3-compatible store at `url` (`AWS_ENDPOINT_URL`), path style. HTTPS unless the URL says `http://`;
    /// a URL without a scheme is taken as HTTPS.
    public static func custom(_ url: String) throws -> S3Endpoint {
        var rest = Substring(url.trimmingCharacters(in: .whitespaces))
        var scheme = Scheme.https
        if let separator = rest.range(of: "://") {
            let name = rest[..<separator.lowerBound].lowercased()
            guard let known = Scheme(rawValue: name) else {
                throw S3ConfigurationError("endpoint URL \(url): scheme '\(name)' is neither http nor https")
            }
            scheme = known
            rest = rest[separator.upperBound...]
        }
        let slash = rest.firstIndex(of: "/") ?? rest.endIndex
        let authority = rest[..<slash]
        var basePath = String(rest[slash...])
        while basePath.hasSuffix("/") { basePath.removeLast() }
        guard !authority.isEmpty, !authority.contains("@"), !authority.contains("?"), !basePath.contains("?") else {
            throw S3ConfigurationError("endpoint URL \(url): expected scheme://host[:port][/path]")
        }
        var host = String(authority)
        var port: Int?
        // `[::1]:9000` and `host:9000`; a bare IPv6 address without brackets is refused above by the port parse.
        if let colon = authority.lastIndex(of: ":"), !authority.hasSuffix("]") {
            guard let number = Int(authority[authority.index(after: colon)...]), (1...65535).contains(number) else {
                throw S3ConfigurationError("endpoint URL \(url): the port is not a number from 1 to 65535")
            }
            port = number
            host = String(authority[..<colon])
        }
        guard !host.isEmpty else { throw S3ConfigurationError("endpoint URL \(url): no host") }
        return S3Endpoint(scheme: scheme, host: host, port: port, basePath: basePath, pathStyle: true)
    }

    /// The URL, `Host` header and signed path of a request on `bucket` (and `key`).
    public func address(bucket: String, key: String?) -> (url: String, hostHeader: String, encodedPath: String) {
        let encodedKey = key.map { "/" + URIEncoding.encode($0, keepSlash: true) } ?? "/"
        // Bucket names with dots do not match AWS's wildcard certificate, so they go path style.
        let virtualHosted = !pathStyle && !bucket.contains(".")
        let hostName = virtualHosted ? "\(bucket).\(host)" : host
        let path: String
        if virtualHosted {
            path = basePath + encodedKey
        } else {
            path = basePath + "/" + URIEncoding.encode(bucket) + (key == nil ? "" : encodedKey)
        }
        let defaultPort = scheme == .https ? 443 : 80
        let hostHeader = port.map { $0 == defaultPort ? hostName : "\(hostName):\($0)" } ?? hostName
        return ("\(scheme.rawValue)://\(hostHeader)\(path)", hostHeader, path)
    }
}
