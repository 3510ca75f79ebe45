/// A key/value pair of file (or column) metadata.
struct KeyValue: Sendable, Equatable {
    var key: String
    var value: String?

    func encode(to e: inout CompactEncoder) {
        e.field(1, string: key)
        if let value { e.field(2, string: value) }
    }

    init(key: String, value: String?) {
        self.key = key
        self.value = value
    }

    init(from d: inout CompactDecoder) throws {
        let start = d.position
        var key: String?, value: String?
        try d.readStruct { d, id, t in
            switch id {
            case 1: key = try d.readString(t)
            case 2: value = try d.readString(t)
            default: try d.skip(t)
            }
        }
        guard let key else { throw d.error("KeyValue without a key", at: start) }
        self.init(key: key, value: value)
    }
}

/// The footer: schema, row groups and who wrote the file.
struct FileMetaData: Sendable, Equatable {
    var version: Int32
    var schema: [SchemaElement]
    var numRows: Int64
    var rowGroups: [RowGroup]
    var keyValueMetadata: [KeyValue]?
    var createdBy: String?
    /// Column orders by union arm id (1 = TYPE_ORDER); one per leaf when present.
    var columnOrders: [Int16]?

    init(version: Int32, schema: [SchemaElement], numRows: Int64, rowGroups: [RowGroup]) {
        self.version = version
        self.schema = schema
        self.numRows = numRows
        self.rowGroups = rowGroups
    }

    func encode(to e: inout CompactEncoder) {
        e.field(1, i32: version)
        e.field(2, structList: schema) { e, s in s.encode(to: &e) }
        e.field(3, i64: numRows)
        e.field(4, structList: rowGroups) { e, g in g.encode(to: &e) }
        if let keyValueMetadata { e.field(5, structList: keyValueMetadata) { e, kv in kv.encode(to: &e) } }
        if let createdBy { e.field(6, string: createdBy) }
        if let columnOrders {
            e.field(7, structList: columnOrders) { e, arm in e.field(arm, emptyStruct: ()) }
        }
    }

    init(from d: inout CompactDecoder) throws {
        let start = d.position
        var version: Int32?, schema: [SchemaElement]?, numRows: Int64?, rowGroups: [RowGroup]?
        var kv: [KeyValue]?, createdBy: String?, orders: [Int16]?
        try d.readStruct { d, id, t in
            switch id {
            case 1: version = try d.readI32(t)
            case 2: schema = try d.readStructList(t) { try SchemaElement(from: &$0) }
            case 3: numRows = try d.readI64(t)
            case 4: rowGroups = try d.readStructList(t) { try RowGroup(from: &$0) }
            case 5: kv = try d.readStructList(t) { try KeyValue(from: &$0) }
            case 6: createdBy = try d.readString(t)
            case 7:
                orders = try d.readStructList(t) { d in
                    var arm: Int16 = 0
                    try d.readStruct { d, id, t in
                        if arm == 0 { arm = id }
                        try d.skip(t)
                    }
                    return arm
                }
            default: try d.skip(t)
            }
        }
        guard let version, let schema, let numRows, let rowGroups else {
            throw d.error("FileMetaData lacks a required field", at: start)
        }
        self.init(version: version, schema: schema, numRows: numRows, rowGroups: rowGroups)
        keyValueMetadata = kv
        self.createdBy = createdBy
        columnOrders = orders
    }
}
