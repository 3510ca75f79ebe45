/// Prints a syntax tree back as canonical Spark SQL: keywords in upper case, one line,
/// names back-quoted only when they must be, and only the parentheses the operators need.
///
/// Parsing the output gives the same tree (`SQLParser.parseStatement(printer.print(s)) == s`),
/// and Spark reads it the same way (strings use `\'`, which Spark understands, not `''`).
public struct SQLPrinter: Sendable {
    /// Parenthesize every operation under the top one, to show how an expression was grouped:
    /// `a + b * c` prints as `a + (b * c)`.
    public var parenthesizeAll: Bool

    public init(parenthesizeAll: Bool = false) {
        self.parenthesizeAll = parenthesizeAll
    }

    public func print(_ statement: Statement) -> String {
        var out = ""
        write(statement, into: &out)
        return out
    }

    public func print(_ query: Query) -> String {
        var out = ""
        write(query, into: &out)
        return out
    }

    public func print(_ expression: Expression) -> String {
        var out = ""
        write(expression, into: &out)
        return out
    }

    public func print(_ type: DataTypeName) -> String {
        var out = ""
        write(type, into: &out)
        return out
    }

    // MARK: Statements

    func write(_ statement: Statement, into out: inout String) {
        switch statement.kind {
        case .query(let query):
            write(query, into: &out)
        case .showTables(let layer, let pattern):
            out += "SHOW TABLES"
            if let layer {
                out += " IN "
                write(layer, into: &out)
            }
            if let pattern {
                out += " LIKE "
                writeString(pattern, into: &out)
            }
        case .describeTable(let name, let extended):
            out += extended ? "DESCRIBE TABLE EXTENDED " : "DESCRIBE TABLE "
            write(name, into: &out)
        case .describeHistory(let name, let limit):
            out += "DESCRIBE HISTORY "
            write(name, into: &out)
            if let limit { out += " LIMIT \(limit)" }
        case .describeQuery(let query):
            out += "DESCRIBE QUERY "
            write(query, into: &out)
        case .explain(let query, let mode):
            out += mode == .plan ? "EXPLAIN " : "EXPLAIN \(mode.rawValue) "
            write(query, into: &out)
        }
    }

    // MARK: Names

    /// `name`, or `` `name` `` when it is not a plain word or is a reserved keyword.
    public static func quote(_ name: String) -> String {
        isPlainWord(name) && Keyword.lookup(ArraySlice(name.utf8))?.isReserved != true ? name : backQuoted(name)
    }

    /// Quoting for places where any word is a name (after a dot, struct fields, EXTRACT).
    static func quoteWord(_ name: String) -> String {
        isPlainWord(name) ? name : backQuoted(name)
    }

    private static func backQuoted(_ name: String) -> String {
        "`" + name.replacingAll("`", with: "``") + "`"
    }

    /// Letters, digits and `_`, not starting with a digit (which the lexer would read as a number).
    private static func isPlainWord(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, !("0" ... "9").contains(first) else { return false }
        return name.unicodeScalars.allSatisfy { $0 == "_" || ("0" ... "9").contains($0) || $0.properties.isAlphabetic }
    }

    func write(_ identifier: Identifier, into out: inout String) {
        out += Self.quote(identifier.name)
    }

    /// The first part quoted as a name, the rest as words after a dot.
    func write(_ name: QualifiedName, into out: inout String) {
        for (position, part) in name.parts.enumerated() {
            if position > 0 { out += "." }
            out += position == 0 ? Self.quote(part.name) : Self.quoteWord(part.name)
        }
    }

    /// A function name: the reserved words that double as functions (`left`, `filter`) stay bare.
    func writeFunctionName(_ name: QualifiedName, into out: inout String) {
        if name.parts.count == 1, let part = name.parts.first,
           let keyword = Keyword.lookup(ArraySlice(part.name.utf8)), keyword.isFunctionName {
            out += part.name
        } else {
            write(name, into: &out)
        }
    }

    func write(_ names: [Identifier], into out: inout String) {
        for (position, name) in names.enumerated() {
            if position > 0 { out += ", " }
            write(name, into: &out)
        }
    }

    // MARK: Literals

    /// `'…'` with `\\`, `\'`, `\n`, `\r`, `\t` and `\uXXXX` for other control characters.
    func writeString(_ text: String, into out: inout String) {
        out += "'"
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "'": out += "\\'"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                let hex = String(scalar.value, radix: 16, uppercase: true)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default:
                out.unicodeScalars.append(scalar)
            }
        }
        out += "'"
    }

    func write(_ literal: Literal, into out: inout String) {
        switch literal {
        case .null: out += "NULL"
        case .boolean(let value): out += value ? "TRUE" : "FALSE"
        case .number(let number): write(number, into: &out)
        case .string(let text): writeString(text, into: &out)
        case .typed(let type, let text):
            out += type.rawValue + " "
            writeString(text, into: &out)
        case .interval(let interval): write(interval, into: &out)
        }
    }

    /// The digits, and the suffix the kind needs to read back the same.
    private func write(_ number: NumericLiteral, into out: inout String) {
        let text = number.text
        let hasExponent = text.contains("e") || text.contains("E")
        out += text
        switch number.kind {
        case .integer: break
        case .bigint: out += "L"
        case .smallint: out += "S"
        case .tinyint: out += "Y"
        case .decimal: if !text.contains(".") || hasExponent { out += "BD" }
        case .double: if !hasExponent { out += "D" }
        case .float: out += "F"
        }
    }

    private func write(_ interval: IntervalLiteral, into out: inout String) {
        out += "INTERVAL"
        switch interval {
        case .units(let components):
            for component in components {
                out += " "
                if Self.isPlainNumber(component.value) {
                    out += component.value
                } else {
                    writeString(component.value, into: &out)
                }
                out += " " + component.unit.rawValue
            }
        case .range(let value, let from, let to):
            out += " "
            writeString(value, into: &out)
            out += " \(from.rawValue) TO \(to.rawValue)"
        case .text(let text):
            out += " "
            writeString(text, into: &out)
        }
    }

    /// `3`, `-3`, `1.5`, `.5`: an interval value that reads back as a number.
    private static func isPlainNumber(_ text: String) -> Bool {
        var digits = Substring(text)
        if digits.hasPrefix("-") { digits = digits.dropFirst() }
        let parts = digits.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard !digits.isEmpty, parts.count <= 2, parts.contains(where: { !$0.isEmpty }) else { return false }
        return parts.allSatisfy { $0.allSatisfy { ("0" ... "9").contains($0) } }
    }

    // MARK: Types

    func write(_ type: DataTypeName, into out: inout String) {
        switch type.kind {
        case .boolean: out += "BOOLEAN"
        case .tinyint: out += "TINYINT"
        case .smallint: out += "SMALLINT"
        case .int: out += "INT"
        case .bigint: out += "BIGINT"
        case .float: out += "FLOAT"
        case .double: out += "DOUBLE"
        case .decimal(let precision, let scale):
            out += "DECIMAL"
            if let precision { out += scale.map { "(\(precision), \($0))" } ?? "(\(precision))" }
        case .string: out += "STRING"
        case .char(let length): out += "CHAR(\(length))"
        case .varchar(let length): out += "VARCHAR(\(length))"
        case .binary: out += "BINARY"
        case .date: out += "DATE"
        case .timestamp: out += "TIMESTAMP"
        case .timestampNTZ: out += "TIMESTAMP_NTZ"
        case .timestampLTZ: out += "TIMESTAMP_LTZ"
        case .void: out += "VOID"
        case .interval(let from, let to):
            out += "INTERVAL " + from.rawValue
            if let to { out += " TO " + to.rawValue }
        case .array(let element):
            out += "ARRAY<"
            write(element, into: &out)
            out += ">"
        case .map(let key, let value):
            out += "MAP<"
            write(key, into: &out)
            out += ", "
            write(value, into: &out)
            out += ">"
        case .struct(let fields):
            out += "STRUCT<"
            for (position, field) in fields.enumerated() {
                if position > 0 { out += ", " }
                out += Self.quoteWord(field.name.name) + ": "
                write(field.type, into: &out)
                if !field.isNullable { out += " NOT NULL" }
                if let comment = field.comment {
                    out += " COMMENT "
                    writeString(comment, into: &out)
                }
            }
            out += ">"
        }
    }
}

extension String {
    fileprivate func replacingAll(_ target: Character, with replacement: String) -> String {
        var result = ""
        for character in self { if character == target { result += replacement } else { result.append(character) } }
        return result
    }
}

extension Expression: CustomStringConvertible {
    /// The expression as SQL (for messages: "cannot add 'a' and 'b' in a + b").
    public var description: String { SQLPrinter().print(self) }
}

extension Query: CustomStringConvertible {
    public var description: String { SQLPrinter().print(self) }
}

extension Statement: CustomStringConvertible {
    public var description: String { SQLPrinter().print(self) }
}

extension DataTypeName: CustomStringConvertible {
    public var description: String { SQLPrinter().print(self) }
}
