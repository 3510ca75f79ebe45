import Foundation

/// `_delta_log/_last_checkpoint`: a pointer to the newest checkpoint so readers
/// need not list the whole log. Only a hint — the listing is authoritative.
struct DeltaLastCheckpoint: Codable, Sendable, Equatable {
    var version: Int64
    /// Number of actions (rows) in the checkpoint.
    var size: Int64
    var sizeInBytes: Int64?
    var numOfAddFiles: Int64?

    func encoded() throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return Array(try encoder.encode(self))
    }

    static func decode(_ bytes: [UInt8]) throws -> DeltaLastCheckpoint {
        try JSONDecoder().decode(DeltaLastCheckpoint.self, from: Data(bytes))
    }
}
