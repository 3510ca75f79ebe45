import Foundation
import Testing
@testable import S3

/// The four worked examples of AWS's "Signature Calculations for the Authorization Header"
/// page of the S3 API reference: same credentials, same instant, known canonical requests,
/// string-to-sign digests and signatures.
@Suite struct SigV4SignerTests {
    let signer = SigV4Signer(
        credentials: AWSCredentials(accessKeyID: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
        region: "us-east-1")
    /// Fri, 24 May 2013 00:00:00 GMT.
    let instant = Date(timeIntervalSince1970: 1_369_353_600)
    let host = "examplebucket.s3.amazonaws.com"

    private func authorization(_ request: SigV4Signer.Request) -> String? {
        signer.sign(request, at: instant).first { $0.name == "Authorization" }?.value
    }

    @Test func getObjectWithRange() {
        let request = SigV4Signer.Request(method: "GET", encodedPath: "/test.txt",
                                          headers: [("Host", host), ("Range", "bytes=0-9")], payloadHash: Hex.emptySHA256)
        var withDate = request
        withDate.headers += [("x-amz-date", "20130524T000000Z"), ("x-amz-content-sha256", Hex.emptySHA256)]
        let canonical = signer.canonicalRequest(withDate)
        #expect(canonical.text == """
            GET
            /test.txt

            host:examplebucket.s3.amazonaws.com
            range:bytes=0-9
            x-amz-content-sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
            x-amz-date:20130524T000000Z

            host;range;x-amz-content-sha256;x-amz-date
            e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
            """)
        let toSign = signer.stringToSign(canonicalRequest: canonical.text, stamp: AmzDate(instant))
        #expect(toSign.hasSuffix("\n7344ae5b7ee6c3e7e6b0fe0640412a37625d1fbfff95c48bbb2dc43964946972"))
        #expect(authorization(request) == "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,"
            + "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,"
            + "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41")
    }

    @Test func putObjectWithEncodedKeyAndPayloadHash() {
        let body = Array("Welcome to Amazon S3.".utf8)
        let hash = Hex.sha256(body)
        #expect(hash == "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072")
        let endpoint = S3Endpoint.aws(region: "us-east-1")
        let address = S3Endpoint(scheme: .https, host: "s3.amazonaws.com", port: nil, pathStyle: false)
            .address(bucket: "examplebucket", key: "test$file.text")
        #expect(address.encodedPath == "/test%24file.text")
        #expect(address.hostHeader == host)
        #expect(endpoint.host == "s3.us-east-1.amazonaws.com")
        let request = SigV4Signer.Request(
            method: "PUT", encodedPath: address.encodedPath,
            headers: [("Host", host), ("Date", "Fri, 24 May 2013 00:00:00 GMT"), ("x-amz-storage-class", "REDUCED_REDUNDANCY")],
            payloadHash: hash)
        #expect(authorization(request) == "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,"
            + "SignedHeaders=date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class,"
            + "Signature=98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd")
    }

    @Test func getBucketLifecycleWithFlagParameter() {
        let request = SigV4Signer.Request(method: "GET", encodedPath: "/", query: [("lifecycle", "")],
                                          headers: [("Host", host)], payloadHash: Hex.emptySHA256)
        #expect(signer.canonicalRequest(request).text.hasPrefix("GET\n/\nlifecycle=\nhost:"))
        #expect(authorization(request)?.hasSuffix("Signature=fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543") == true)
    }

    @Test func listObjectsWithSortedQuery() {
        // Given out of order: the canonical query sorts by name.
        let request = SigV4Signer.Request(method: "GET", encodedPath: "/", query: [("prefix", "J"), ("max-keys", "2")],
                                          headers: [("Host", host)], payloadHash: Hex.emptySHA256)
        #expect(signer.canonicalRequest(request).text.hasPrefix("GET\n/\nmax-keys=2&prefix=J\n"))
        #expect(authorization(request)?.hasSuffix("Signature=34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7") == true)
    }

    @Test func sessionTokenIsSentAndSigned() {
        let temporary = SigV4Signer(credentials: AWSCredentials(accessKeyID: "ASIAEXAMPLE", secretAccessKey: "secret",
                                                                sessionToken: "token/with+chars"), region: "eu-west-1")
        let added = temporary.sign(SigV4Signer.Request(method: "GET", encodedPath: "/k", headers: [("host", "h")],
                                                       payloadHash: Hex.emptySHA256), at: instant)
        #expect(added.contains { $0.name == "x-amz-security-token" && $0.value == "token/with+chars" })
        let auth = added.first { $0.name == "Authorization" }?.value ?? ""
        #expect(auth.contains("SignedHeaders=host;x-amz-content-sha256;x-amz-date;x-amz-security-token,"))
        #expect(auth.contains("/20130524/eu-west-1/s3/aws4_request"))
    }

    @Test func uriEncodingKeepsOnlyUnreservedBytes() {
        #expect(URIEncoding.encode("a b/c~d_e.f-g", keepSlash: true) == "a%20b/c~d_e.f-g")
        #expect(URIEncoding.encode("a/b+c=d") == "a%2Fb%2Bc%3Dd")
        #expect(URIEncoding.encode("é") == "%C3%A9")
    }
}
