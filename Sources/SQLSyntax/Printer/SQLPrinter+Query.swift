extension SQLPrinter {
    func write(_ query: Query, into out: inout String) {
        if !query.ctes.isEmpty {
            out += "WITH "
            for (position, cte) in query.ctes.enumerated() {
                if position > 0 { out += ", " }
                write(cte.name, into: &out)
                if !cte.columns.isEmpty {
                    out += " ("
                    write(cte.columns, into: &out)
                    out += ")"
                }
                out += " AS ("
                write(cte.query, into: &out)
                out += ")"
            }
            out += " "
        }
        write(query.body, level: 0, into: &out)
        if !query.orderBy.isEmpty {
            out += " ORDER BY "
            write(query.orderBy, into: &out)
        }
        if let limit = query.limit {
            out += " LIMIT "
            write(limit, into: &out)
        }
        if let offset = query.offset {
            out += " OFFSET "
            write(offset, into: &out)
        }
    }

    /// A body inside a set operation of `level` (1: UNION / EXCEPT, 2: INTERSECT), in
    /// parentheses when it is a looser set operation.
    private func write(_ body: QueryBody, level: Int, into out: inout String) {
        switch body.kind {
        case .select(let select):
            write(select, into: &out)
        case .nested(let query):
            out += "("
            write(query, into: &out)
            out += ")"
        case .setOperation(let operation):
            let own = operation.op == .intersect ? 2 : 1
            if own < level {
                out += "("
                write(body, level: 0, into: &out)
                out += ")"
                return
            }
            write(operation.left, level: own, into: &out)
            out += " " + operation.op.rawValue + (operation.isAll ? " ALL " : " ")
            write(operation.right, level: own + 1, into: &out)
        }
    }

    private func write(_ select: Select, into out: inout String) {
        out += select.isDistinct ? "SELECT DISTINCT " : "SELECT "
        for (position, item) in select.items.enumerated() {
            if position > 0 { out += ", " }
            write(item.expression, into: &out)
            if let alias = item.alias {
                out += " AS "
                write(alias, into: &out)
            }
        }
        if !select.from.isEmpty {
            out += " FROM "
            for (position, table) in select.from.enumerated() {
                if position > 0 { out += ", " }
                write(table, into: &out)
            }
        }
        if let whereClause = select.whereClause {
            out += " WHERE "
            write(whereClause, into: &out)
        }
        if !select.groupBy.isEmpty {
            out += " GROUP BY "
            for (position, element) in select.groupBy.enumerated() {
                if position > 0 { out += ", " }
                write(element, into: &out)
            }
        }
        if let having = select.having {
            out += " HAVING "
            write(having, into: &out)
        }
        if !select.windows.isEmpty {
            out += " WINDOW "
            for (position, window) in select.windows.enumerated() {
                if position > 0 { out += ", " }
                write(window.name, into: &out)
                out += " AS "
                write(window.window, into: &out)
            }
        }
        if let qualify = select.qualify {
            out += " QUALIFY "
            write(qualify, into: &out)
        }
    }

    private func write(_ element: GroupingElement, into out: inout String) {
        switch element {
        case .expression(let expression):
            write(expression, into: &out)
        case .rollup(let sets):
            out += "ROLLUP("
            write(sets, into: &out)
            out += ")"
        case .cube(let sets):
            out += "CUBE("
            write(sets, into: &out)
            out += ")"
        case .groupingSets(let sets):
            out += "GROUPING SETS ("
            write(sets, into: &out)
            out += ")"
        }
    }

    /// Grouping sets: `a` for a set of one, `(a, b)` and `()` otherwise.
    private func write(_ sets: [[Expression]], into out: inout String) {
        for (position, set) in sets.enumerated() {
            if position > 0 { out += ", " }
            if set.count == 1, let only = set.first {
                write(only, into: &out)
            } else {
                out += "("
                writeList(set, into: &out)
                out += ")"
            }
        }
    }

    func write(_ table: TableReference, into out: inout String) {
        switch table.kind {
        case .table(let name, let timeTravel, let alias):
            write(name, into: &out)
            switch timeTravel {
            case .version(let version)?:
                out += " VERSION AS OF \(version)"
            case .timestamp(let timestamp)?:
                out += " TIMESTAMP AS OF "
                write(timestamp, within: .bitwiseOr, into: &out)
            case nil:
                break
            }
            write(alias, into: &out)
        case .subquery(let query, let alias):
            out += "("
            write(query, into: &out)
            out += ")"
            write(alias, into: &out)
        case .join(let join):
            write(join.left, into: &out)
            if case .natural? = join.condition {
                out += " NATURAL"
            }
            out += " " + join.kind.rawValue + " "
            if case .join = join.right.kind {
                out += "("
                write(join.right, into: &out)
                out += ")"
            } else {
                write(join.right, into: &out)
            }
            switch join.condition {
            case .on(let condition)?:
                out += " ON "
                write(condition, into: &out)
            case .using(let columns)?:
                out += " USING ("
                write(columns, into: &out)
                out += ")"
            case .natural?, nil:
                break
            }
        }
    }

    private func write(_ alias: TableAlias?, into out: inout String) {
        guard let alias else { return }
        out += " AS "
        write(alias.name, into: &out)
        if !alias.columns.isEmpty {
            out += "("
            write(alias.columns, into: &out)
            out += ")"
        }
    }
}
