import Partition
import SportsBar
import Workers

/// §4. Dims are rebuilt when one of their inputs changed and written only when their
/// rows differ; fact months the batch touched are recomputed from all silver and
/// parent rows of those months and replaced; the enriched table follows the fact
/// months, or is rebuilt in full when a dimension changed.
enum GoldStage {
    struct Outcome {
        var touchedMonths: Set<Int32>
        var enrichedFull: Bool
    }

    static func run(_ context: RunContext, child: ChildDims, parent: ParentRows,
                    orders: OrdersStage.Outcome) async throws -> Outcome {
        let rules = context.options.rules
        // Dimensions.
        let dimInputsChanged = child.changed || parent.arrived(.dimCustomers) || parent.arrived(.dimProducts)
            || parent.arrived(.dimGrossPrice) || context.fullRefresh
            || [LakeCatalog.dimCustomers, LakeCatalog.dimProducts, LakeCatalog.dimGrossPrice].contains { !context.store.exists($0) }
        var dims: (customers: RecordBatch, products: RecordBatch, grossPrice: RecordBatch)
        var dimsChanged = false
        if dimInputsChanged {
            dims = (try DimCustomers.build(parent: parent.allTyped(.dimCustomers, context), child: child.customers, rules: rules),
                    try DimProducts.build(parent: parent.allTyped(.dimProducts, context), child: child.products),
                    try DimGrossPrice.build(parent: parent.allTyped(.dimGrossPrice, context), childSilver: child.grossPrice))
            for (table, rows) in [(LakeCatalog.dimCustomers, dims.customers), (LakeCatalog.dimProducts, dims.products),
                                  (LakeCatalog.dimGrossPrice, dims.grossPrice)] {
                if try differs(rows, from: context.existing(table), table) {
                    try context.write(table, [rows], mode: .overwrite, operation: "rebuild")
                    dimsChanged = true
                }
            }
        } else {
            dims = (try stored(LakeCatalog.dimCustomers, context), try stored(LakeCatalog.dimProducts, context),
                    try stored(LakeCatalog.dimGrossPrice, context))
        }

        // Fact months.
        let fact = LakeCatalog.factOrders
        var touched = try orders.months.union(FactOrders.touchedMonths([parent.newTyped[.factOrders] ?? RecordBatch(empty: ParentTable.factOrders.typedSchema)],
                                            column: "date"))
        if context.fullRefresh {
            touched.formUnion(try FactOrders.touchedMonths(
                [parent.allTyped(.factOrders, context)], column: "date"))
        }
        var factRows = RecordBatch(empty: GoldSchemas.factOrders)
        if !touched.isEmpty {
            let (stored, migrated) = try await storedMonthly(context, months: touched)
            // This run's partials join the state (replacing it in a full refresh).
            try context.write(LakeCatalog.ordersMonthly, migrated + [orders.freshMonthly], mode: .append, operation: "ingest")
            let childMonthly = try FactOrders.mergeMonthly(stored + [orders.freshMonthly], budget: context.budget,
                                                           spillDirectory: context.spill)
            factRows = try FactOrders.build(parent: parent.allTyped(.factOrders, context, months: touched),
                                            childMonthly: childMonthly,
                                            months: touched)
            try context.write(fact, [factRows], mode: .replaceDates(column: "date", dates: touched), operation: "recompute months")
        }

        // dim_date spans the first to the last fact month.
        var months = context.fullRefresh ? Set<Int32>() : try context.store.partitionDates(fact, column: "date")
        months.subtract(touched)
        months.formUnion(try FactOrders.touchedMonths([factRows], column: "date"))
        let dimDate = months.isEmpty ? RecordBatch(empty: GoldSchemas.dimDate)
            : DimDate.months(from: months.min() ?? 0, through: months.max() ?? 0, rules: rules)
        if try differs(dimDate, from: context.existing(LakeCatalog.dimDate), LakeCatalog.dimDate) {
            try context.write(LakeCatalog.dimDate, [dimDate], mode: .overwrite, operation: "rebuild")
        }

        // The denormalized table.
        let enriched = LakeCatalog.factOrdersEnriched
        let full = dimsChanged || context.fullRefresh || !context.store.exists(enriched)
        if full {
            let untouched = try context.existing(fact).map { try outside(touched, $0) }
            let allFact = try RecordBatch.concat(untouched + [factRows], schema: GoldSchemas.factOrders)
            let rows = try FactOrdersEnriched.build(fact: allFact, dimDate: dimDate, dimCustomers: dims.customers,
                                                    dimProducts: dims.products, dimGrossPrice: dims.grossPrice)
            try context.write(enriched, [rows.rows], mode: .overwrite, operation: "rebuild")
        } else if !touched.isEmpty {
            let rows = try FactOrdersEnriched.build(fact: factRows, dimDate: dimDate, dimCustomers: dims.customers,
                                                    dimProducts: dims.products, dimGrossPrice: dims.grossPrice)
            try context.write(enriched, [rows.rows], mode: .replaceDates(column: "date", dates: touched),
                              operation: "recompute months")
        }
        return Outcome(touchedMonths: touched, enrichedFull: full)
    }

    /// Child monthly sums already in the lake for `months` (the partials of earlier runs),
    /// and the partials to add for a lake written before they were kept (then computed
    /// once from all its silver orders).
    private static func storedMonthly(_ context: RunContext,
                                      months: Set<Int32>) async throws -> (stored: [RecordBatch], migrated: [RecordBatch]) {
        guard !context.fullRefresh else { return ([], []) }
        let partials = LakeCatalog.ordersMonthly
        if context.store.exists(partials) || !context.store.exists(LakeCatalog.silverOrders) {
            return (try context.store.read(partials, dates: ("date", months)), [])
        }
        let all = try await context.store.readParallel(
            LakeCatalog.silverOrders, columns: FactOrders.silverColumns, dates: nil,
            workers: context.options.workers) { batches in try FactOrders.childMonthly(silverOrders: batches) }
        let migrated = try FactOrders.mergeMonthly(all)
        let dates = try migrated.date("date", in: "child monthly")
        let inMonths = try migrated.filter((0 ..< migrated.rowCount).map { !dates.isNull($0) && months.contains(dates.values[$0]) })
        return ([inMonths], [migrated])
    }

    private static func stored(_ table: LakeTable, _ context: RunContext) throws -> RecordBatch {
        try RecordBatch.concat(context.existing(table), schema: LakeCatalog.shape(of: table)?.schema ?? Schema([]))
    }

    /// Fact rows whose month is not in `months`.
    private static func outside(_ months: Set<Int32>, _ batch: RecordBatch) throws -> RecordBatch {
        let conformed = try batch.conformed(to: GoldSchemas.factOrders, table: "gold fact_orders")
        let dates = try conformed.date("date", in: "gold fact_orders")
        return try conformed.filter((0 ..< conformed.rowCount).map {
            dates.isNull($0) || !months.contains(CivilDateRule.monthStart(dates.values[$0]))
        })
    }

    /// True unless `stored` holds exactly the rows of `rows`, in order (small tables only).
    private static func differs(_ rows: RecordBatch, from stored: [RecordBatch], _ table: LakeTable) throws -> Bool {
        guard let schema = LakeCatalog.shape(of: table)?.schema else { return true }
        let old = try RecordBatch.concat(stored, schema: schema)
        guard old.rowCount == rows.rowCount else { return true }
        let new = try rows.conformed(to: schema, table: table.description)
        for (index, field) in schema.fields.enumerated() {
            for row in 0 ..< old.rowCount where ValueText.string(old.columns[index], row, type: field.type)
                != ValueText.string(new.columns[index], row, type: field.type) {
                return true
            }
        }
        return false
    }
}
