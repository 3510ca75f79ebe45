/// One column of an ordering. NULLs sort first unless `nullsFirst` is false,
/// for either direction.
public struct SortKey: Sendable, Hashable {
    public var column: String
    public var descending: Bool
    public var nullsFirst: Bool

    public init(_ column: String, descending: Bool = false, nullsFirst: Bool = true) {
        self.column = column
        self.descending = descending
        self.nullsFirst = nullsFirst
    }

    public static func ascending(_ column: String) -> SortKey { SortKey(column) }
    public static func descending(_ column: String) -> SortKey { SortKey(column, descending: true) }
}
