import Columns
import Workers

/// Steps 1–3 of §3.4 on one bronze chunk: row-local, so it runs inside `CSVScan`'s
/// transform on every core. Works on the column bytes (no per-row String).
public struct OrdersCleaner: Sendable {
    private let dates: DateParser
    private let replacement: [UInt8]
    /// The batch's source files: cleaned rows carry their file's rank.
    public let sourceFiles: SourceFileRanks

    public init(rules: SportsBarRules = .standard, sourceFiles: SourceFileRanks) {
        dates = DateParser.orderPlacement(rules)
        replacement = Array(rules.invalidIdReplacement.utf8)
        self.sourceFiles = sourceFiles
    }

    /// Cleans a bronze orders batch (`SourceTable.orders.bronzeSchema`, any column order).
    public func clean(_ bronzeBatch: RecordBatch) throws -> CleanedOrders {
        let table = SourceTable.orders
        let bronze = try bronzeBatch.conformed(to: table.bronzeSchema, table: table.name)
        let quantities = try bronze.text("order_qty", in: table.name)
        let customers = try bronze.text("customer_id", in: table.name)
        let placements = try bronze.text("order_placement_date", in: table.name)
        var verdicts = RowVerdicts(rows: bronze.rowCount)
        quantities.bytes.withUnsafeBytes { quantityBytes in
            customers.bytes.withUnsafeBytes { customerBytes in
                placements.bytes.withUnsafeBytes { placementBytes in
                    for row in 0 ..< bronze.rowCount {
                        judge(row, quantities, quantityBytes, customers, customerBytes, placements, placementBytes, &verdicts)
                    }
                }
            }
        }
        // Every column but the path, which becomes its rank.
        let picked = try bronze.project(indices: [0, 1, 2, 3, 4, 6, 7]).gather(verdicts.kept)
        let fileRanks = try sourceFiles.ranks(of: try bronze.text(Lineage.sourceFile, in: table.name),
                                              rows: verdicts.kept, table: table.name)
        let cleaned = RecordBatch(schema: OrdersSchemas.cleaned, columns: [
            picked.columns[0], .date(FixedColumn(values: verdicts.dates)), .text(verdicts.customers), picked.columns[3],
            .int64(FixedColumn(values: verdicts.quantities)), .int64(fileRanks), picked.columns[5], picked.columns[6],
            picked.columns[1], picked.columns[2], picked.columns[4],
        ])
        var counts = ReasonCounts()
        for reason in verdicts.reasons { counts.add(reason) }
        let quarantine = try QuarantineRows.make(table: table, bronze: bronze, rows: verdicts.rejected,
                                                 reasons: verdicts.reasons)
        return CleanedOrders(rows: cleaned, quarantine: quarantine, counts: counts,
                             customerRepaired: verdicts.customerRepaired, rowsRead: bronze.rowCount)
    }

    /// Steps 1–3 for one row.
    @inline(__always)
    private func judge(_ row: Int, _ quantities: ByteColumn, _ quantityBytes: UnsafeRawBufferPointer,
                       _ customers: ByteColumn, _ customerBytes: UnsafeRawBufferPointer,
                       _ placements: ByteColumn, _ placementBytes: UnsafeRawBufferPointer,
                       _ verdicts: inout RowVerdicts) {
        // Step 1.
        guard !quantities.isNull(row) else { return verdicts.reject(row, .missingQuantity) }
        let quantityText = UnsafeRawBufferPointer(rebasing: quantityBytes[quantities.range(row)])
        guard case let .valid(quantity) = QuantityRule.evaluate(quantityText) else {
            return verdicts.reject(row, .invalidQuantity)
        }
        // Step 2 (counted even when step 3 then drops the row).
        let customerText = UnsafeRawBufferPointer(rebasing: customerBytes[customers.range(row)])
        let customerValid = !customers.isNull(row) && TextRules.isAllDigits(customerText)
        if !customerValid { verdicts.customerRepaired += 1 }
        // Step 3.
        guard !placements.isNull(row),
              let date = dates.parse(UnsafeRawBufferPointer(rebasing: placementBytes[placements.range(row)])) else {
            return verdicts.reject(row, .unparseableDate)
        }
        verdicts.kept.append(row)
        verdicts.dates.append(date)
        verdicts.quantities.append(quantity)
        if customerValid {
            verdicts.customers.append(customerText)
        } else {
            replacement.withUnsafeBytes { verdicts.customers.append($0) }
        }
    }
}

/// Per-row outcomes of steps 1–3, accumulated column by column. Plain arrays (not
/// `FixedColumn`, whose generic appends are not specialized across modules).
private struct RowVerdicts {
    var kept = ContiguousArray<Int>()
    var dates = ContiguousArray<Int32>()
    var quantities = ContiguousArray<Int64>()
    var customers: ByteColumn
    var rejected: [Int] = []
    var reasons: [QuarantineReason] = []
    var customerRepaired = 0

    init(rows: Int) {
        kept.reserveCapacity(rows)
        dates.reserveCapacity(rows)
        quantities.reserveCapacity(rows)
        customers = ByteColumn(reservingRows: rows, bytes: rows * 6)
    }

    mutating func reject(_ row: Int, _ reason: QuarantineReason) {
        rejected.append(row)
        reasons.append(reason)
    }
}

/// One chunk's orders after steps 1–3.
public struct CleanedOrders: Sendable {
    /// Rows that passed steps 1–3 (`OrdersSchemas.cleaned`), in input order.
    public var rows: RecordBatch
    /// Rows dropped at steps 1–3 (`SourceTable.orders.quarantineSchema`).
    public var quarantine: RecordBatch
    public var counts: ReasonCounts
    /// Rows that reached step 2 with a non-digit (or NULL) customer_id.
    public var customerRepaired: Int
    public var rowsRead: Int

    public init(rows: RecordBatch, quarantine: RecordBatch, counts: ReasonCounts, customerRepaired: Int, rowsRead: Int) {
        self.rows = rows
        self.quarantine = quarantine
        self.counts = counts
        self.customerRepaired = customerRepaired
        self.rowsRead = rowsRead
    }
}
