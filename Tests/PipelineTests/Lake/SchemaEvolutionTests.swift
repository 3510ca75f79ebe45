import Foundation
import Lake
import Columns
import Partition
import Testing
import Workers
@testable import Pipeline
@testable import SportsBar

/// A lake written before quarantine tables gained `_raw_bytes` keeps working: reads see
/// the new column as NULL, and the next write evolves the table (a metaData action with
/// the wider schema in the run's own commit) instead of failing the run.
@Suite("Schema evolution of an older lake")
struct SchemaEvolutionTests {
    static let table = LakeCatalog.quarantine(.orders)

    /// Rows of `schema`: every text field `"<name>-<row>"`, binary fields their bytes.
    static func batch(_ schema: Schema, rows: Int, from first: Int) -> RecordBatch {
        let columns = schema.fields.map { field -> Column in
            var builder = ColumnBuilder(type: field.type, reservingRows: rows)
            for row in first ..< first + rows {
                let text = switch field.type {
                case .text, .binary: field.name == Lineage.reason ? "malformed_row" : "\(field.name)-\(row)"
                default: "\(row + 2)"
                }
                let appended = Array(text.utf8).withUnsafeBytes { builder.append($0) }
                precondition(appended, "\(field.name) takes \(text)")
            }
            return builder.finish()
        }
        return RecordBatch(schema: schema, columns: columns)
    }

    @Test("an older quarantine table without _raw_bytes is read with NULLs and evolved by the next append")
    func olderQuarantineEvolves() throws {
        let lake = try TestLake()
        let store = TableStore(lake: lake.lake)
        let shape = LakeCatalog.quarantineSchema(.orders)
        #expect(shape.fields.last?.name == LakeCatalog.rawBytes)
        let older = Schema(Array(shape.fields.dropLast()))
        // The table as the previous version wrote it: one file, the schema without _raw_bytes.
        let root = Self.table.path(in: lake.lake)
        let writer = try PartitionedWriter(tableDirectory: root, schema: older, format: ParquetOutputFormat(), placement: .inPlace)
        try writer.write(Self.batch(older, rows: 3, from: 0))
        let adds = try writer.finish().map { try DeltaCommitter.dataFile($0, tableRoot: root, schema: older) }
        try DeltaTable(path: root).publish(DeltaTable.prepareCreate(at: root, schema: older, files: adds))

        let before = try RecordBatch.concat(store.read(Self.table), schema: shape)
        #expect(before.rowCount == 3)
        #expect(texts(before, LakeCatalog.rawBytes) == [nil, nil, nil])

        let commit = try #require(try store.prepare(Self.table, files: store.writeFiles(Self.table, [Self.batch(shape, rows: 2, from: 3)]),
                                                    mode: .append, operation: "ingest"))
        #expect(commit.commit.contents.contains("\"metaData\""), "the append evolves the schema in its own commit")
        try DeltaTable(path: root).publish(commit.commit)

        let snapshot = try DeltaTable(path: root).snapshot()
        #expect(snapshot.schema.fields.map(\.name) == shape.fields.map(\.name))
        let after = try RecordBatch.concat(DeltaTableReader(path: root).read().batches, schema: shape)
        let bytes = texts(after, LakeCatalog.rawBytes)
        #expect(after.rowCount == 5)
        #expect(bytes.filter { $0 == nil }.count == 3 && bytes.compactMap { $0 }.count == 2, "\(bytes)")
        try LakeReaders.expectReadable(lake.lake, context: "evolved quarantine")
    }

    @Test("a column this version does not know how to add (not nullable, or another type) still fails clearly")
    func incompatibleShapeFails() throws {
        let lake = try TestLake()
        let store = TableStore(lake: lake.lake)
        let shape = LakeCatalog.quarantineSchema(.orders)
        var changed = shape.fields
        changed[0] = Field(changed[0].name, .int64)
        let other = Schema(changed)
        let root = Self.table.path(in: lake.lake)
        try DeltaTable(path: root).publish(DeltaTable.prepareCreate(at: root, schema: other))
        #expect(throws: PipelineError.self) {
            _ = try store.prepare(Self.table, files: store.writeFiles(Self.table, [Self.batch(shape, rows: 1, from: 0)]),
                                  mode: .append, operation: "ingest")
        }
    }
}
