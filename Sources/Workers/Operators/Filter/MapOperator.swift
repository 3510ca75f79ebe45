import Columns

/// A batch-to-batch transform given as a closure (derived columns, casts, …),
/// checked to produce the declared output schema so that downstream operators
/// can rely on it.
public struct MapOperator: Sendable {
    public let outputSchema: Schema
    public let transform: @Sendable (RecordBatch) throws -> RecordBatch

    public init(outputSchema: Schema, transform: @escaping @Sendable (RecordBatch) throws -> RecordBatch) {
        self.outputSchema = outputSchema
        self.transform = transform
    }

    public func apply(_ batch: RecordBatch) throws -> RecordBatch {
        let output = try transform(batch)
        guard output.schema == outputSchema else {
            throw OperatorError.schemaMismatch(context: "map output", expected: outputSchema, found: output.schema)
        }
        return output
    }
}
