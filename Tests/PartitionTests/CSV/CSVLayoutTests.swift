import Testing
import Columns
@testable import Partition

@Suite("CSV header: repeated names and long header lines")
struct CSVLayoutTests {
    @Test("a header naming a column twice is an error naming the file and the column")
    func duplicateHeaderName() throws {
        #expect(throws: InputError.duplicateColumn(path: "dir/f.csv", column: "b")) {
            _ = try CSVLayout(path: "dir/f.csv", header: ["a", "b", "c", "b"], requested: [RequestedColumn("a")])
        }
        // Also when the repeated column is the one asked for.
        #expect(throws: InputError.duplicateColumn(path: "f.csv", column: "a")) {
            _ = try cutAndParse(Array("a,a\n1,2\n".utf8), segmentSizes: [3], columns: ["a"], path: "f.csv")
        }
        let message = InputError.duplicateColumn(path: "f.csv", column: "a").description
        #expect(message == "f.csv: header names column a more than once; expected distinct column names")
    }

    @Test("a 10 MB header line is quoted in at most ~200 bytes")
    func longHeaderIsCut() throws {
        // One header "line" of 10 MB (a file without newlines), without the column asked for.
        let header = String(repeating: "x", count: 10 << 20)
        var caught: InputError?
        do {
            _ = try cutAndParse(Array(header.utf8), segmentSizes: [1 << 20], columns: ["order_id"], path: "big.csv")
        } catch let error as InputError {
            caught = error
        }
        let message = try #require(caught).description
        #expect(message.hasPrefix("big.csv: missing required column(s) order_id; header has xxx"))
        #expect(message.utf8.count < 320, "message is \(message.utf8.count) bytes")
        #expect(message.contains("(10485760 bytes)"))
        // Many short names are cut the same way, never inside a UTF-8 sequence.
        let names = (0 ..< 100_000).map { "é\($0)" }
        let many = InputError.missingColumns(path: "f.csv", missing: ["id"], header: names).description
        #expect(many.utf8.count < 320)
        #expect(!many.contains("\u{FFFD}"))
    }
}
