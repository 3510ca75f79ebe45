import Columns
import Partition
import Testing

@Suite("Record cutting across segment boundaries")
struct RecordCutterTests {
    @Test("any segmentation gives the rows of a sequential reference parse",
          arguments: [(false, false), (true, false), (false, true), (true, true)])
    func segmentationInvariance(crlf: Bool, bom: Bool) throws {
        for seed in UInt64(1) ... 6 {
            let text = randomCSV(rows: 300, columns: 4, crlf: crlf, bom: bom, seed: seed)
            let bytes = Array(text.utf8)
            let expected = referenceParse(text)
            let columns = ["c0", "c1", "c2", "c3"]
            for sizes in [[bytes.count + 1], [1], [7], [64, 3, 129], [1000, 1, 1, 5]] {
                let (rows, rejects) = try cutAndParse(bytes, segmentSizes: sizes, columns: columns)
                #expect(rejects.isEmpty)
                #expect(rows == expected, "seed \(seed) sizes \(sizes)")
            }
        }
    }

    @Test("quoted newline straddling a segment boundary keeps its line numbers")
    func quotedNewlineAcrossBoundary() throws {
        let text = "a,b\n1,\"x\ny\"\n2,z\n"
        let bytes = Array(text.utf8)
        for cut in 1 ..< bytes.count {
            let (rows, _) = try cutAndParse(bytes, segmentSizes: [cut, bytes.count], columns: ["a", "b"])
            #expect(rows == [TextRow(line: 2, fields: ["1", "x\ny"]), TextRow(line: 4, fields: ["2", "z"])], "cut at \(cut)")
        }
    }

    @Test("columns are matched by header name, extra columns reported")
    func headerByName() throws {
        let bytes = Array("b,extra,a\n1,2,3\n".utf8)
        var cutter = RecordCutter(path: "f.csv", requested: [RequestedColumn("a"), RequestedColumn("b")])
        let jobs = try cutter.cut(Segment(bytes: ContiguousArray(bytes), sourceBytes: bytes.count)) + cutter.finish()
        #expect(cutter.layout?.extraColumns == ["extra"])
        #expect(jobs.flatMap { textRows($0.run().batch) } == [TextRow(line: 2, fields: ["3", "1"])])
    }

    @Test("a missing column is an error naming the file")
    func missingColumn() throws {
        var cutter = RecordCutter(path: "dir/f.csv", requested: [RequestedColumn("a"), RequestedColumn("zz")])
        #expect(throws: InputError.missingColumns(path: "dir/f.csv", missing: ["zz"], header: ["a", "b"])) {
            _ = try cutter.cut(Segment(bytes: ContiguousArray("a,b\n1,2\n".utf8), sourceBytes: 8))
        }
    }

    @Test("an empty file is an error naming the file")
    func emptyFile() throws {
        var cutter = RecordCutter(path: "e.csv", requested: [])
        #expect(throws: InputError.emptyFile(path: "e.csv")) { _ = try cutter.finish() }
    }
}
