/// One horizontal slice of the file: a chunk per leaf column.
struct RowGroup: Sendable, Equatable {
    var columns: [ColumnChunk]
    var totalByteSize: Int64
    var numRows: Int64
    var fileOffset: Int64?
    var totalCompressedSize: Int64?
    var ordinal: Int16?

    init(columns: [ColumnChunk], totalByteSize: Int64, numRows: Int64) {
        self.columns = columns
        self.totalByteSize = totalByteSize
        self.numRows = numRows
    }

    func encode(to e: inout CompactEncoder) {
        e.field(1, structList: columns) { e, c in c.encode(to: &e) }
        e.field(2, i64: totalByteSize)
        e.field(3, i64: numRows)
        if let fileOffset { e.field(5, i64: fileOffset) }
        if let totalCompressedSize { e.field(6, i64: totalCompressedSize) }
        if let ordinal {
            e.fieldHeader(7, .i16)
            e.writeVarint(e.zigzag(Int64(ordinal)))
        }
    }

    init(from d: inout CompactDecoder) throws {
        let start = d.position
        var columns: [ColumnChunk]?, totalByteSize: Int64?, numRows: Int64?
        var fileOffset: Int64?, totalCompressed: Int64?, ordinal: Int16?
        try d.readStruct { d, id, t in
            switch id {
            case 1: columns = try d.readStructList(t) { try ColumnChunk(from: &$0) }
            case 2: totalByteSize = try d.readI64(t)
            case 3: numRows = try d.readI64(t)
            case 5: fileOffset = try d.readI64(t)
            case 6: totalCompressed = try d.readI64(t)
            case 7: ordinal = Int16(truncatingIfNeeded: try d.readI32(t))
            default: try d.skip(t)
            }
        }
        guard let columns, let totalByteSize, let numRows else {
            throw d.error("RowGroup lacks a required field", at: start)
        }
        self.init(columns: columns, totalByteSize: totalByteSize, numRows: numRows)
        self.fileOffset = fileOffset
        self.totalCompressedSize = totalCompressed
        self.ordinal = ordinal
    }
}
