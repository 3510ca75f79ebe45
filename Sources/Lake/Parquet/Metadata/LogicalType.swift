/// The LogicalType union, reduced to the annotations this engine maps; any other
/// arm decodes as `.other(fieldID)` so the reader can name it in an error.
enum LogicalType: Hashable, Sendable {
    case string
    case `enum`
    case decimal(scale: Int32, precision: Int32)
    case date
    case integer(bitWidth: Int8, signed: Bool)
    case json
    case other(Int16)

    func encode(to e: inout CompactEncoder) {
        switch self {
        case .string: e.field(1, emptyStruct: ())
        case .enum: e.field(4, emptyStruct: ())
        case let .decimal(scale, precision):
            e.field(5) { e in
                e.field(1, i32: scale)
                e.field(2, i32: precision)
            }
        case .date: e.field(6, emptyStruct: ())
        case let .integer(bitWidth, signed):
            e.field(10) { e in
                e.field(1, i8: bitWidth)
                e.field(2, bool: signed)
            }
        case .json: e.field(12, emptyStruct: ())
        case let .other(id): e.field(id, emptyStruct: ())
        }
    }

    init(from d: inout CompactDecoder) throws {
        var result: LogicalType?
        try d.readStruct { d, id, type in
            switch (id, type) {
            case (1, .struct): try d.skip(type); result = .string
            case (4, .struct): try d.skip(type); result = .enum
            case (5, .struct):
                var scale: Int32 = 0
                var precision: Int32?
                try d.readStruct { d, id, type in
                    switch id {
                    case 1: scale = try d.readI32(type)
                    case 2: precision = try d.readI32(type)
                    default: try d.skip(type)
                    }
                }
                guard let precision else { throw d.error("DECIMAL logical type without precision") }
                result = .decimal(scale: scale, precision: precision)
            case (6, .struct): try d.skip(type); result = .date
            case (10, .struct):
                var bitWidth: Int8 = 0
                var signed = true
                try d.readStruct { d, id, type in
                    switch id {
                    case 1: bitWidth = try d.readI8(type)
                    case 2: signed = try d.readBool(type)
                    default: try d.skip(type)
                    }
                }
                result = .integer(bitWidth: bitWidth, signed: signed)
            case (12, .struct): try d.skip(type); result = .json
            default:
                try d.skip(type)
                if result == nil { result = .other(id) }
            }
        }
        guard let result else { throw d.error("empty LogicalType union") }
        self = result
    }
}
