import Foundation

/// One object in a listing.
public struct S3ObjectSummary: Sendable, Equatable {
    public var key: String
    public var size: Int64
    public var lastModified: Date?
    /// The ETag without its quotes.
    public var etag: String
}

/// One page of ListObjectsV2.
public struct ListObjectsPage: Sendable {
    public var objects: [S3ObjectSummary]
    /// With a delimiter: the rolled-up "folders", each ending with it.
    public var commonPrefixes: [String]
    public var nextContinuationToken: String?
    public var isTruncated: Bool

    /// Parses a `ListBucketResult` body; nil when it is not one.
    init?(xml bytes: [UInt8]) {
        guard let root = XMLNode.parse(bytes), root.name == "ListBucketResult" else { return nil }
        var objects: [S3ObjectSummary] = []
        for entry in root.all("Contents") {
            guard let key = entry.text("Key") else { return nil }
            objects.append(S3ObjectSummary(
                key: key,
                size: entry.text("Size").flatMap { Int64($0.trimmingCharacters(in: .whitespaces)) } ?? 0,
                lastModified: entry.text("LastModified").flatMap(ISO8601Time.parse),
                etag: ETag.unquoted(entry.text("ETag") ?? "")))
        }
        self.objects = objects
        self.commonPrefixes = root.all("CommonPrefixes").compactMap { $0.text("Prefix") }
        self.isTruncated = root.text("IsTruncated")?.lowercased() == "true"
        self.nextContinuationToken = root.text("NextContinuationToken").flatMap { $0.isEmpty ? nil : $0 }
    }
}

/// An `<Error>` body: S3's code (`NoSuchKey`, `SlowDown`, …) and message.
struct S3ErrorBody: Sendable, Equatable {
    var code: String
    var message: String
    var requestID: String?

    init?(xml bytes: [UInt8]) {
        guard let root = XMLNode.parse(bytes), root.name == "Error", let code = root.text("Code") else { return nil }
        self.code = code
        self.message = root.text("Message") ?? ""
        self.requestID = root.text("RequestId")
    }
}

/// The `UploadId` of an `InitiateMultipartUploadResult`.
func parseUploadID(xml bytes: [UInt8]) -> String? {
    guard let root = XMLNode.parse(bytes), root.name == "InitiateMultipartUploadResult",
          let id = root.text("UploadId"), !id.isEmpty else { return nil }
    return id
}

/// A `CompleteMultipartUploadResult`'s ETag, or the `<Error>` S3 may send with status 200.
enum CompleteMultipartOutcome: Sendable, Equatable {
    case completed(etag: String)
    case failed(S3ErrorBody)

    init?(xml bytes: [UInt8]) {
        guard let root = XMLNode.parse(bytes) else { return nil }
        if root.name == "CompleteMultipartUploadResult" {
            self = .completed(etag: ETag.unquoted(root.text("ETag") ?? ""))
        } else if let error = S3ErrorBody(xml: bytes) {
            self = .failed(error)
        } else {
            return nil
        }
    }
}

/// One page of ListMultipartUploads.
/// An unfinished multipart upload as ListMultipartUploads reports it.
public struct S3MultipartUploadSummary: Sendable, Equatable {
    public var key: String
    public var uploadID: String
    /// When CreateMultipartUpload was called; nil when the answer had no readable date.
    public var initiated: Date?
}

struct MultipartUploadsPage: Sendable {
    var uploads: [S3MultipartUploadSummary]
    var isTruncated: Bool
    var nextKeyMarker: String?
    var nextUploadIDMarker: String?

    init?(xml bytes: [UInt8]) {
        guard let root = XMLNode.parse(bytes), root.name == "ListMultipartUploadsResult" else { return nil }
        uploads = root.all("Upload").compactMap { upload in
            guard let key = upload.text("Key"), let id = upload.text("UploadId") else { return nil }
            return S3MultipartUploadSummary(key: key, uploadID: id, initiated: upload.text("Initiated").flatMap(ISO8601Time.parse))
        }
        isTruncated = root.text("IsTruncated")?.lowercased() == "true"
        nextKeyMarker = root.text("NextKeyMarker").flatMap { $0.isEmpty ? nil : $0 }
        nextUploadIDMarker = root.text("NextUploadIdMarker").flatMap { $0.isEmpty ? nil : $0 }
    }
}

/// The XML body of CompleteMultipartUpload: parts in order with their ETags.
func completeMultipartBody(parts: [(number: Int, etag: String)]) -> [UInt8] {
    var xml = "<CompleteMultipartUpload xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
    for part in parts {
        xml += "<Part><PartNumber>\(part.number)</PartNumber><ETag>\"\(part.etag)\"</ETag></Part>"
    }
    xml += "</CompleteMultipartUpload>"
    return Array(xml.utf8)
}

enum ETag {
    /// `"abc"` → `abc` (S3 quotes ETags in headers and XML alike).
    static func unquoted(_ text: String) -> String {
        var value = Substring(text.trimmingCharacters(in: .whitespaces))
        if value.hasPrefix("W/") { value = value.dropFirst(2) }
        if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = value.dropFirst().dropLast() }
        return String(value)
    }
}

/// `2009-10-12T17:50:30.000Z` (listings) and `Wed, 12 Oct 2009 17:50:00 GMT` (the Last-Modified header).
enum ISO8601Time {
    static func parse(_ text: String) -> Date? {
        let digits = text.utf8.map { $0 }
        func number(_ from: Int, _ count: Int) -> Int? {
            guard from + count <= digits.count else { return nil }
            var value = 0
            for byte in digits[from..<(from + count)] {
                guard byte >= 48, byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            return value
        }
        guard let year = number(0, 4), let month = number(5, 2), let day = number(8, 2),
              let hour = number(11, 2), let minute = number(14, 2), let second = number(17, 2),
              (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61 else { return nil }
        var fraction = 0.0
        if digits.count > 20, digits[19] == UInt8(ascii: ".") {
            var scale = 0.1
            var index = 20
            while index < digits.count, digits[index] >= 48, digits[index] <= 57 {
                fraction += Double(digits[index] - 48) * scale
                scale /= 10
                index += 1
            }
        }
        var parts = tm()
        parts.tm_year = Int32(year - 1900)
        parts.tm_mon = Int32(month - 1)
        parts.tm_mday = Int32(day)
        parts.tm_hour = Int32(hour)
        parts.tm_min = Int32(minute)
        parts.tm_sec = Int32(second)
        return Date(timeIntervalSince1970: Double(timegm(&parts)) + fraction)
    }

    /// RFC 1123, as in the `Last-Modified` header.
    static func parseHTTPDate(_ text: String) -> Date? {
        let words = text.split(separator: " ")
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        guard words.count == 6, let day = Int(words[1]), let monthIndex = months.firstIndex(of: String(words[2])),
              let year = Int(words[3]) else { return nil }
        let clock = words[4].split(separator: ":")
        guard clock.count == 3, let hour = Int(clock[0]), let minute = Int(clock[1]), let second = Int(clock[2]) else {
            return nil
        }
        let month = monthIndex + 1
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return parse("\(year)-\(two(month))-\(two(day))T\(two(hour)):\(two(minute)):\(two(second))Z")
    }
}
