/// An access key pair (and the session token of temporary credentials) that signs S3 requests.
public struct AWSCredentials: Sendable, Equatable {
    public var accessKeyID: String
    public var secretAccessKey: String
    public var sessionToken: String?
    /// Where the chain found them ("environment", "profile prod in ~/.aws/credentials"), for messages.
    public var source: String

    public init(accessKeyID: String, secretAccessKey: String, sessionToken: String? = nil, source: String = "given") {
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
        self.source = source
    }
}

extension AWSCredentials: CustomStringConvertible {
    /// Names the key and its source, never the secret.
    public var description: String { "access key \(accessKeyID) (from \(source))" }
}
