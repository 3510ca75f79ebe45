/// The Parquet enum values and magic the checkpoint writer and reader share
/// (parquet-format's parquet.thrift numbering).
enum CheckpointParquetFormat {
    static let magic: [UInt8] = Array("PAR1".utf8)

    enum Physical: Int32 {
        case boolean = 0, int32 = 1, int64 = 2, byteArray = 6
    }

    enum Repetition: Int32 {
        case required = 0, optional = 1, repeated = 2
    }

    enum Converted: Int32 {
        case utf8 = 0, map = 1, list = 3
    }

    /// LogicalType union arms (an empty struct in the given field).
    enum Logical: Int16 {
        case string = 1, map = 2, list = 3
    }

    static let encodingPlain: Int32 = 0
    static let encodingRLE: Int32 = 3
    static let codecUncompressed: Int32 = 0
    static let pageTypeData: Int32 = 0

    static func physical(_ leaf: CheckpointNode.Leaf) -> Physical {
        switch leaf {
        case .string: .byteArray
        case .int32: .int32
        case .int64: .int64
        case .bool: .boolean
        }
    }
}
