import Columns
import Synchronization
import Workers
@testable import SportsBar

/// The shipping orders plan (`OrdersSilverPlan`) run over bronze batches held in memory,
/// with its silver rows, quarantine rows and monthly sums collected.
struct OrdersPlanRun {
    var silver: [RecordBatch]
    var quarantine: [RecordBatch]
    var monthly: [RecordBatch]
    var tally: OrdersTally.Counts

    var counts: ReasonCounts { tally.quarantine }
    var rowsRead: Int { tally.rowsRead }
    var customerRepaired: Int { tally.customerRepaired }
    var silverRows: Int { silver.reduce(0) { $0 + $1.rowCount } }
    var quarantineRows: Int { quarantine.reduce(0) { $0 + $1.rowCount } }
    /// §5 as the plan counted it, and as the rows that came out show it.
    var isConserved: Bool {
        tally.rowsRead == tally.silverRows + counts.total && tally.silverRows == silverRows && counts.total == quarantineRows
    }

    /// - bronze: bronze orders batches, dealt over `inputPartitions` partitions.
    /// - known: keys already in silver (nil: none).
    static func run(_ bronze: [RecordBatch], cleaner: OrdersCleaner, known: KnownKeys? = nil, products: ProductLookup,
                    inputPartitions: Int = 2, partitions: Int = 3, budget: MemoryBudget = .unlimited(),
                    spill: SpillDirectory? = nil, sinkKeepsPartitioning: Bool = true) async throws -> OrdersPlanRun {
        let dealt = (0 ..< inputPartitions).map { part in
            bronze.indices.filter { $0 % inputPartitions == part }.map { bronze[$0] }
        }
        let quarantine = Mutex<[RecordBatch]>([]), silver = Mutex<[RecordBatch]>([])
        let tally = OrdersTally()
        let knownSource: DedupExec.KnownKeysSource? = known.map { keys in { @Sendable in keys } }
        let plan = try OrdersSilverPlan.plan(
            bronze: MemoryExec(schema: SourceTable.orders.bronzeSchema, partitions: dealt), cleaner: cleaner,
            known: knownSource, products: products, partitions: partitions, tally: tally,
            quarantine: { batch in quarantine.withLock { $0.append(batch) } },
            silverSink: { input in
                ProjectionExec(input, schema: input.schema, "collect",
                               partitioning: sinkKeepsPartitioning ? input.outputPartitioning : .unknown) { batch in
                    silver.withLock { $0.append(batch) }
                    return batch
                }
            })
        let monthly = try await PlanExecution.collect(plan, context: TaskContext(workers: 2, budget: budget, spill: spill))
        return OrdersPlanRun(silver: silver.withLock { $0 }, quarantine: quarantine.withLock { $0 }, monthly: monthly,
                             tally: tally.counts)
    }
}
