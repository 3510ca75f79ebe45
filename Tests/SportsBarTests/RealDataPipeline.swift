import Columns
import Partition
import Workers
@testable import SportsBar

/// An in-memory stand-in for the run orchestration: scans the sample CSVs with
/// `CSVScan`, runs the silver and gold functions, and keeps every table in memory.
struct RealDataPipeline {
    let root: String
    var batchId: Int64 = 0
    var bronze: [String: [RecordBatch]] = [:]
    var silverCustomers: SilverOutput?
    var silverProducts: SilverOutput?
    var silverGrossPrice: SilverOutput?
    var silverOrders: [RecordBatch] = []
    var parentTyped: [ParentTable: [RecordBatch]] = [:]
    var goldFact = RecordBatch(empty: GoldSchemas.factOrders)

    /// What one run did to the tables Rules §6 counts.
    struct RunReport {
        var orders: OrdersPlanRun
        var parentFact: SilverOutput
        var childMonthly: RecordBatch
        var touchedMonths: Set<Int32>
    }

    init(root: String) { self.root = root }

    /// Files of `table` whose relative path passes `include`, in byte order of the path.
    func files(_ table: SourceTable, _ include: (String) -> Bool) throws -> [InputFile] {
        try Glob(table.glob).files(under: root).filter { include($0.relativePath) }
    }

    func scanBronze(_ table: SourceTable, _ files: [InputFile], batchId: Int64) async throws -> [RecordBatch] {
        guard !files.isEmpty else { return [] }
        return try await CSVScan.run(files: files, columns: table.requestedColumns) { chunk in
            try Lineage.bronze(chunk.parsed.batch, table: table, sourceFile: chunk.file.relativePath, batchId: batchId)
        }.results
    }

    /// One run over the files `include` selects: bronze, silver, then the gold months it touched.
    mutating func run(_ include: (String) -> Bool) async throws -> RunReport {
        batchId += 1
        let id = batchId
        // Child dims: rebuilt from all their bronze rows when a new file arrives (§8).
        for table in [SourceTable.customers, .products, .grossPrice] {
            bronze[table.name, default: []] += try await scanBronze(table, files(table, include), batchId: id)
        }
        silverCustomers = try CustomersSilver.build(bronze: bronze["customers"] ?? [])
        let products = try ProductsSilver.build(bronze: bronze["products"] ?? [])
        silverProducts = products
        let lookup = try ProductLookup(silverProducts: products.rows)
        silverGrossPrice = try GrossPriceSilver.build(bronze: bronze["gross_price"] ?? [], products: lookup)

        // Parent tables, typed per batch.
        var parentFact = SilverOutput(rows: RecordBatch(empty: ParentTable.factOrders.typedSchema),
                                      quarantine: RecordBatch(empty: SourceTable.parentFactOrders.quarantineSchema),
                                      counts: ReasonCounts(), rowsRead: 0)
        for table in ParentTable.allCases {
            let scanned = try await scanBronze(table.source, files(table.source, include), batchId: id)
            let output = try ParentTables.type(table, bronze: scanned)
            parentTyped[table, default: []].append(output.rows)
            if table == .factOrders { parentFact = output }
        }

        // Orders: the shipping plan over this run's bronze rows.
        let orderFiles = try files(.orders, include)
        let cleaner = OrdersCleaner(sourceFiles: SourceFileRanks(orderFiles.map(\.relativePath)))
        let orderBronze = try await scanBronze(.orders, orderFiles, batchId: id)
        let known = try OrdersSilver.knownKeys(silver: silverOrders)
        let orders = try await OrdersPlanRun.run(orderBronze, cleaner: cleaner, known: known, products: lookup)
        silverOrders += orders.silver

        // Gold fact: recompute the months this batch touched from all of silver and parent.
        let touched = try FactOrders.touchedMonths(orders.silver, column: "order_date")
            .union(FactOrders.touchedMonths([parentFact.rows], column: "date"))
        let childMonthly = try FactOrders.childMonthly(silverOrders: silverOrders, months: touched)
        let recomputed = try await FactOrders.build(parent: allParent(.factOrders), childMonthly: childMonthly, months: touched)
        goldFact = try FactOrders.replacingMonths(touched, in: goldFact, with: recomputed)
        return RunReport(orders: orders, parentFact: parentFact, childMonthly: childMonthly, touchedMonths: touched)
    }

    func allParent(_ table: ParentTable) throws -> RecordBatch {
        try RecordBatch.concat(parentTyped[table] ?? [], schema: table.typedSchema)
    }

    func goldDims() throws -> (customers: RecordBatch, products: RecordBatch, grossPrice: RecordBatch) {
        (try DimCustomers.build(parent: allParent(.dimCustomers), child: silverCustomers?.rows ?? RecordBatch(empty: CustomersSilver.schema)),
         try DimProducts.build(parent: allParent(.dimProducts), child: silverProducts?.rows ?? RecordBatch(empty: ProductsSilver.schema)),
         try DimGrossPrice.build(parent: allParent(.dimGrossPrice),
                                 childSilver: silverGrossPrice?.rows ?? RecordBatch(empty: GrossPriceSilver.schema)))
    }
}
