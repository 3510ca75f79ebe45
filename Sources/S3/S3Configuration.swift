import Foundation

/// Everything an S3 client needs from its surroundings, resolved the way the AWS CLI does:
/// credentials from `AWS_ACCESS_KEY_ID`/`AWS_SECRET_ACCESS_KEY`/`AWS_SESSION_TOKEN`, else the
/// profile `AWS_PROFILE` (or `default`) in `~/.aws/credentials` then `~/.aws/config`;
/// region from `AWS_REGION`, `AWS_DEFAULT_REGION`, the profile's `region`, else `us-east-1`;
/// endpoint from `AWS_ENDPOINT_URL_S3`, `AWS_ENDPOINT_URL`, the profile's `endpoint_url`, else AWS.
public struct S3Configuration: Sendable {
    public var credentials: AWSCredentials
    public var region: String
    public var endpoint: S3Endpoint

    public init(credentials: AWSCredentials, region: String, endpoint: S3Endpoint) {
        self.credentials = credentials
        self.region = region
        self.endpoint = endpoint
    }

    /// Resolves from an environment and the files it points at (`AWS_SHARED_CREDENTIALS_FILE`,
    /// `AWS_CONFIG_FILE`, defaulting under `HOME`); `readFile` returns nil for a missing file.
    public static func resolve(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        readFile: (String) -> String? = { try? String(contentsOfFile: $0, encoding: .utf8) }
    ) throws -> S3Configuration {
        let home = environment["HOME"] ?? NSHomeDirectory()
        let credentialsPath = nonEmpty(environment["AWS_SHARED_CREDENTIALS_FILE"]) ?? "\(home)/.aws/credentials"
        let configPath = nonEmpty(environment["AWS_CONFIG_FILE"]) ?? "\(home)/.aws/config"
        let credentialsFile = readFile(credentialsPath).map { AWSConfigFile(text: $0, kind: .credentials) }
        let configFile = readFile(configPath).map { AWSConfigFile(text: $0, kind: .config) }
        let explicitProfile = nonEmpty(environment["AWS_PROFILE"])
        let profileName = explicitProfile ?? "default"
        let fromCredentials = credentialsFile?.profiles[profileName]
        let fromConfig = configFile?.profiles[profileName]
        if let explicitProfile, fromCredentials == nil, fromConfig == nil {
            throw S3ConfigurationError(
                "AWS_PROFILE names profile '\(explicitProfile)', but neither \(credentialsPath) "
                    + "([\(explicitProfile)]) nor \(configPath) ([profile \(explicitProfile)]) has it")
        }
        // A setting in the credentials file wins over the same one in the config file.
        func setting(_ key: String) -> (value: String, file: String)? {
            if let value = nonEmpty(fromCredentials?[key]) { return (value, credentialsPath) }
            if let value = nonEmpty(fromConfig?[key]) { return (value, configPath) }
            return nil
        }

        let credentials = try resolveCredentials(environment: environment, profile: profileName, setting: setting)
        let region = nonEmpty(environment["AWS_REGION"]) ?? nonEmpty(environment["AWS_DEFAULT_REGION"])
            ?? setting("region")?.value ?? "us-east-1"
        let endpointURL = nonEmpty(environment["AWS_ENDPOINT_URL_S3"]) ?? nonEmpty(environment["AWS_ENDPOINT_URL"])
            ?? setting("s3.endpoint_url")?.value ?? setting("endpoint_url")?.value
        let endpoint = try endpointURL.map { try S3Endpoint.custom($0) } ?? .aws(region: region)
        return S3Configuration(credentials: credentials, region: region, endpoint: endpoint)
    }

    private static func resolveCredentials(
        environment: [String: String], profile: String, setting: (String) -> (value: String, file: String)?
    ) throws -> AWSCredentials {
        let envKey = nonEmpty(environment["AWS_ACCESS_KEY_ID"])
        let envSecret = nonEmpty(environment["AWS_SECRET_ACCESS_KEY"])
        switch (envKey, envSecret) {
        case let (key?, secret?):
            return AWSCredentials(accessKeyID: key, secretAccessKey: secret,
                                  sessionToken: nonEmpty(environment["AWS_SESSION_TOKEN"]), source: "environment")
        case (_?, nil):
            throw S3ConfigurationError("AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not")
        case (nil, _?):
            throw S3ConfigurationError("AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not")
        case (nil, nil):
            break
        }
        switch (setting("aws_access_key_id"), setting("aws_secret_access_key")) {
        case let (key?, secret?):
            return AWSCredentials(accessKeyID: key.value, secretAccessKey: secret.value,
                                  sessionToken: setting("aws_session_token")?.value,
                                  source: "profile \(profile) in \(key.file)")
        case let (key?, nil):
            throw S3ConfigurationError("profile \(profile) in \(key.file) has aws_access_key_id but no aws_secret_access_key")
        case let (nil, secret?):
            throw S3ConfigurationError("profile \(profile) in \(secret.file) has aws_secret_access_key but no aws_access_key_id")
        case (nil, nil):
            throw S3ConfigurationError(
                "no AWS credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or give profile \(profile) "
                    + "aws_access_key_id and aws_secret_access_key in ~/.aws/credentials (AWS_PROFILE picks the profile)")
        }
    }

    private static func nonEmpty(_ value: String?) -> String? {
        guard let value, !value.trimmingCharacters(in: .whitespaces).isEmpty else { return nil }
        return value
    }
}

/// Credentials, region or endpoint could not be worked out; the message says which and why.
public struct S3ConfigurationError: Error, CustomStringConvertible, Equatable {
    public let description: String
    init(_ description: String) { self.description = description }
}
