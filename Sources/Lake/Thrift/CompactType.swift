/// Wire type ids of the Thrift compact protocol (the low nibble of a field header,
/// or of a list header's element type).
enum CompactType: UInt8, Sendable {
    case stop = 0
    case boolTrue = 1
    case boolFalse = 2
    case byte = 3
    case i16 = 4
    case i32 = 5
    case i64 = 6
    case double = 7
    case binary = 8
    case list = 9
    case set = 10
    case map = 11
    case `struct` = 12
}

/// A Thrift compact-protocol payload could not be decoded. `offset` is the byte
/// offset (within the decoded buffer, plus the buffer's base offset) where it went wrong.
struct ThriftDecodingError: Error, Sendable, CustomStringConvertible {
    var offset: Int
    var message: String
    var description: String { "byte \(offset): \(message)" }
}
