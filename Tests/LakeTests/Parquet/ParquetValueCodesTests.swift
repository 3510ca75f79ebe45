import Foundation
import Columns
import Testing
@testable import Lake

/// `ValueCodes` are a hint to the dictionary writer: right codes and wrong ones (stale
/// after a change, or from another source) must give the same file contents.
@Suite("Parquet writer with value codes")
struct ParquetValueCodesTests {
    typealias S = ParquetTestSupport
    static let schema = Schema([Field("name", .text)])

    /// Rows gathered from a small dimension column: row i holds `dimension[codes[i]]`.
    static func gathered(rows: Int, seed: UInt64) -> (ByteColumn, ContiguousArray<Int32>) {
        let dimension = (0 ..< 37).map { $0 % 5 == 0 ? "same" : "value-\($0)-" + String(repeating: "é", count: $0 % 7) }
        var rng = S.Random(seed: seed)
        var column = ByteColumn()
        var codes = ContiguousArray<Int32>()
        for _ in 0 ..< rows {
            let code = rng.below(dimension.count + 1) - 1  // -1: an unmatched (NULL) row
            codes.append(Int32(code))
            column.append(string: code < 0 ? nil : dimension[code])
        }
        return (column, codes)
    }

    func roundTrip(_ column: ByteColumn, options: ParquetWriterOptions) throws -> [String?] {
        let path = S.temporaryPath("value-codes")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let batch = RecordBatch(schema: Self.schema, columns: [.text(column)])
        _ = try S.write([batch, batch], schema: Self.schema, to: path, options: options)
        return S.canonicalColumn(try ParquetReader(path: path).read(), 0)
    }

    @Test("right codes, wrong codes and no codes write the same values", arguments: [true, false])
    func sameValues(dictionary: Bool) throws {
        let (plain, codes) = Self.gathered(rows: 5000, seed: 11)
        let expected = S.canonicalColumn(.text(plain)) + S.canonicalColumn(.text(plain))
        let options = ParquetWriterOptions(rowGroupBytes: 8 << 10, pageBytes: 1 << 10, dictionary: dictionary)
        var right = plain
        right.valueCodes = ValueCodes(space: CodeSpace(), codes: codes)
        var wrong = plain
        wrong.valueCodes = ValueCodes(space: CodeSpace(), codes: ContiguousArray(codes.map { $0 < 0 ? -1 : ($0 * 7) % 3 }))
        var short = plain
        short.valueCodes = ValueCodes(space: CodeSpace(), codes: ContiguousArray(codes.dropLast()))
        #expect(try roundTrip(plain, options: options) == expected)
        #expect(try roundTrip(right, options: options) == expected)
        #expect(try roundTrip(wrong, options: options) == expected)
        #expect(try roundTrip(short, options: options) == expected)
    }
}
