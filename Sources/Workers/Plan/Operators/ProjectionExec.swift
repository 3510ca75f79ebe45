import Columns

/// Computes each output batch from one input batch: a projection of named columns, or any
/// row-preserving (or row-local) transform given as a function — the rules of the pipeline
/// and, later, compiled SQL expressions.
public final class ProjectionExec: ExecutionPlan {
    public let name = "ProjectionExec"
    public let detail: String
    public let schema: Schema
    public let input: any ExecutionPlan
    public let metrics = OperatorMetrics()
    public let outputPartitioning: OutputPartitioning
    private let transform: @Sendable (RecordBatch) throws -> RecordBatch

    /// `partitioning`: what the builder knows of the output's partitioning (the transform
    /// is opaque: a projection that keeps the partition columns' values says so here).
    public init(_ input: any ExecutionPlan, schema: Schema, _ description: String,
                partitioning: OutputPartitioning = .unknown,
                transform: @escaping @Sendable (RecordBatch) throws -> RecordBatch) {
        self.input = input
        self.schema = schema
        detail = description
        outputPartitioning = partitioning
        self.transform = transform
    }

    /// The columns `names` of the input, in that order.
    public convenience init(_ input: any ExecutionPlan, columns names: [String]) throws {
        let indices = try input.schema.indices(of: names)
        let schema = Schema(indices.map { input.schema.fields[$0] })
        self.init(input, schema: schema, names.joined(separator: ", "),
                  partitioning: input.outputPartitioning.renamed([:], keeping: schema)) {
            $0.project(indices: indices)
        }
    }

    public var partitionCount: Int { input.partitionCount }
    public var children: [any ExecutionPlan] { [input] }

    public func execute(partition: Int, context: TaskContext) throws -> BatchStream {
        let source = try input.execute(partition: partition, context: context)
        let transform = transform, schema = schema, name = name
        return try metered(partition) {
            guard let batch = try await source.next() else { return nil }
            let output = try transform(batch)
            guard output.schema == schema else {
                throw OperatorError.schemaMismatch(context: name, expected: schema, found: output.schema)
            }
            return output
        }
    }
}
