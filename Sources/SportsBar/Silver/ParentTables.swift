import Columns
import Partition

/// §3.5: the parent company's tables, loaded as they are but typed.
public enum ParentTable: Sendable, Hashable, CaseIterable {
    case dimCustomers, dimProducts, dimGrossPrice, factOrders

    public var source: SourceTable {
        switch self {
        case .dimCustomers: .parentDimCustomers
        case .dimProducts: .parentDimProducts
        case .dimGrossPrice: .parentDimGrossPrice
        case .factOrders: .parentFactOrders
        }
    }

    /// The type of each column of `source.columns`.
    public var types: [ParentType] {
        switch self {
        case .dimCustomers, .dimProducts: Array(repeating: .text, count: 5)
        case .dimGrossPrice: [.text, .money, .int]
        case .factOrders: [.date, .text, .text, .bigint]
        }
    }

    /// Typed columns, then the lineage (kept: "last row wins" in gold needs it, §8).
    public var typedSchema: Schema {
        Schema(zip(source.columns, types).map { Field($0, $1.columnType) } + Lineage.fields)
    }
}

public enum ParentTables {
    /// Types bronze rows of `table` (in the order given); a row with a field that fails
    /// its type goes to quarantine as `type_mismatch`. Empty fields are NULL.
    public static func type(_ table: ParentTable, bronze: [RecordBatch]) throws -> SilverOutput {
        let source = table.source
        var typed: [RecordBatch] = [], quarantined: [RecordBatch] = []
        var counts = ReasonCounts(), read = 0
        for batch in bronze {
            let conformed = try batch.conformed(to: source.bronzeSchema, table: source.name)
            try BronzeTextCheck.check(conformed, source)
            let (rows, rejected) = try typeBatch(conformed, table)
            typed.append(rows)
            read += conformed.rowCount
            if !rejected.isEmpty {
                counts.add(.typeMismatch, rejected.count)
                quarantined.append(try QuarantineRows.make(table: source, bronze: conformed, rows: rejected,
                                                           reasons: rejected.map { _ in .typeMismatch }))
            }
        }
        return SilverOutput(rows: try RecordBatch.concat(typed, schema: table.typedSchema),
                            quarantine: try RecordBatch.concat(quarantined, schema: source.quarantineSchema),
                            counts: counts, rowsRead: read)
    }

    private static func typeBatch(_ bronze: RecordBatch, _ table: ParentTable) throws -> (RecordBatch, [Int]) {
        let source = table.source
        let texts = try source.columns.map { try bronze.text($0, in: source.name) }
        // Pass 1: which rows type cleanly.
        var kept: [Int] = [], rejected: [Int] = []
        for row in 0 ..< bronze.rowCount {
            var fits = true
            for (column, type) in zip(texts, table.types) where type != .text && !column.isNull(row) {
                if !column.withValue(row, { type.accepts($0) }) { fits = false; break }
            }
            if fits { kept.append(row) } else { rejected.append(row) }
        }
        // Pass 2: typed columns of the kept rows.
        var columns: [Column] = []
        for (column, type) in zip(texts, table.types) {
            var builder = ColumnBuilder(type: type.columnType, reservingRows: kept.count)
            for row in kept {
                if column.isNull(row) {
                    builder.appendNull()
                } else if !column.withValue(row, { builder.append($0) }) {
                    builder.appendNull() // unreachable: pass 1 accepted it
                }
            }
            columns.append(builder.finish())
        }
        let lineage = try bronze.project(Lineage.fields.map(\.name)).gather(kept)
        return (RecordBatch(schema: table.typedSchema, columns: columns + lineage.columns), rejected)
    }
}
