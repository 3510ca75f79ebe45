import Columns
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

        // Fact months: a plan whose rows are written to fact_orders and flow on into the
        // enrichment. A touched month always has fact rows (its silver or parent rows made
        // it touched), so the fact months are known before the plan runs.
        let fact = LakeCatalog.factOrders, enriched = LakeCatalog.factOrdersEnriched
        var touched = try orders.months.union(FactOrders.touchedMonths([parent.newTyped[.factOrders] ?? RecordBatch(empty: ParentTable.factOrders.typedSchema)],
                                            column: "date"))
        if context.fullRefresh {
            touched.formUnion(try FactOrders.touchedMonths(
                [parent.allTyped(.factOrders, context)], column: "date"))
        }
        var months = context.fullRefresh ? Set<Int32>() : try context.store.partitionDates(fact, column: "date")
        months.formUnion(touched)
        let dimDate = months.isEmpty ? RecordBatch(empty: GoldSchemas.dimDate)
            : DimDate.months(from: months.min() ?? 0, through: months.max() ?? 0, rules: rules)
        if try differs(dimDate, from: context.existing(LakeCatalog.dimDate), LakeCatalog.dimDate) {
            try context.write(LakeCatalog.dimDate, [dimDate], mode: .overwrite, operation: "rebuild")
        }

        let dimensions = FactOrdersEnriched.Dimensions(date: dimDate, customers: dims.customers, products: dims.products,
                                                       grossPrice: dims.grossPrice)
        let partitions = max(2, context.options.workers)
        let monthlyWriter = try context.store.concurrentWriter(LakeCatalog.ordersMonthly)
        let factWriter = try context.store.concurrentWriter(fact)
        let enrichedWriter = try context.store.concurrentWriter(enriched)
        let full = dimsChanged || context.fullRefresh || !context.store.exists(enriched)
        do {
            var enrichInputs: [any ExecutionPlan] = []
            if !touched.isEmpty {
                let (stored, migrated) = try await storedMonthly(context, months: touched, partitions: partitions)
                // Months of a lake written before partials were kept, outside this run's.
                if let migrated { try monthlyWriter.write(try Self.outside(touched, migrated)) }
                let fresh: any ExecutionPlan = orders.freshMonthly ?? MemoryExec(schema: GoldSchemas.factOrders, partitions: [])
                let partials: any ExecutionPlan = try stored.map { try UnionExec([fresh, $0]) } ?? fresh
                // The complete child sums of the touched months replace theirs in the state.
                // With no earlier sums (a backfill), this run's are the months' complete sums.
                let factPlan = try FactOrdersPlan.plan(
                    childPartials: partials, complete: stored == nil && migrated == nil,
                    parent: parent.allTyped(.factOrders, context, months: touched),
                    months: touched, partitions: partitions,
                    keepingSums: { try TableWriteExec($0, table: LakeCatalog.ordersMonthly.description, writer: monthlyWriter,
                                                      passThrough: true) })
                enrichInputs.append(try TableWriteExec(factPlan, table: fact.description, writer: factWriter, passThrough: true))
            }
            if full, !context.fullRefresh,
               let untouched = try context.store.scan(fact, columns: GoldSchemas.factOrders.fields.map(\.name),
                                                      dates: ("date", touched), excluding: true, partitions: partitions) {
                enrichInputs.append(untouched)
            }
            if !enrichInputs.isEmpty {
                let input = enrichInputs.count == 1 ? enrichInputs[0] : try UnionExec(enrichInputs)
                let plan = try TableWriteExec(FactOrdersEnriched.plan(fact: input, dimensions: dimensions),
                                              table: enriched.description, writer: enrichedWriter)
                try await context.execute(plan, stage: "gold")
            }
            if !touched.isEmpty {
                try context.commit(LakeCatalog.ordersMonthly, files: monthlyWriter.finish(),
                                   mode: .replaceDates(column: "date", dates: touched), operation: "recompute months")
                try context.commit(fact, files: factWriter.finish(), mode: .replaceDates(column: "date", dates: touched),
                                   operation: "recompute months")
            }
            if full {
                try context.commit(enriched, files: enrichedWriter.finish(), mode: .overwrite, operation: "rebuild")
            } else if !touched.isEmpty {
                try context.commit(enriched, files: enrichedWriter.finish(), mode: .replaceDates(column: "date", dates: touched),
                                   operation: "recompute months")
            }
        } catch {
            for writer in [monthlyWriter, factWriter, enrichedWriter] { writer.abort() }
            throw error
        }
        return Outcome(touchedMonths: touched, enrichedFull: full)
    }

    /// Child monthly sums already in the lake for `months` (the partials of earlier runs)
    /// as a scan, and the partials to add for a lake written before they were kept (then
    /// computed once from all its silver orders).
    private static func storedMonthly(_ context: RunContext, months: Set<Int32>,
                                      partitions: Int) async throws -> (stored: (any ExecutionPlan)?, migrated: RecordBatch?) {
        guard !context.fullRefresh else { return (nil, nil) }
        let partials = LakeCatalog.ordersMonthly
        if context.store.exists(partials) || !context.store.exists(LakeCatalog.silverOrders) {
            return (try context.store.scan(partials, dates: ("date", months), partitions: partitions), nil)
        }
        let all = try await context.store.readParallel(
            LakeCatalog.silverOrders, columns: FactOrders.silverColumns, dates: nil,
            workers: context.options.workers) { batches in try FactOrders.childMonthly(silverOrders: batches) }
        let migrated = try FactOrders.mergeMonthly(all)
        return (MemoryExec([migrated], schema: GoldSchemas.factOrders), migrated)
    }

    private static func stored(_ table: LakeTable, _ context: RunContext) throws -> RecordBatch {
        try RecordBatch.concat(context.existing(table), schema: LakeCatalog.shape(of: table)?.schema ?? Schema([]))
    }

    /// Rows whose `date` month is not in `months`.
    private static func outside(_ months: Set<Int32>, _ batch: RecordBatch) throws -> RecordBatch {
        let dates = try batch.date("date", in: "child monthly")
        return try batch.filter((0 ..< batch.rowCount).map {
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
