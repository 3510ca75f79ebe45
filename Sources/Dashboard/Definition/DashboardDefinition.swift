/// A dashboard as a file: SQL datasets over the lake, lookups that add attributes to
/// them, the filters, the widgets and their layout. `load(path:)` reads the YAML form
/// (the format is in Dashboard.docc/Dashboard.md); `sportsBarDefault` is the one
/// medallion ships.
public struct DashboardDefinition: Sendable, Equatable {
    public var title: String
    /// The table whose Delta version the page names as the data's version.
    public var versionTable: String
    public var lookups: [Lookup]
    public var datasets: [Dataset]
    public var filters: [Filter]
    public var widgets: [Widget]
    /// Rows of widget names, top to bottom.
    public var layout: [[String]]

    /// A table of attributes keyed by its first column: any dataset with a column of
    /// that name (or a distinct dataset whose set is that column) gains the others.
    public struct Lookup: Sendable, Equatable {
        public var name: String
        public var sql: String
        public var line: Int
    }

    public struct Dataset: Sendable, Equatable {
        public var name: String
        public var sql: String
        public var kind: Kind
        public var line: Int

        public enum Kind: Sendable, Equatable {
            /// Additive measures summed over the other (dimension) columns.
            case cube(measures: [Measure], ratios: [Ratio])
            /// Rows (count column, dimensions…, set column): counts distinct values of
            /// `count` exactly under any filter; the measure is called `measure`.
            case distinct(count: String, set: String, measure: String)
        }
    }

    public struct Measure: Sendable, Equatable {
        public var name: String
        public var format: Format
    }

    /// A measure computed from two sums after filtering (average selling price = revenue / quantity).
    public struct Ratio: Sendable, Equatable {
        public var name: String
        public var numerator: String
        public var denominator: String
        public var format: Format
    }

    /// How a tile shows a value: rupees (₹ with lakh/crore) or a plain count.
    public enum Format: String, Sendable, Equatable, CaseIterable {
        case inr, number
    }

    public struct Filter: Sendable, Equatable {
        public var field: String
        public var label: String
        public var order: Order
        public var line: Int

        /// The option order: text order, or month names in calendar order.
        public enum Order: String, Sendable, Equatable, CaseIterable {
            case natural, calendar
        }
    }

    public struct Widget: Sendable, Equatable {
        public var name: String
        public var type: WidgetType
        public var title: String
        public var dataset: String
        /// The category axis (rows of a table or pivot); nil for counters.
        public var x: String?
        /// Split into one series per value (pivot columns).
        public var series: String?
        /// The measures shown: one for charts and counters, one or more for tables.
        public var y: [String]
        /// Keep the largest `top` categories.
        public var top: Int?
        public var horizontal: Bool
        /// `data-kpi` of a counter.
        public var kpi: String?
        /// A counter's comparison field (`year`): the change against the previous value.
        public var compare: String?
        public var line: Int
    }

    public enum WidgetType: String, Sendable, Equatable, CaseIterable {
        case counter, line, area, bar, pie, donut, table, pivot

        public var isChart: Bool { ![.counter, .table, .pivot].contains(self) }
    }
}
