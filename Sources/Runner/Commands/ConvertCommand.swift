import ArgumentParser
import Foundation
import Lake
import Columns
import ObjectStorage
import Partition
import Workers

/// `medallion convert`: CSV → Parquet. Reads the CSV into typed column batches,
/// then writes Parquet with one writer per worker (each its own file, row groups
/// in parallel); the read and the write are timed apart so the write alone can be
/// compared with other engines.
struct ConvertCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Convert CSV files to Parquet (typed by --schema), timing the write."
    )

    @Argument(help: "CSV files or glob patterns.")
    var inputs: [String]

    @Option(help: "Columns and types: name:type,... with type text, bigint, int, date, decimal(P,S), double, boolean.")
    var schema: String

    @Option(help: "Output: a .parquet file, or a folder when --workers > 1 (one file per worker); s3:// for object storage.")
    var out: String

    @Option(help: "Compression: zstd, gzip or none.")
    var compression: String = "zstd"

    @Option(help: "Tasks running at once (default: active cores; at most 4 × them).")
    var workers: Int = WorkerCount.active

    func validate() throws {
        try WorkerOption.check(workers)
    }

    mutating func run() async throws {
        let fields = try SchemaSpec.parse(schema)
        let files = try InputResolver.files(for: inputs)
        let codec: ParquetCompression = switch compression {
        case "zstd": .zstd(level: 3)
        case "gzip": .gzip(level: 6)
        case "none": .uncompressed
        default: throw ValidationError("--compression must be zstd, gzip or none")
        }
        let readStart = ContinuousClock.now
        let scanned = try await CSVScan.run(files: files, columns: fields.map { RequestedColumn($0.name, $0.type) },
                                            options: ScanOptions(workers: workers)) { chunk in
            (chunk.parsed.batch.project(indices: Array(0 ..< fields.count)), chunk.parsed.rejects.count)
        }
        let batches = scanned.results.map(\.0).filter { $0.rowCount > 0 }
        let rejected = scanned.results.reduce(0) { $0 + $1.1 }
        let readSeconds = (ContinuousClock.now - readStart).seconds

        let writeStart = ContinuousClock.now
        let schema = Schema(fields)
        let parts = max(1, min(workers, batches.count))
        let paths = parts == 1 ? [out] : (0 ..< parts).map { out + "/part-\($0).parquet" }
        // An object store has no folders: the part files' keys are all there is.
        if parts > 1, !ObjectStores.isRemote(out) { try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true) }
        let infos = try await parallelMap(Array(0 ..< parts), workers: parts) { part in
            let writer = try ParquetWriter(path: paths[part], schema: schema, options: ParquetWriterOptions(compression: codec))
            do {
                for index in stride(from: part, to: batches.count, by: parts) { try writer.write(batches[index]) }
                return try writer.finish()
            } catch {
                writer.abort()
                throw error
            }
        }
        let writeSeconds = (ContinuousClock.now - writeStart).seconds
        let rows = infos.reduce(0) { $0 + $1.rowCount }
        let bytes = infos.reduce(0) { $0 + $1.fileBytes }
        print("rows=\(rows) rejected=\(rejected) files=\(parts) bytes=\(bytes) read_seconds=\(Format.decimal(readSeconds, 3)) write_seconds=\(Format.decimal(writeSeconds, 3))")
    }
}

/// `name:type,...` column lists for commands.
enum SchemaSpec {
    static func parse(_ text: String) throws -> [Field] {
        var fields: [Field] = []
        var depth = 0
        var current = ""
        var items: [String] = []
        for ch in text {
            if ch == "(" { depth += 1 } else if ch == ")" { depth -= 1 }
            if ch == ",", depth == 0 { items.append(current); current = "" } else { current.append(ch) }
        }
        items.append(current)
        for item in items where !item.isEmpty {
            let parts = item.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, !parts[0].isEmpty else { throw ValidationError("bad column spec '\(item)': expected name:type") }
            fields.append(Field(parts[0], try type(parts[1].lowercased(), in: item)))
        }
        guard !fields.isEmpty else { throw ValidationError("--schema names no columns") }
        return fields
    }

    static func type(_ name: String, in item: String) throws -> ColumnType {
        switch name {
        case "text", "string": return .text
        case "bigint", "long", "int64": return .int64
        case "int", "integer", "int32": return .int32
        case "date": return .date
        case "double": return .double
        case "boolean", "bool": return .bool
        default:
            if name.hasPrefix("decimal("), name.hasSuffix(")") {
                let inner = name.dropFirst(8).dropLast().split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
                if inner.count == 2, (1 ... 18).contains(inner[0]), (0 ... inner[0]).contains(inner[1]) {
                    return .decimal(precision: inner[0], scale: inner[1])
                }
            }
            throw ValidationError("unknown type in '\(item)': use text, bigint, int, date, decimal(P,S) with P ≤ 18, double or boolean")
        }
    }
}
