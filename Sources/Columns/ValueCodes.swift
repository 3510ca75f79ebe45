/// Which rows of a column hold equal values: rows with the same code in the same
/// `space` hold the same bytes (a negative code is a NULL row). A join sets it on the
/// columns it gathers from its small build side (the code is the build row), and the
/// Parquet reader on a column chunk that is all dictionary-encoded (the code is the
/// dictionary index), so a writer building a dictionary, or an aggregation keyed by the
/// column, deals with each distinct value once instead of once per row.
///
/// A hint only: it is not updated when a column's values change in place, so a consumer
/// checks `codes.count` against the column's row count and compares the bytes of a row
/// with those of the value its code stands for before it relies on the code.
public struct ValueCodes: Sendable {
    /// The code space: codes are comparable only between columns of the same space.
    public let space: CodeSpace
    public let codes: ContiguousArray<Int32>

    public init(space: CodeSpace, codes: ContiguousArray<Int32>) {
        self.space = space
        self.codes = codes
    }
}

/// The identity of a set of codes (one per build side of a join).
public final class CodeSpace: Sendable {
    public init() {}
    public var id: ObjectIdentifier { ObjectIdentifier(self) }
}
