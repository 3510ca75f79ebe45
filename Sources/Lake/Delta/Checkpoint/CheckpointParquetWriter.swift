/// Writes rows of nested values as one Parquet file: a single row group, one
/// uncompressed PLAIN v1 data page per leaf column. Enough for a checkpoint,
/// which is small and read once per snapshot; readers (Spark, delta-rs,
/// pyarrow) accept any valid encoding, so simplicity wins over size.
enum CheckpointParquetWriter {
    typealias Format = CheckpointParquetFormat

    static func write(rows: [[CheckpointValue]], schema: [CheckpointNode], createdBy: String) -> [UInt8] {
        let leaves = CheckpointNode.leafColumns(of: schema)
        let columns = CheckpointShredder.shred(rows: rows, schema: schema)
        var file = Format.magic
        var chunks: [ChunkInfo] = []
        for (leaf, column) in zip(leaves, columns) {
            var body: [UInt8] = []
            if leaf.maxRepetition > 0 {
                CheckpointPageCodec.encodeLevels(column.repetitions, maxLevel: leaf.maxRepetition, into: &body)
            }
            CheckpointPageCodec.encodeLevels(column.definitions, maxLevel: leaf.maxDefinition, into: &body)
            CheckpointPageCodec.encodeValues(column.values, leaf: leaf.leaf, into: &body)

            var header = CompactEncoder()
            header.field(1, i32: Format.pageTypeData)
            header.field(2, i32: Int32(body.count))
            header.field(3, i32: Int32(body.count))
            header.field(5, struct: { h in
                h.field(1, i32: Int32(column.definitions.count))
                h.field(2, i32: Format.encodingPlain)
                h.field(3, i32: Format.encodingRLE)
                h.field(4, i32: Format.encodingRLE)
            })
            header.endStruct()

            let offset = Int64(file.count)
            file += header.bytes
            file += body
            chunks.append(ChunkInfo(
                leaf: leaf, offset: offset, size: Int64(header.bytes.count + body.count),
                numValues: Int64(column.definitions.count)
            ))
        }
        let footer = footer(schema: schema, chunks: chunks, numRows: Int64(rows.count), createdBy: createdBy)
        file += footer
        CheckpointPageCodec.appendLE(UInt32(footer.count), to: &file)
        file += Format.magic
        return file
    }

    private struct ChunkInfo {
        var leaf: CheckpointLeafColumn
        var offset: Int64
        var size: Int64
        var numValues: Int64
    }

    private static func footer(schema: [CheckpointNode], chunks: [ChunkInfo], numRows: Int64, createdBy: String) -> [UInt8] {
        var e = CompactEncoder(capacity: 4096)
        e.field(1, i32: 1)
        var elements: [(inout CompactEncoder) -> Void] = [{ root in
            root.field(4, string: "spark_schema")
            root.field(5, i32: Int32(schema.count))
        }]
        for node in schema { appendElements(node, to: &elements) }
        e.field(2, structList: elements) { enc, write in write(&enc) }
        e.field(3, i64: numRows)
        let total = chunks.reduce(0) { $0 + $1.size }
        e.field(4, structList: [0]) { rg, _ in
            rg.field(1, structList: chunks) { cc, chunk in
                cc.field(2, i64: chunk.offset)
                cc.field(3, struct: { md in
                    md.field(1, i32: CheckpointParquetFormat.physical(chunk.leaf.leaf).rawValue)
                    md.field(2, i32List: [Format.encodingPlain, Format.encodingRLE])
                    md.field(3, stringList: chunk.leaf.path)
                    md.field(4, i32: Format.codecUncompressed)
                    md.field(5, i64: chunk.numValues)
                    md.field(6, i64: chunk.size)
                    md.field(7, i64: chunk.size)
                    md.field(9, i64: chunk.offset)
                })
            }
            rg.field(2, i64: total)
            rg.field(3, i64: numRows)
        }
        e.field(6, string: createdBy)
        e.endStruct()
        return Array(e.bytes)
    }

    /// Schema elements depth-first, as Parquet flattens the tree.
    private static func appendElements(_ node: CheckpointNode, to out: inout [(inout CompactEncoder) -> Void]) {
        switch node {
        case let .leaf(name, leaf):
            out.append { $0.leafElement(name, leaf, .optional) }
        case let .group(name, children):
            out.append { g in
                g.field(3, i32: Format.Repetition.optional.rawValue)
                g.field(4, string: name)
                g.field(5, i32: Int32(children.count))
            }
            for child in children { appendElements(child, to: &out) }
        case let .stringMap(name):
            out.append { m in
                m.field(3, i32: Format.Repetition.optional.rawValue)
                m.field(4, string: name)
                m.field(5, i32: 1)
                m.field(6, i32: Format.Converted.map.rawValue)
                m.field(10, struct: { $0.field(Format.Logical.map.rawValue, emptyStruct: ()) })
            }
            out.append { kv in
                kv.field(3, i32: Format.Repetition.repeated.rawValue)
                kv.field(4, string: "key_value")
                kv.field(5, i32: 2)
            }
            out.append { $0.leafElement("key", .string, .required) }
            out.append { $0.leafElement("value", .string, .optional) }
        case let .stringList(name):
            out.append { l in
                l.field(3, i32: Format.Repetition.optional.rawValue)
                l.field(4, string: name)
                l.field(5, i32: 1)
                l.field(6, i32: Format.Converted.list.rawValue)
                l.field(10, struct: { $0.field(Format.Logical.list.rawValue, emptyStruct: ()) })
            }
            out.append { r in
                r.field(3, i32: Format.Repetition.repeated.rawValue)
                r.field(4, string: "list")
                r.field(5, i32: 1)
            }
            out.append { $0.leafElement("element", .string, .optional) }
        }
    }
}

extension CompactEncoder {
    fileprivate mutating func leafElement(
        _ name: String, _ leaf: CheckpointNode.Leaf, _ repetition: CheckpointParquetFormat.Repetition
    ) {
        field(1, i32: CheckpointParquetFormat.physical(leaf).rawValue)
        field(3, i32: repetition.rawValue)
        field(4, string: name)
        if leaf == .string {
            field(6, i32: CheckpointParquetFormat.Converted.utf8.rawValue)
            field(10, struct: { $0.field(CheckpointParquetFormat.Logical.string.rawValue, emptyStruct: ()) })
        }
    }
}
