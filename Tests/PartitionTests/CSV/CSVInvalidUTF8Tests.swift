import Columns
import Partition
import Testing

@Suite("CSV text fields must be UTF-8")
struct CSVInvalidUTF8Tests {
    static func parse(_ bytes: [UInt8], _ columns: [RequestedColumn]) throws -> (rows: [TextRow], rejects: [RejectedRecord]) {
        var cutter = RecordCutter(path: "p.csv", requested: columns)
        let jobs = try cutter.cut(Segment(bytes: ContiguousArray(bytes), sourceBytes: bytes.count)) + cutter.finish()
        let parsed = jobs.sorted { $0.sequence < $1.sequence }.map { $0.run() }
        return (parsed.flatMap { textRows($0.batch) }, parsed.flatMap(\.rejects))
    }

    @Test("a record with an invalid text field is rejected as invalid_utf8 with its exact bytes; the rest is kept")
    func rejected() throws {
        var file = Array("a,b,c\n1,Caf\u{E9},x\n".utf8)
        let bad: [UInt8] = Array("2,Caf".utf8) + [0xE9] + Array(",y".utf8) // Latin-1 é
        let quoted: [UInt8] = Array("3,\"q\"\"".utf8) + [0xC3, 0x28] + Array("\",z".utf8)
        file += bad + [0x0A] + quoted + [0x0D, 0x0A] + Array("4,ok,w\n".utf8)
        let p = try Self.parse(file, [RequestedColumn("a"), RequestedColumn("b")])
        #expect(p.rows == [TextRow(line: 2, fields: ["1", "Caf\u{E9}"]), TextRow(line: 5, fields: ["4", "ok"])])
        #expect(p.rejects.map(\.line) == [3, 4])
        #expect(p.rejects.map(\.raw) == [ContiguousArray(bad), ContiguousArray(quoted)])
        #expect(p.rejects.map(\.reason) == [.invalidUTF8(column: "b", byte: 3), .invalidUTF8(column: "b", byte: 3)])
        #expect(p.rejects.allSatisfy { $0.reason.code == "invalid_utf8" && $0.rawText == nil })
    }

    @Test("bytes in a column nobody asked for do not matter; a wrong field count still wins")
    func unrequestedAndMalformed() throws {
        let file = Array("a,b\n1,".utf8) + [0xFF] + Array("\n".utf8) + [0xFF] + Array(",2,3\n".utf8)
        let p = try Self.parse(file, [RequestedColumn("a")])
        #expect(p.rows == [TextRow(line: 2, fields: ["1"])])
        #expect(p.rejects.map(\.reason) == [.wrongFieldCount(expected: 2, found: 3)])
        #expect(p.rejects.first?.raw == ContiguousArray([0xFF] + Array(",2,3".utf8)))
    }
}
