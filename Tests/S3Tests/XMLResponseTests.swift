import Foundation
import Testing
@testable import S3

@Suite struct XMLResponseTests {
    @Test func listObjectsV2Page() throws {
        let xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
              <Name>lake</Name><Prefix>bronze/</Prefix><KeyCount>2</KeyCount><MaxKeys>2</MaxKeys>
              <IsTruncated>true</IsTruncated>
              <NextContinuationToken>1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=</NextContinuationToken>
              <Contents>
                <Key>bronze/a &amp; b.parquet</Key><LastModified>2009-10-12T17:50:30.250Z</LastModified>
                <ETag>&quot;fba9dede5f27731c9771645a39863328&quot;</ETag><Size>434234</Size><StorageClass>STANDARD</StorageClass>
              </Contents>
              <Contents><Key>bronze/c.parquet</Key><Size>0</Size><ETag>"d41d8cd98f00b204e9800998ecf8427e-2"</ETag></Contents>
            </ListBucketResult>
            """
        let page = try #require(ListObjectsPage(xml: Array(xml.utf8)))
        #expect(page.isTruncated)
        #expect(page.nextContinuationToken == "1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=")
        #expect(page.objects.map(\.key) == ["bronze/a & b.parquet", "bronze/c.parquet"])
        #expect(page.objects[0].size == 434_234)
        #expect(page.objects[0].etag == "fba9dede5f27731c9771645a39863328")
        #expect(page.objects[0].lastModified == Date(timeIntervalSince1970: 1_255_369_830.25))
        #expect(page.objects[1].etag == "d41d8cd98f00b204e9800998ecf8427e-2")
        let last = try #require(ListObjectsPage(xml: Array("<ListBucketResult><IsTruncated>false</IsTruncated></ListBucketResult>".utf8)))
        #expect(!last.isTruncated && last.objects.isEmpty && last.nextContinuationToken == nil)
        #expect(ListObjectsPage(xml: Array("<Error><Code>x</Code></Error>".utf8)) == nil)
        #expect(ListObjectsPage(xml: Array("not xml <".utf8)) == nil)
    }

    @Test func errorBody() throws {
        let xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <Error><Code>NoSuchKey</Code><Message>The resource you requested does not exist</Message>
            <Resource>/lake/k</Resource><RequestId>4442587FB7D0A2F9</RequestId></Error>
            """
        let error = try #require(S3ErrorBody(xml: Array(xml.utf8)))
        #expect(error.code == "NoSuchKey")
        #expect(error.message == "The resource you requested does not exist")
        #expect(error.requestID == "4442587FB7D0A2F9")
    }

    @Test func multipartInitiateAndComplete() {
        let initiate = """
            <InitiateMultipartUploadResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
            <Bucket>lake</Bucket><Key>big</Key><UploadId>VXBsb2FkIElEIGZvciA2aWWpbmcncyBteS1tb3ZpZS5tMnRzIHVwbG9hZA</UploadId>
            </InitiateMultipartUploadResult>
            """
        #expect(parseUploadID(xml: Array(initiate.utf8)) == "VXBsb2FkIElEIGZvciA2aWWpbmcncyBteS1tb3ZpZS5tMnRzIHVwbG9hZA")
        let complete = "<CompleteMultipartUploadResult><Location>x</Location><Bucket>lake</Bucket><Key>big</Key>"
            + "<ETag>\"3858f62230ac3c915f300c664312c11f-9\"</ETag></CompleteMultipartUploadResult>"
        #expect(CompleteMultipartOutcome(xml: Array(complete.utf8)) == .completed(etag: "3858f62230ac3c915f300c664312c11f-9"))
        let failedIn200 = "<Error><Code>InternalError</Code><Message>We encountered an internal error.</Message></Error>"
        #expect(CompleteMultipartOutcome(xml: Array(failedIn200.utf8))
            == .failed(S3ErrorBody(xml: Array(failedIn200.utf8))!))
        let body = String(decoding: completeMultipartBody(parts: [(1, "a"), (2, "b")]), as: UTF8.self)
        #expect(body.contains("<Part><PartNumber>1</PartNumber><ETag>\"a\"</ETag></Part><Part><PartNumber>2</PartNumber>"))
    }

    @Test func timesAndETags() {
        #expect(ISO8601Time.parse("2026-12-07T14:05:09Z") == Date(timeIntervalSince1970: 1_796_652_309))
        #expect(ISO8601Time.parseHTTPDate("Mon, 07 Dec 2026 14:05:09 GMT") == Date(timeIntervalSince1970: 1_796_652_309))
        #expect(ISO8601Time.parse("2026-13-07T14:05:09Z") == nil)
        #expect(ISO8601Time.parse("garbage") == nil)
        #expect(ETag.unquoted("\"abc\"") == "abc")
        #expect(ETag.unquoted("W/\"abc\"") == "abc")
        // MD5 of the two parts' MD5s (hashlib's answer), then the part count.
        #expect(S3Client.multipartETag(partETags: ["d41d8cd98f00b204e9800998ecf8427e", "d41d8cd98f00b204e9800998ecf8427e"])
            == "5873dd45edd01f09c1ef2e7819369e8e-2")
        #expect(S3Client.multipartETag(partETags: ["not-hex"]) == nil)
    }
}
