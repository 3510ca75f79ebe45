/// One node of the flattened schema tree (the root group, then the leaves).
struct SchemaElement: Sendable, Equatable {
    var type: PhysicalType?
    var typeLength: Int32?
    var repetition: Repetition?
    var name: String
    var numChildren: Int32?
    var convertedType: ConvertedType?
    var scale: Int32?
    var precision: Int32?
    var fieldID: Int32?
    var logicalType: LogicalType?

    init(name: String) { self.name = name }

    func encode(to e: inout CompactEncoder) {
        if let type { e.field(1, i32: type.rawValue) }
        if let typeLength { e.field(2, i32: typeLength) }
        if let repetition { e.field(3, i32: repetition.rawValue) }
        e.field(4, string: name)
        if let numChildren { e.field(5, i32: numChildren) }
        if let convertedType { e.field(6, i32: convertedType.rawValue) }
        if let scale { e.field(7, i32: scale) }
        if let precision { e.field(8, i32: precision) }
        if let fieldID { e.field(9, i32: fieldID) }
        if let logicalType { e.field(10) { logicalType.encode(to: &$0) } }
    }

    init(from d: inout CompactDecoder) throws {
        let start = d.position
        var name: String?
        var element = SchemaElement(name: "")
        try d.readStruct { d, id, type in
            switch id {
            case 1: element.type = PhysicalType(rawValue: try d.readI32(type))
            case 2: element.typeLength = try d.readI32(type)
            case 3: element.repetition = Repetition(rawValue: try d.readI32(type))
            case 4: name = try d.readString(type)
            case 5: element.numChildren = try d.readI32(type)
            case 6: element.convertedType = ConvertedType(rawValue: try d.readI32(type))
            case 7: element.scale = try d.readI32(type)
            case 8: element.precision = try d.readI32(type)
            case 9: element.fieldID = try d.readI32(type)
            case 10:
                guard type == .struct else { throw d.error("logicalType is not a struct") }
                element.logicalType = try LogicalType(from: &d)
            default: try d.skip(type)
            }
        }
        guard let name else { throw d.error("SchemaElement without a name", at: start) }
        element.name = name
        self = element
    }
}
