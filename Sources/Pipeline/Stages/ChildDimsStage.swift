import Columns
import Partition
import SportsBar
import Workers

/// The child company's dimension tables in silver: customers, products, gross_price.
struct ChildDims {
    var customers: RecordBatch
    var products: RecordBatch
    var grossPrice: RecordBatch
    var lookup: ProductLookup
    /// True when any of the three was rebuilt this run.
    var changed: Bool
}

/// §3.1–3.3. A child dim is rebuilt from all its bronze rows whenever a new file of it
/// arrives (§8); gross_price also when products were rebuilt (its join changes).
enum ChildDimsStage {
    static func run(_ context: RunContext) async throws -> ChildDims {
        let rules = context.options.rules
        var scanned: [String: ScannedSource] = [:]
        for source in [SourceTable.customers, .products, .grossPrice] {
            let files = context.sources.files(source)
            let result = try await BronzeScan.scan(source, files: files, batchId: context.batchId, options: context.scanOptions)
            scanned[source.name] = result
            context.noteScanned(result)
            try context.write(LakeCatalog.bronze(source), result.bronze, mode: .append, operation: "ingest")
            context.flows[source.name] = TableFlow(table: source.name, files: files.count, newRecords: result.records)
        }
        func arrived(_ source: SourceTable) -> Bool { !context.sources.files(source).isEmpty || context.fullRefresh }
        let rebuildCustomers = arrived(.customers), rebuildProducts = arrived(.products)
        let rebuildPrices = arrived(.grossPrice) || rebuildProducts

        let customers = try await rebuild(.customers, LakeCatalog.silverCustomers, rebuildCustomers, scanned, context) {
            try CustomersSilver.build(bronze: $0, rules: rules)
        }
        let products = try await rebuild(.products, LakeCatalog.silverProducts, rebuildProducts, scanned, context) {
            try ProductsSilver.build(bronze: $0, rules: rules)
        }
        let lookup = try ProductLookup(silverProducts: products)
        let prices = try await rebuild(.grossPrice, LakeCatalog.silverGrossPrice, rebuildPrices, scanned, context) {
            try GrossPriceSilver.build(bronze: $0, products: lookup, rules: rules)
        }
        return ChildDims(customers: customers, products: products, grossPrice: prices, lookup: lookup,
                         changed: rebuildCustomers || rebuildProducts || rebuildPrices)
    }

    /// Rebuilds one silver dim (or reads it back unchanged) and prepares its commits.
    private static func rebuild(
        _ source: SourceTable, _ silver: LakeTable, _ needed: Bool, _ scanned: [String: ScannedSource],
        _ context: RunContext, build: ([RecordBatch]) throws -> SilverOutput
    ) async throws -> RecordBatch {
        let shape = LakeCatalog.shape(of: silver)?.schema ?? Schema([])
        guard needed else {
            return try RecordBatch.concat(context.existing(silver), schema: shape)
        }
        let new = scanned[source.name] ?? ScannedSource()
        let output = try build(context.existing(LakeCatalog.bronze(source)) + new.bronze)
        // Records that never became bronze rows stay quarantined across rebuilds.
        let quarantine = LakeCatalog.quarantine(source)
        let earlierMalformed = try context.existing(quarantine).map { try keepUnparsed($0) }
        try context.write(silver, [output.rows], mode: .overwrite, operation: "rebuild")
        try context.write(quarantine, earlierMalformed + new.malformed + [BronzeScan.lakeQuarantine(output.quarantine, source)],
                          mode: .overwrite, operation: "rebuild")
        var counts = output.counts
        counts.add(new.malformedCounts)
        context.flows[source.name]?.rowsRead = output.rowsRead + new.malformedRows
        context.flows[source.name]?.silverRows = output.rows.rowCount
        context.flows[source.name]?.quarantine = counts.byName
        context.flows[source.name]?.rebuilt = true
        return output.rows
    }

    /// The quarantine rows of records the scan rejected (the rest is rebuilt from bronze).
    static func keepUnparsed(_ batch: RecordBatch) throws -> RecordBatch {
        let reasons = try batch.text(Lineage.reason, in: "quarantine")
        let kept = Set(QuarantineReason.unparsed.map(\.rawValue))
        return try batch.filter((0 ..< batch.rowCount).map { reasons.string($0).map(kept.contains) ?? false })
    }
}
