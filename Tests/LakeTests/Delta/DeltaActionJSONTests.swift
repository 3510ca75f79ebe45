import Foundation
import Columns
import Testing
@testable import Lake

@Suite("Delta actions as JSON")
struct DeltaActionJSONTests {
    static let add = DeltaAddFile(
        path: "region=north%20east/part-0.parquet", partitionValues: ["region": "north east", "day": nil],
        size: 841, modificationTime: 1_700_000_000_000, dataChange: true,
        stats: #"{"numRecords":3}"#, tags: ["k": "v"]
    )

    static let actions: [DeltaAction] = [
        .commitInfo(DeltaCommitInfo(
            timestamp: 1_700_000_000_123, operation: "MERGE", operationParameters: ["predicate": "a = b"],
            operationMetrics: ["numOutputRows": "3", "numTargetRowsDeleted": "1"], readVersion: 4, isBlindAppend: false
        )),
        .protocol(.current),
        .protocol(DeltaProtocolAction(minReaderVersion: 3, minWriterVersion: 7, readerFeatures: ["x"], writerFeatures: ["y"])),
        .metaData(DeltaMetadataAction(
            id: "af23c9d7-fff1-4a5a-a2c8-55c59bd782aa", name: "sales", schemaString: DeltaSchemaString.encode(DeltaFixtures.schema),
            partitionColumns: ["region"], configuration: ["delta.appendOnly": "false"], createdTime: 1_700_000_000_000
        )),
        .add(add),
        .remove(add.removal(at: 1_700_000_000_999)),
        .remove(DeltaRemoveFile(path: "a.parquet", deletionTimestamp: nil, dataChange: false)),
    ]

    @Test("add lines: the direct path gives what Codable gives, and declines what it does not model exactly")
    func addFastPath() throws {
        let lines = [
            try DeltaAction.add(Self.add).jsonLine(),
            #"{"add":{"path":"a.parquet","partitionValues":{},"size":1,"modificationTime":2,"dataChange":false}}"#,
            #"{"add":{"path":"b\u00e9.parquet","partitionValues":{"d":null},"size":1,"modificationTime":2,"dataChange":true,"stats":null,"tags":null,"baseRowId":7}}"#,
        ]
        for line in lines {
            let fast = try #require(DeltaAddFile.fastDecoded(line: Array(line.utf8)))
            let viaCodable = try JSONDecoder().decode([String: DeltaAddFile].self, from: Data(line.utf8))["add"]
            #expect(fast == viaCodable)
        }
        // Shapes the direct path leaves to Codable (which accepts or rejects them itself).
        for line in [
            #"{"add":{"path":"a","partitionValues":{},"size":"1","modificationTime":2,"dataChange":true}}"#,
            #"{"add":{"path":"a","partitionValues":{"d":3},"size":1,"modificationTime":2,"dataChange":true}}"#,
            #"{"add":{"path":"a","partitionValues":{},"size":1.5,"modificationTime":2,"dataChange":true}}"#,
            #"{"add":{"path":"a","partitionValues":{},"size":1,"modificationTime":2}}"#,
            #"{"remove":{"path":"a","dataChange":true}}"#,
        ] {
            #expect(DeltaAddFile.fastDecoded(line: Array(line.utf8)) == nil)
        }
        #expect(throws: (any Error).self) {
            try DeltaAction.parse(line: #"{"add":{"path":"a","partitionValues":{},"size":1,"modificationTime":2}}"#)
        }
    }

    @Test("a commit file's lines end at LF or CR; blanks and surrounding spaces are skipped")
    func lineEndings() throws {
        let lines = try Self.actions.map { try $0.jsonLine() }
        let text = "\n  " + lines.joined(separator: "\r\n\t") + "  \n\n"
        #expect(try DeltaAction.decode(text) == Self.actions)
    }

    @Test("every action survives encode → decode")
    func roundTrip() throws {
        for action in Self.actions {
            let line = try action.jsonLine()
            #expect(!line.contains("\n"))
            #expect(try DeltaAction.parse(line: line) == action)
        }
        let file = try DeltaAction.encode(Self.actions)
        #expect(try DeltaAction.decode(file) == Self.actions)
    }

    @Test("field names and shapes follow the protocol")
    func wireNames() throws {
        let add = try DeltaAction.add(Self.add).jsonLine()
        #expect(add.hasPrefix(#"{"add":{"#))
        #expect(add.contains(#""partitionValues":{"day":null,"region":"north east"}"#))
        #expect(add.contains(#""modificationTime":1700000000000"#))
        #expect(add.contains(#""dataChange":true"#))
        #expect(add.contains(#""stats":"{\"numRecords\":3}""#))
        #expect(add.contains(#""path":"region=north%20east/part-0.parquet""#))

        let proto = try DeltaAction.protocol(.current).jsonLine()
        #expect(proto == #"{"protocol":{"minReaderVersion":1,"minWriterVersion":2}}"#)

        let meta = try Self.actions[3].jsonLine()
        for key in [#""format":{"options":{},"provider":"parquet"}"#, #""schemaString":"{\"fields\""#,
                    #""partitionColumns":["region"]"#, #""configuration":{"#, #""createdTime":1700000000000"#] {
            #expect(meta.contains(key), "\(key) missing from \(meta)")
        }
        let remove = try Self.actions[5].jsonLine()
        #expect(remove.contains(#""deletionTimestamp":1700000000999"#))
        #expect(remove.contains(#""extendedFileMetadata":true"#))
        #expect(remove.contains(#""size":841"#))

        let info = try Self.actions[0].jsonLine()
        #expect(info.contains(#""operationMetrics":{"numOutputRows":"3","numTargetRowsDeleted":"1"}"#))
        #expect(info.contains(#""engineInfo":"medallion/0.1""#))
    }

    @Test("other engines' commitInfo (numeric metrics, nested objects) and unknown actions decode")
    func foreignLines() throws {
        let line = #"{"commitInfo":{"timestamp":1,"operation":"WRITE","operationParameters":{"mode":"Append","partitionBy":"[]"},"operationMetrics":{"num_added_rows":5,"execution_time_ms":12},"notebook":{"id":"x"},"clientVersion":"delta-rs.0.1"}}"#
        guard case let .commitInfo(info) = try DeltaAction.parse(line: line) else {
            Issue.record("not a commitInfo")
            return
        }
        #expect(info.operationMetrics["num_added_rows"] == "5")
        #expect(info.rowsAdded == 5)
        #expect(try DeltaAction.parse(line: #"{"txn":{"appId":"a","version":3}}"#) == .other("txn"))
        #expect(throws: (any Error).self) { try DeltaAction.parse(line: #"{"add":{"path":"x"}}"#) }
        #expect(throws: (any Error).self) { try DeltaAction.parse(line: "not json") }
    }

    @Test("stats carry typed values: numbers, dates as yyyy-MM-dd, exact decimals, strings")
    func statsJSON() throws {
        let schema = Schema([
            Field("l", .int64), Field("i", .int32), Field("d", .date), Field("m", .decimal(precision: 18, scale: 2)),
            Field("f", .double), Field("s", .text), Field("b", .bool),
        ])
        let stats = DeltaFileStats(
            numRecords: 7,
            minValues: ["l": .int64(-5), "i": .int32(3), "d": .date(0), "m": .decimal(1_234_567_890_123_456_789, scale: 2),
                        "f": .double(0.5), "s": .text("a\"b"), "b": .bool(false)],
            maxValues: ["l": .int64(Int64.max), "d": .date(19_724), "m": .decimal(-1, scale: 2), "f": .double(.infinity)],
            nullCount: ["l": 0, "s": 2]
        )
        let json = stats.jsonString()
        #expect(json.contains(#""numRecords":7"#))
        #expect(json.contains(#""d":"1970-01-01""#))
        #expect(json.contains(#""d":"2024-01-02""#))
        #expect(json.contains(#""m":12345678901234567.89"#))
        #expect(json.contains(#""m":-0.01"#))
        #expect(json.contains(#""s":"a\"b""#))
        #expect(!json.contains("inf"))
        var expected = stats
        expected.maxValues["f"] = nil  // non-finite bounds are not recorded
        #expect(try DeltaFileStats(json: json, schema: schema) == expected)
    }

    @Test("hostile stats values are dropped, not trusted")
    func hostileStats() throws {
        let schema = Schema([Field("m", .decimal(precision: 18, scale: 2)), Field("d", .date), Field("i", .int32)])
        let json = #"{"numRecords":1,"minValues":{"m":1e999999999999,"d":"99999999999-01-01","i":99999999999},"maxValues":{"m":-9e-99999,"d":"2024-13-01","i":"x"},"nullCount":{"m":"many"}}"#
        let stats = try DeltaFileStats(json: json, schema: schema)
        #expect(stats == DeltaFileStats(numRecords: 1))
        #expect(DeltaDecimals.parse("100000000000000000000", scale: 0) == nil)
        #expect(DeltaDecimals.parse("-92233720368547758.08", scale: 2) == Int64.min)
        #expect(DeltaDecimals.parse("1.5e1", scale: 2) == 1500)
        #expect(DeltaDecimals.parse("12.340", scale: 2) == 1234)
        #expect(throws: DeltaJSON.ParseError.self) { try DeltaFileStats(json: #"{"minValues":{}}"#, schema: schema) }
    }

    @Test("partition values serialize per the protocol and parse back by type")
    func partitionValues() throws {
        let values: [String: DeltaValue?] = [
            "d": .date(-1), "m": .decimal(-5, scale: 3), "l": .int64(42), "s": .text("x y"), "b": .bool(true), "n": nil,
        ]
        let text = DeltaPartitionValues.serialize(values)
        #expect(text["d"] == "1969-12-31")
        #expect(text["m"] == "-0.005")
        #expect(text["l"] == "42")
        #expect(text["b"] == "true")
        #expect(text["n"] == .some(nil))
        #expect(try DeltaValue.parsePartition("1969-12-31", as: .date) == .date(-1))
        #expect(try DeltaValue.parsePartition("-0.005", as: .decimal(precision: 10, scale: 3)) == .decimal(-5, scale: 3))
        #expect(try DeltaValue.parsePartition("12.5", as: .decimal(precision: 10, scale: 2)) == .decimal(1250, scale: 2))
        #expect(try DeltaValue.parsePartition("", as: .int64) == nil)
        #expect(try DeltaValue.parsePartition(nil, as: .text) == nil)
        #expect(throws: DeltaValue.ParseError.self) { try DeltaValue.parsePartition("2023-02-30", as: .date) }
        #expect(throws: DeltaValue.ParseError.self) { try DeltaValue.parsePartition("1.234", as: .decimal(precision: 10, scale: 2)) }
        for days: Int32 in [-719_162, -1, 0, 59, 11_016, 19_723, 2_932_896] {
            #expect(DeltaDates.parse(CivilDate.isoString(days)) == days)
        }
    }

    @Test("paths are URL-encoded in the log and decoded for the disk")
    func pathEncoding() {
        let raw = "region=north east/a:b%c/ü.parquet"
        let encoded = DeltaPathEncoding.encode(raw)
        #expect(encoded == "region=north%20east/a%3Ab%25c/%C3%BC.parquet")
        #expect(DeltaPathEncoding.decode(encoded) == raw)
        #expect(DeltaPathEncoding.decode("bad%zz%4") == "bad%zz%4")
    }

    @Test("the JSON parser keeps number text and rejects malformed input")
    func jsonParser() throws {
        let v = try DeltaJSON.parse(#" {"a": [1, -2.50e3, true, null, "\u00fc\ud83d\ude00\n"], "b": {}} "#)
        #expect(v["a"] == .array([.number("1"), .number("-2.50e3"), .bool(true), .null, .string("ü😀\n")]))
        #expect(v["b"] == .object([:]))
        for bad in ["", "{", "[1,]", "{\"a\" 1}", "01x", "\"\\q\"", "[1] 2", String(repeating: "[", count: 100)] {
            #expect(throws: DeltaJSON.ParseError.self) { try DeltaJSON.parse(bad) }
        }
    }
}
