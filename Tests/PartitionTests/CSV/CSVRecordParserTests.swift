import Columns
import Partition
import Testing

@Suite("CSV record parser")
struct CSVRecordParserTests {
    /// Parses a whole file in one segment; all jobs' rows and rejects, in order.
    func parse(_ text: String, _ columns: [RequestedColumn]) throws -> (rows: [TextRow], rejects: [RejectedRecord], blank: Int, batches: [RecordBatch]) {
        let bytes = Array(text.utf8)
        var cutter = RecordCutter(path: "p.csv", requested: columns)
        let jobs = try cutter.cut(Segment(bytes: ContiguousArray(bytes), sourceBytes: bytes.count)) + cutter.finish()
        let parsed = jobs.sorted { $0.sequence < $1.sequence }.map { $0.run() }
        return (parsed.flatMap { textRows($0.batch) }, parsed.flatMap(\.rejects), parsed.reduce(0) { $0 + $1.blankLines }, parsed.map(\.batch))
    }

    @Test("wrong field count is rejected with its line, other rows kept")
    func wrongFieldCount() throws {
        let p = try parse("a,b\n1,2\n3\n4,5,6\n7,8\n", [RequestedColumn("a"), RequestedColumn("b")])
        #expect(p.rows == [TextRow(line: 2, fields: ["1", "2"]), TextRow(line: 5, fields: ["7", "8"])])
        #expect(p.rejects.map(\.line) == [3, 4])
        #expect(p.rejects.map(\.rawText) == ["3", "4,5,6"])
        #expect(p.rejects.map(\.reason) == [.wrongFieldCount(expected: 2, found: 1), .wrongFieldCount(expected: 2, found: 3)])
    }

    @Test("unterminated quote at end of file: first physical line quarantined, reading resumes")
    func unterminatedQuote() throws {
        let p = try parse("a,b\n1,2\n3,\"open\n5,6\n7,8", [RequestedColumn("a"), RequestedColumn("b")])
        #expect(p.rows == [TextRow(line: 2, fields: ["1", "2"]), TextRow(line: 4, fields: ["5", "6"]),
                                      TextRow(line: 5, fields: ["7", "8"])])
        #expect(p.rejects == [RejectedRecord(line: 3, raw: ContiguousArray("3,\"open".utf8), reason: .unterminatedQuote)])
    }

    @Test("typed columns parse; a bad value rejects the row as a type mismatch; empty is NULL")
    func typedColumns() throws {
        let p = try parse("d,q,n\n2025-07-01,150.25,7\n2025-02-30,1,2\n,,\n2024-12-31,-0.005,x\n",
                          [RequestedColumn("d", .date), RequestedColumn("q", .decimal(precision: 18, scale: 2)), RequestedColumn("n", .int64)])
        let batch = try #require(p.batches.first)
        #expect(p.batches.count == 1 && batch.rowCount == 2)
        guard case let .date(d) = batch.columns[0], case let .decimal(q) = batch.columns[1],
              case let .int64(n) = batch.columns[2] else { Issue.record("wrong column kinds"); return }
        #expect(d.value(0) == CivilDate.days(year: 2025, month: 7, day: 1))
        #expect(q.value(0) == 15025)
        #expect(n.value(0) == 7)
        #expect(d.isNull(1) && q.isNull(1) && n.isNull(1))
        #expect(p.rejects.map(\.line) == [3, 5])
        #expect(p.rejects.first?.reason == .typeMismatch(column: "d", expected: .date))
    }

    @Test("blank lines are skipped but counted; CRLF stripped; escaped quotes unescaped")
    func blankLinesAndEscapes() throws {
        let p = try parse("a,b\r\n\r\n\"x \"\"q\"\"\",2\r\n\n3,4\r\n", [RequestedColumn("a"), RequestedColumn("b")])
        #expect(p.rows == [TextRow(line: 3, fields: ["x \"q\"", "2"]), TextRow(line: 5, fields: ["3", "4"])])
        #expect(p.blank == 2)
    }
}
