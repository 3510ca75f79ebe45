import Columns
import Testing
@testable import Lake

@Suite("Schema ↔ schemaString")
struct DeltaSchemaStringTests {
    @Test("every column type maps to Spark's name and back")
    func roundTrip() throws {
        let schema = Schema([
            Field("s", .text), Field("l", .int64, nullable: false), Field("i", .int32), Field("d", .date),
            Field("m", .decimal(precision: 18, scale: 2)), Field("f", .double), Field("b", .bool),
        ])
        let text = DeltaSchemaString.encode(schema)
        #expect(text.contains(#"{"metadata":{},"name":"s","nullable":true,"type":"string"}"#))
        #expect(text.contains(#""name":"l","nullable":false,"type":"long""#))
        #expect(text.contains(#""type":"integer""#))
        #expect(text.contains(#""type":"decimal(18,2)""#))
        #expect(text.contains(#""type":"boolean""#))
        #expect(text.hasSuffix(#""type":"struct"}"#))
        #expect(try DeltaSchemaString.decode(text) == schema)
    }

    @Test("Spark's own pretty-printed schema strings decode")
    func sparkText() throws {
        let spark = """
        {"type" : "struct", "fields" : [ {"name" : "a", "type" : "integer", "nullable" : false, "metadata" : { "comment": "x" }},
          {"name" : "p", "type" : "decimal(10, 3)", "nullable" : true, "metadata" : { }} ]}
        """
        #expect(try DeltaSchemaString.decode(spark) == Schema([Field("a", .int32, nullable: false), Field("p", .decimal(precision: 10, scale: 3))]))
    }

    @Test("types without a column representation are errors naming the column")
    func unsupported() {
        for (type, fragment) in [(#""timestamp""#, "t has unsupported type timestamp"),
                                 (#"{"type":"struct","fields":[]}"#, "t has a nested type"),
                                 (#""decimal(38,2)""#, "unsupported type decimal(38,2)")] {
            let text = #"{"type":"struct","fields":[{"name":"t","type":"# + type + #","nullable":true,"metadata":{}}]}"#
            do {
                _ = try DeltaSchemaString.decode(text)
                Issue.record("\(type) should not decode")
            } catch {
                #expect("\(error)".contains(fragment), "\(error)")
            }
        }
    }
}
