import Columns
import Lake
import Workers

/// A table scan with what can be pushed into it: only the columns the query uses,
/// conjuncts on partition columns as a file filter on partition values (pruning from
/// the log), simple comparisons with constants as row-group statistics predicates
/// (skipping), and every pushed conjunct as a filter right above the scan.
enum ScanBuilder {
    static func build(_ source: TableSource, predicates: [BoundExpression], used: Set<Int>,
                      context: PlanningContext) throws -> RelationPlan {
        let ids = Set(source.columns.map(\.id))
        let needed = used.union(predicates.flatMap(\.columnIDs)).intersection(ids)
        var columns = source.columns.filter { needed.contains($0.id) }
        if columns.allSatisfy({ source.partitionColumns.contains($0.name) }), let cheapest = cheapestColumn(source) {
            // Rows come from the data files: count(*), or a query of partition columns
            // only, still reads one stored column (the narrowest).
            columns.append(cheapest)
        }
        let partitionIDs = Set(source.columns.filter { source.partitionColumns.contains($0.name) }.map(\.id))
        let partitionPredicates = predicates.filter { !$0.columnIDs.isEmpty && $0.columnIDs.isSubset(of: partitionIDs) }
        let partitionFilter = try partitionFilter(partitionPredicates, source: source)
        let simple = predicates.compactMap { statisticsPredicate($0, source) }
        let rowGroups: StatisticsPredicate? = simple.count <= 1 ? simple.first : .and(simple)

        let scan = try DeltaScanExec(
            path: source.table.path, version: source.snapshot.version, columns: columns.map(\.name),
            partitions: partitionFilter, partitionFilterText: partitionPredicates.map(ExpressionText.describe).joined(separator: " and "),
            rowGroups: rowGroups, targetPartitions: context.workers)
        let estimated = source.snapshot.numRecords
        var relation = RelationPlan(plan: PlanOperators.rename(scan, to: columns.map(\.physicalName)),
                                    scope: Scope(columns: columns, relations: [source.table.name]), estimatedRows: estimated)
        // Pruning by partition is exact per file, but statistics only skip: filter every
        // pushed conjunct that is not a pure partition predicate.
        let remaining = predicates.filter { !partitionPredicates.contains($0) }
        if let condition = BoundExpression.conjunction(remaining) {
            relation = try PlanOperators.filter(relation, condition)
        }
        relation.estimatedRows = predicates.isEmpty ? estimated : estimated / 4
        return relation
    }

    private static func cheapestColumn(_ source: TableSource) -> ScopeColumn? {
        let stored = source.columns.filter { !source.partitionColumns.contains($0.name) }
        let width: (ColumnType) -> Int = { type in
            switch type {
            case .bool: 1
            case .int32, .date: 4
            case .int64, .decimal, .double: 8
            case .text, .binary: 16
            }
        }
        return stored.min { width($0.type) < width($1.type) }
    }

    /// A file filter evaluating the partition conjuncts on a one-row batch of the file's
    /// partition values (typed as the columns are).
    private static func partitionFilter(_ predicates: [BoundExpression], source: TableSource) throws -> DeltaScanExec.PartitionFilter? {
        guard let condition = BoundExpression.conjunction(predicates) else { return nil }
        let columns = source.columns.filter { condition.columnIDs.contains($0.id) }
        let schema = Schema(columns.map(\.field))
        let compiled = try CompiledExpression(condition, schema: schema)
        return { values in
            do {
                var texts: [Column] = []
                for column in columns {
                    var text = ColumnFactory.TextBuilder(rows: 1)
                    if let value = values[column.name] ?? nil { text.append(value) } else { text.appendNull() }
                    texts.append(try CastKernel.cast(text.result, from: .text, to: column.type, orNull: true))
                }
                let batch = RecordBatch(schema: schema, columns: texts)
                let keep = try LogicKernel.mask(try compiled.evaluate(batch))
                return keep.first ?? true
            } catch {
                return true  // unreadable value: keep the file, the filter above decides
            }
        }
    }

    /// `column op constant` on a stored column, as a statistics predicate (values in the
    /// statistics' conventions: decimals unscaled, dates as days).
    private static func statisticsPredicate(_ e: BoundExpression, _ source: TableSource) -> StatisticsPredicate? {
        switch e {
        case let .compare(op, .column(id, _, _), .literal(value, _)):
            return comparison(op, id, value, source)
        case let .compare(op, .literal(value, _), .column(id, _, _)):
            let flipped: ComparisonOperator = switch op {
            case .less: .greater
            case .lessOrEqual: .greaterOrEqual
            case .greater: .less
            case .greaterOrEqual: .lessOrEqual
            default: op
            }
            return comparison(flipped, id, value, source)
        case let .isNull(.column(id, _, _), negated):
            guard let column = source.columns.first(where: { $0.id == id }), !source.partitionColumns.contains(column.name) else { return nil }
            return negated ? .isNotNull(column.name) : .isNull(column.name)
        case let .and(l, r):
            let parts = [statisticsPredicate(l, source), statisticsPredicate(r, source)].compactMap { $0 }
            return parts.isEmpty ? nil : .and(parts)
        case let .or(l, r):
            guard let a = statisticsPredicate(l, source), let b = statisticsPredicate(r, source) else { return nil }
            return .or([a, b])
        default:
            return nil
        }
    }

    private static func comparison(_ op: ComparisonOperator, _ id: Int, _ value: Scalar, _ source: TableSource) -> StatisticsPredicate? {
        guard let column = source.columns.first(where: { $0.id == id }), !source.partitionColumns.contains(column.name) else { return nil }
        let v: StatisticsValue
        switch value {
        case let .int64(x), let .decimal(x): v = .int64(x)
        case let .int32(x), let .date(x): v = .int32(x)
        case let .text(s) where column.type == .text: v = .string(s)
        default: return nil
        }
        switch op {
        case .equal: return .equal(column.name, v)
        case .less: return .lessThan(column.name, v)
        case .lessOrEqual: return .lessThanOrEqual(column.name, v)
        case .greater: return .greaterThan(column.name, v)
        case .greaterOrEqual: return .greaterThanOrEqual(column.name, v)
        case .notEqual, .nullSafeEqual: return nil
        }
    }
}
