import Foundation
import Columns
import Lake
import Files
import ObjectStorage

/// Writes batches of one table into `key=value/` folders, rolling to a new file when
/// one reaches the target size (checked between batches, so a file may exceed it by
/// up to one batch). Files become part of the table only when a committer publishes
/// them in one atomic step, so a failed or killed write leaves the table as it was:
/// - `.staged`: files go to `<table>/_staging/<writeID>` and are moved in at commit
///   (for plain directory tables, whose readers list files);
/// - `.inPlace`: files are written at their final paths with unique names (for
///   Delta tables, whose readers only see files the log names; vacuum removes
///   the files of writes that never committed).
public final class PartitionedWriter {
    public let tableDirectory: String
    public let schema: Schema
    public let partitionColumns: [String]
    public let format: any TableFileFormat
    public let targetFileBytes: Int
    public let writeID: String
    /// Where files are written until commit: `<table>/_staging/<writeID>`, or the
    /// table directory itself for `.inPlace` writes.
    public let stagingDirectory: String

    public enum Placement: Sendable { case staged, inPlace }
    public let placement: Placement

    private let partitionIndices: [Int]
    private let dataIndices: [Int]
    private let dataSchema: Schema
    private var open: [[PartitionValue]: (writer: any TableFileWriter, file: WrittenFile, lastUse: Int)] = [:]
    /// Files open at once at most: past it the least recently written one is finished
    /// (a later row of its partition starts a new file). Bounds descriptors and buffered
    /// row groups when a write spans many partitions (`ulimit -n`, `--memory-limit`).
    public let maxOpenFiles: Int
    private var writes = 0
    private var written: [WrittenFile] = []
    private var fileCounter = 0

    public init(tableDirectory: String, schema: Schema, partitionColumns: [String] = [],
                format: any TableFileFormat, targetFileBytes: Int = 128 << 20, writeID: String = UUID().uuidString.lowercased(),
                placement: Placement = .staged, maxOpenFiles: Int = 8) throws {
        var indices: [Int] = []
        for column in partitionColumns {
            guard let i = schema.index(of: column) else { throw OutputError.unknownPartitionColumn(column) }
            indices.append(i)
        }
        self.tableDirectory = tableDirectory
        self.schema = schema
        self.partitionColumns = partitionColumns
        self.format = format
        self.targetFileBytes = max(1, targetFileBytes)
        self.writeID = writeID
        partitionIndices = indices
        dataIndices = schema.fields.indices.filter { !indices.contains($0) }
        dataSchema = Schema(dataIndices.map { schema.fields[$0] })
        self.placement = placement
        self.maxOpenFiles = max(1, maxOpenFiles)
        stagingDirectory = placement == .staged ? tableDirectory + "/_staging/" + writeID : tableDirectory
        try Self.makeDirectory(stagingDirectory)
    }

    /// Routes each row to its partition's open file, grouping the batch's rows by
    /// their partition values first so each partition gets one gathered slice.
    public func write(_ batch: RecordBatch) throws {
        guard batch.rowCount > 0 else { return }
        if partitionIndices.isEmpty {
            try append(batch.project(indices: dataIndices), to: [])
            return
        }
        let groups = try groups(of: batch)
        for (key, rows) in groups {
            // A batch within one partition (sorted input, mostly) is written uncopied.
            let part = try (groups.count == 1 ? batch : batch.gather(rows)).project(indices: dataIndices)
            try append(part, to: key)
        }
    }

    /// Row indices per partition, partitions in folder order. One date or integer
    /// partition column (the common case) is grouped by its raw values, without
    /// formatting a key per row.
    private func groups(of batch: RecordBatch) throws -> [([PartitionValue], [Int])] {
        if partitionIndices.count == 1, let index = partitionIndices.first {
            let field = schema.fields[index]
            var raw: FixedColumn<Int32>?
            switch batch.columns[index] {
            case let .date(c), let .int32(c): raw = c
            default: raw = nil
            }
            if let raw {
                var byValue: [Int32: [Int]] = [:]
                var nullRows: [Int] = []
                for row in 0 ..< batch.rowCount {
                    if raw.isNull(row) { nullRows.append(row) } else { byValue[raw.values[row], default: []].append(row) }
                }
                var out: [([PartitionValue], [Int])] = byValue.map { value, rows in
                    ([PartitionValue(column: field.name, value: ValueText.string(batch.columns[index], rows[0], type: field.type))], rows)
                }
                if !nullRows.isEmpty { out.append(([PartitionValue(column: field.name, value: nil)], nullRows)) }
                return out.sorted { PartitionPath.folder($0.0) < PartitionPath.folder($1.0) }
            }
        }
        var groups: [[PartitionValue]: [Int]] = [:]
        for row in 0 ..< batch.rowCount {
            let key = partitionIndices.map { i in
                PartitionValue(column: schema.fields[i].name,
                               value: ValueText.string(batch.columns[i], row, type: schema.fields[i].type))
            }
            groups[key, default: []].append(row)
        }
        return groups.sorted(by: { PartitionPath.folder($0.key) < PartitionPath.folder($1.key) }).map { ($0.key, $0.value) }
    }

    /// mkdir -p whose error says why (permission, full disk, a file in the way).
    private static func makeDirectory(_ path: String) throws {
        if ObjectStores.isRemote(path) { return } // an object store has no folders
        do throws(DurableFile.Failure) { try DurableFile.makeDirectories(path) } catch {
            throw OutputError.io(path: error.path, reason: "cannot create directory: " + FileSystemCause.describe(error.code))
        }
    }

    private func append(_ batch: RecordBatch, to key: [PartitionValue]) throws {
        writes += 1
        if open[key] == nil {
            if open.count >= maxOpenFiles, let idlest = open.min(by: { $0.value.lastUse < $1.value.lastUse })?.key {
                try close(idlest)
            }
            fileCounter += 1
            let folder = PartitionPath.folder(key)
            let name = "part-\(String(format: "%05d", fileCounter))-\(writeID).\(format.fileExtension)"
            let relative = folder.isEmpty ? name : folder + "/" + name
            let directory = stagingDirectory + (folder.isEmpty ? "" : "/" + folder)
            try Self.makeDirectory(directory)
            let writer = try format.makeWriter(path: stagingDirectory + "/" + relative, schema: dataSchema)
            open[key] = (writer, WrittenFile(path: relative, partitionValues: key, rows: 0, bytes: 0), writes)
        }
        guard var entry = open[key] else { return }
        try entry.writer.write(batch)
        entry.file.rows += batch.rowCount
        entry.lastUse = writes
        open[key] = entry
        if entry.writer.bytesWritten >= targetFileBytes { try close(key) }
    }

    private func close(_ key: [PartitionValue]) throws {
        guard let entry = open.removeValue(forKey: key) else { return }
        let summary = try entry.writer.finish()
        var file = entry.file
        file.summary = summary
        if let info = summary as? ParquetFileInfo {
            file.bytes = Int(info.fileBytes)
        } else {
            let attributes = try? FileManager.default.attributesOfItem(atPath: stagingDirectory + "/" + file.path)
            file.bytes = (attributes?[.size] as? Int) ?? entry.writer.bytesWritten
        }
        written.append(file)
    }

    /// Closes every open file; returns all files written (still staged).
    public func finish() throws -> [WrittenFile] {
        for key in Array(open.keys) { try close(key) }
        return written.sorted { $0.path < $1.path }
    }

    /// Removes everything this writer wrote.
    public func abort() {
        for entry in open.values { entry.writer.abort() }
        open.removeAll()
        switch placement {
        case .staged:
            try? FileManager.default.removeItem(atPath: stagingDirectory)
        case .inPlace where ObjectStores.isRemote(tableDirectory):
            for file in written { try? StoragePaths.remove(tableDirectory + "/" + file.path) }
        case .inPlace:
            for file in written {
                try? FileManager.default.removeItem(atPath: tableDirectory + "/" + file.path)
                // Partition folders this write created are removed once empty
                // (rmdir refuses non-empty ones, which other writes still use).
                var folder = file.path.split(separator: "/").dropLast()
                while !folder.isEmpty {
                    rmdir(tableDirectory + "/" + folder.joined(separator: "/"))
                    folder = folder.dropLast()
                }
            }
        }
        written.removeAll()
    }
}
