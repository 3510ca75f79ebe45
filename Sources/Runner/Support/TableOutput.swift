import ArgumentParser
import Columns
import Workers

enum OutputTableFormat: String, ExpressibleByArgument, Sendable {
    case delta, csv
}

/// Writes batches as a whole table, replacing what was there in one commit; on any
/// failure the written files are removed and the table stays as it was.
enum TableOutput {
    static func write(_ batches: [RecordBatch], schema: Schema, to path: String, format: OutputTableFormat,
                      partitionColumns: [String] = []) throws -> [WrittenFile] {
        let writer = try PartitionedWriter(
            tableDirectory: path, schema: schema, partitionColumns: partitionColumns,
            format: format == .delta ? ParquetOutputFormat() : CSVOutputFormat(),
            placement: format == .delta ? .inPlace : .staged)
        do {
            for batch in batches { try writer.write(batch) }
            let files = try writer.finish()
            switch format {
            case .delta:
                try DeltaCommitter(path: path, schema: schema, partitionColumns: partitionColumns).commit(files, mode: .overwrite)
            case .csv:
                try DirectoryCommit(tableDirectory: path).commit(files, from: writer, overwrite: true)
            }
            return files
        } catch {
            writer.abort()
            throw error
        }
    }
}
