import Foundation
import Columns
import Partition
import Workers

/// Temporary folder removed when the value is released.
final class TemporaryDirectory {
    let path: String
    init() throws {
        path = NSTemporaryDirectory() + "medallion-test-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(atPath: path) }
    func file(_ name: String) -> String { path + "/" + name }
}

/// Orders-like CSV with the dirt that matters to a reader: quoted weekday dates
/// (commas inside quotes), quoted newlines, escaped quotes, empty fields, blank lines.
func ordersLikeCSV(rows: Int, seed: UInt64, crlf: Bool = false, bom: Bool = false) -> [UInt8] {
    var rng = SplitMix64(seed: seed)
    let eol = crlf ? "\r\n" : "\n"
    var text = (bom ? "\u{FEFF}" : "") + "order_id,order_placement_date,customer_id,product_id,order_qty" + eol
    let dates = ["\"Tuesday, July 01, 2025\"", "2025/07/01", "01-07-2025", "\"multi\nline\"", "\"say \"\"hi\"\"\""]
    for i in 0 ..< rows {
        if Int.random(in: 0 ..< 50, using: &rng) == 0 { text += eol }
        let qty = Int.random(in: 0 ..< 20, using: &rng) == 0 ? "" : "\(Int.random(in: 1 ... 500, using: &rng)).0"
        let date = dates[Int.random(in: 0 ..< dates.count, using: &rng)]
        text += "FJUL\(1000 + i),\(date),789\(Int.random(in: 100 ... 999, using: &rng)),2589\(Int.random(in: 1000 ... 9999, using: &rng)),\(qty)" + eol
    }
    return Array(text.utf8)
}

/// How a test file is written.
enum Encoding: String, CaseIterable, Sendable {
    case plain, zstdFrames, zstdSeekable, zstdSingle, gzipSized, gzipPlainMembers, gzipSingle

    func write(_ bytes: [UInt8], to path: String) throws {
        switch self {
        case .plain:
            try Data(bytes).write(to: URL(fileURLWithPath: path))
        case .zstdFrames, .zstdSeekable, .zstdSingle:
            let writer = try ZstdFrameWriter(path: path, layout: self == .zstdSingle ? .singleFrame : .frames(uncompressedBytes: 1500),
                                             seekTable: self == .zstdSeekable)
            try writer.write(contentsOf: bytes)
            try writer.finish()
        case .gzipSized, .gzipPlainMembers, .gzipSingle:
            let layout: GzipMemberLayout = switch self {
            case .gzipSized: .sizedMembers(uncompressedBytes: 1500)
            case .gzipPlainMembers: .plainMembers(uncompressedBytes: 1500)
            default: .singleMember
            }
            let writer = try GzipMemberWriter(path: path, layout: layout)
            try writer.write(contentsOf: bytes)
            try writer.finish()
        }
    }
}

/// A row as the tests compare it.
struct ScannedRow: Equatable, Sendable {
    var fileIndex: Int
    var line: Int64
    var fields: [String?]
}

let orderColumns = ["order_id", "order_placement_date", "customer_id", "product_id", "order_qty"].map { RequestedColumn($0) }

func rows(of chunk: ScanChunk) -> [ScannedRow] {
    let batch = chunk.parsed.batch
    guard case let .int64(lines)? = batch.columns.last else { return [] }
    return (0 ..< batch.rowCount).map { row in
        ScannedRow(fileIndex: chunk.fileIndex, line: lines.values[row], fields: batch.columns.dropLast().map { column in
            if case let .text(c) = column { return c.string(row) }
            return nil
        })
    }
}
