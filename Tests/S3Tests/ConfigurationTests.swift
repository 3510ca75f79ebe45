import Testing
@testable import S3

/// Credentials, region and endpoint resolution from an environment and the ~/.aws files.
@Suite struct ConfigurationTests {
    let home = "/home/tester"

    private func resolve(_ environment: [String: String], files: [String: String] = [:]) throws -> S3Configuration {
        var env = environment
        env["HOME"] = home
        return try S3Configuration.resolve(environment: env) { files[$0] }
    }

    @Test func environmentCredentialsWinOverFiles() throws {
        let config = try resolve(
            ["AWS_ACCESS_KEY_ID": "AKENV", "AWS_SECRET_ACCESS_KEY": "envsecret", "AWS_SESSION_TOKEN": "tok", "AWS_REGION": "eu-central-1"],
            files: ["\(home)/.aws/credentials": "[default]\naws_access_key_id = AKFILE\naws_secret_access_key = filesecret\n"])
        #expect(config.credentials == AWSCredentials(accessKeyID: "AKENV", secretAccessKey: "envsecret", sessionToken: "tok",
                                                     source: "environment"))
        #expect(config.region == "eu-central-1")
        #expect(config.endpoint == .aws(region: "eu-central-1"))
        #expect(!String(describing: config.credentials).contains("envsecret"))
    }

    @Test func namedProfileFromCredentialsAndConfigFiles() throws {
        let credentials = """
            # comment
            [default]
            aws_access_key_id = AKDEFAULT
            aws_secret_access_key = defaultsecret

            [prod]
            aws_access_key_id=AKPROD
            ; another comment
            aws_secret_access_key =  prodsecret  
            aws_session_token = prodtoken
            """
        let config = """
            [default]
            region = us-west-2
            [profile prod]
            region = ap-southeast-2
            s3 =
              endpoint_url = http://127.0.0.1:9000
              addressing_style = path
            [sso-session corp]
            region = eu-west-1
            """
        let files = ["\(home)/.aws/credentials": credentials, "\(home)/.aws/config": config]
        let prod = try resolve(["AWS_PROFILE": "prod"], files: files)
        #expect(prod.credentials.accessKeyID == "AKPROD")
        #expect(prod.credentials.secretAccessKey == "prodsecret")
        #expect(prod.credentials.sessionToken == "prodtoken")
        #expect(prod.credentials.source == "profile prod in \(home)/.aws/credentials")
        #expect(prod.region == "ap-southeast-2")
        #expect(prod.endpoint == S3Endpoint(scheme: .http, host: "127.0.0.1", port: 9000, pathStyle: true))

        let fallback = try resolve([:], files: files)
        #expect(fallback.credentials.accessKeyID == "AKDEFAULT")
        #expect(fallback.region == "us-west-2")
        #expect(fallback.endpoint == .aws(region: "us-west-2"))
        // AWS_REGION beats the profile's region; AWS_DEFAULT_REGION comes after it.
        #expect(try resolve(["AWS_DEFAULT_REGION": "sa-east-1", "AWS_REGION": "ca-central-1"], files: files).region == "ca-central-1")
        #expect(try resolve(["AWS_DEFAULT_REGION": "sa-east-1"], files: files).region == "sa-east-1")
    }

    @Test func credentialsOnlyInConfigFileAndFileOverrides() throws {
        let files = ["/etc/aws-config": "[profile ci]\naws_access_key_id = AKCI\naws_secret_access_key = cisecret\n"]
        let config = try resolve(["AWS_PROFILE": "ci", "AWS_CONFIG_FILE": "/etc/aws-config"], files: files)
        #expect(config.credentials.accessKeyID == "AKCI")
        #expect(config.credentials.source == "profile ci in /etc/aws-config")
        #expect(config.region == "us-east-1")
    }

    @Test func clearErrorsWhenCredentialsAreMissingOrHalf() {
        #expect(throws: S3ConfigurationError.self) { try resolve([:]) }
        do {
            _ = try resolve([:])
        } catch {
            #expect(String(describing: error).contains("AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY"))
        }
        do {
            _ = try resolve(["AWS_ACCESS_KEY_ID": "AK"])
            Issue.record("a key without a secret resolved")
        } catch {
            #expect(String(describing: error) == "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not")
        }
        do {
            _ = try resolve(["AWS_PROFILE": "nope"], files: ["\(home)/.aws/credentials": "[default]\naws_access_key_id=a\n"])
            Issue.record("a missing profile resolved")
        } catch {
            #expect(String(describing: error).contains("AWS_PROFILE names profile 'nope'"))
        }
        do {
            _ = try resolve([:], files: ["\(home)/.aws/credentials": "[default]\naws_access_key_id=a\n"])
            Issue.record("a profile without a secret resolved")
        } catch {
            #expect(String(describing: error).contains("has aws_access_key_id but no aws_secret_access_key"))
        }
    }

    @Test func endpointURLMeansPathStyleAndItsOwnScheme() throws {
        let keys = ["AWS_ACCESS_KEY_ID": "AK", "AWS_SECRET_ACCESS_KEY": "s"]
        let generic = try resolve(keys.merging(["AWS_ENDPOINT_URL": "http://localhost:9000"]) { $1 })
        #expect(generic.endpoint == S3Endpoint(scheme: .http, host: "localhost", port: 9000, pathStyle: true))
        let specific = try resolve(keys.merging(["AWS_ENDPOINT_URL": "http://other:1", "AWS_ENDPOINT_URL_S3": "minio.internal/"]) { $1 })
        #expect(specific.endpoint == S3Endpoint(scheme: .https, host: "minio.internal", port: nil, pathStyle: true))
        #expect(throws: S3ConfigurationError.self) { try resolve(keys.merging(["AWS_ENDPOINT_URL": "ftp://x"]) { $1 }) }
        #expect(throws: S3ConfigurationError.self) { try resolve(keys.merging(["AWS_ENDPOINT_URL": "http://x:99999"]) { $1 }) }
        #expect(throws: S3ConfigurationError.self) { try resolve(keys.merging(["AWS_ENDPOINT_URL": "http://"]) { $1 }) }
    }
}

@Suite struct EndpointAddressingTests {
    @Test func awsIsVirtualHostedOverHTTPS() {
        let address = S3Endpoint.aws(region: "eu-west-1").address(bucket: "lake", key: "bronze/a b.parquet")
        #expect(address.url == "https://lake.s3.eu-west-1.amazonaws.com/bronze/a%20b.parquet")
        #expect(address.hostHeader == "lake.s3.eu-west-1.amazonaws.com")
        #expect(address.encodedPath == "/bronze/a%20b.parquet")
        let bucketOnly = S3Endpoint.aws(region: "eu-west-1").address(bucket: "lake", key: nil)
        #expect(bucketOnly.url == "https://lake.s3.eu-west-1.amazonaws.com/")
    }

    @Test func dottedBucketsOnAWSGoPathStyle() {
        let address = S3Endpoint.aws(region: "us-east-1").address(bucket: "my.lake", key: "k")
        #expect(address.url == "https://s3.us-east-1.amazonaws.com/my.lake/k")
    }

    @Test func customEndpointIsPathStyleWithPortAndBasePath() throws {
        let endpoint = try S3Endpoint.custom("http://127.0.0.1:9000/gateway/")
        let address = endpoint.address(bucket: "lake", key: "_delta_log/00000000000000000000.json")
        #expect(address.url == "http://127.0.0.1:9000/gateway/lake/_delta_log/00000000000000000000.json")
        #expect(address.hostHeader == "127.0.0.1:9000")
        #expect(address.encodedPath == "/gateway/lake/_delta_log/00000000000000000000.json")
        #expect(try S3Endpoint.custom("https://s3.example:443").address(bucket: "b", key: nil).hostHeader == "s3.example")
        #expect(try S3Endpoint.custom("http://[::1]:9000").address(bucket: "b", key: "k").url == "http://[::1]:9000/b/k")
    }
}
