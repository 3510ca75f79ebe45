extension Parser {
    /// A type name after `AS` in CAST or after `::`, synonyms resolved.
    mutating func parseDataType() throws(SQLSyntaxError) -> DataTypeName {
        try descend("data type")
        defer { ascend() }
        let token = current
        guard token.kind == .word else { throw unexpected(expected: "a data type") }
        advance()
        let kind: DataTypeName.Kind
        switch token.upperText {
        case "BOOLEAN": kind = .boolean
        case "TINYINT", "BYTE": kind = .tinyint
        case "SMALLINT", "SHORT": kind = .smallint
        case "INT", "INTEGER": kind = .int
        case "BIGINT", "LONG": kind = .bigint
        case "FLOAT", "REAL": kind = .float
        case "DOUBLE": kind = .double
        case "STRING": kind = .string
        case "BINARY": kind = .binary
        case "DATE": kind = .date
        case "TIMESTAMP": kind = .timestamp
        case "TIMESTAMP_NTZ": kind = .timestampNTZ
        case "TIMESTAMP_LTZ": kind = .timestampLTZ
        case "VOID": kind = .void
        case "DECIMAL", "DEC", "NUMERIC": kind = try parseDecimalParameters()
        case "CHAR", "CHARACTER": kind = .char(length: try parseLength(of: token))
        case "VARCHAR": kind = .varchar(length: try parseLength(of: token))
        case "INTERVAL": kind = try parseIntervalType()
        case "ARRAY":
            try expect(.less)
            let element = try parseDataType()
            try expect(.greater)
            kind = .array(element)
        case "MAP":
            try expect(.less)
            let key = try parseDataType()
            try expect(.comma)
            let value = try parseDataType()
            try expect(.greater)
            kind = .map(key: key, value: value)
        case "STRUCT":
            kind = .struct(try parseStructFields())
        default:
            throw error("unknown data type '\(token.text)'", at: token.location)
        }
        return DataTypeName(kind, at: token.location)
    }

    /// `[(precision [, scale])]`, precision 1 to 38 and scale 0 to precision, as Spark allows.
    private mutating func parseDecimalParameters() throws(SQLSyntaxError) -> DataTypeName.Kind {
        guard accept(.leftParen) else { return .decimal(precision: nil, scale: nil) }
        let precisionToken = current
        let precision = try parseSmallInteger("a precision")
        guard (1 ... 38).contains(precision) else {
            throw error("decimal precision must be between 1 and 38, found \(precision)", at: precisionToken.location)
        }
        var scale: Int?
        if accept(.comma) {
            let scaleToken = current
            let value = try parseSmallInteger("a scale")
            guard value <= precision else {
                throw error("decimal scale must be between 0 and the precision (\(precision)), found \(value)", at: scaleToken.location)
            }
            scale = value
        }
        try expect(.rightParen)
        return .decimal(precision: precision, scale: scale)
    }

    /// `(n)` after CHAR or VARCHAR.
    private mutating func parseLength(of type: Token) throws(SQLSyntaxError) -> Int {
        guard accept(.leftParen) else { throw unexpected(expected: "'(' and a length after \(type.upperText)") }
        let lengthToken = current
        let length = try parseSmallInteger("a length")
        guard length >= 1 else { throw error("\(type.upperText) length must be at least 1", at: lengthToken.location) }
        try expect(.rightParen)
        return length
    }

    /// A non-negative integer literal that fits comfortably in an Int.
    private mutating func parseSmallInteger(_ what: String) throws(SQLSyntaxError) -> Int {
        guard case .number(.integer) = current.kind, current.value.count <= 9, let value = Int(current.value) else {
            throw unexpected(expected: what)
        }
        advance()
        return value
    }

    /// `INTERVAL YEAR [TO MONTH]`, `INTERVAL DAY | HOUR | MINUTE | SECOND [TO HOUR | MINUTE | SECOND]`.
    private mutating func parseIntervalType() throws(SQLSyntaxError) -> DataTypeName.Kind {
        let fromToken = current
        guard let from = IntervalUnit(upperCased: fromToken.upperText), from.isRangeField else {
            throw unexpected(expected: "YEAR, MONTH, DAY, HOUR, MINUTE or SECOND after INTERVAL")
        }
        advance()
        guard accept(.to) else { return .interval(from: from, to: nil) }
        let to = try parseRangeEnd(from: from, at: fromToken.location)
        return .interval(from: from, to: to)
    }

    /// The unit after `TO` in `YEAR TO MONTH`, `DAY TO SECOND`…, checked against `from`.
    mutating func parseRangeEnd(from: IntervalUnit, at location: SourceLocation) throws(SQLSyntaxError) -> IntervalUnit {
        guard let to = IntervalUnit(upperCased: current.upperText), to.isRangeField else {
            throw unexpected(expected: "YEAR, MONTH, DAY, HOUR, MINUTE or SECOND after TO")
        }
        guard from.isYearMonth == to.isYearMonth, from.rangeOrder < to.rangeOrder else {
            throw error("invalid interval range \(from.rawValue) TO \(to.rawValue)", at: location)
        }
        advance()
        return to
    }

    /// `<name[:] type [NOT NULL] [COMMENT '…'], …>` or `<>`.
    private mutating func parseStructFields() throws(SQLSyntaxError) -> [StructField] {
        if accept(.notEqual) { return [] }
        try expect(.less)
        var fields: [StructField] = []
        if accept(.greater) { return fields }
        repeat {
            let name = try parseAnyWord("a field name")
            _ = accept(.colon)
            var field = StructField(name: name, type: try parseDataType())
            if isAt(.not), peek().keyword == .null {
                advance()
                advance()
                field.isNullable = false
            }
            if current.upperText == "COMMENT", peek().kind == .string {
                advance()
                field.comment = advance().value
            }
            fields.append(field)
        } while accept(.comma)
        try expect(.greater)
        return fields
    }

    // MARK: Interval literals

    /// Whether INTERVAL here starts a literal (`INTERVAL '…'`, `INTERVAL -3 DAYS`) rather
    /// than naming a column called `interval`.
    var startsIntervalLiteral: Bool {
        startsIntervalValue(ahead: 1) || peek().kind == .string
    }

    /// `[+ | -] (number | 'string') unit` starts at `ahead`.
    private func startsIntervalValue(ahead: Int) -> Bool {
        var position = ahead
        if peek(position).kind == .plus || peek(position).kind == .minus { position += 1 }
        switch peek(position).kind {
        case .number(.integer), .number(.decimal), .string:
            return IntervalUnit(upperCased: peek(position + 1).upperText) != nil
        default:
            return false
        }
    }

    /// `INTERVAL 'text'`, `INTERVAL value unit [value unit …]`, `INTERVAL value unit TO unit`.
    mutating func parseIntervalLiteral() throws(SQLSyntaxError) -> Expression {
        let start = advance().location
        if isAt(.string), IntervalUnit(upperCased: peek().upperText) == nil {
            return try make(.literal(.interval(.text(advance().value))), at: start)
        }
        var components: [IntervalComponent] = []
        repeat {
            let value = try parseIntervalValue()
            let unitToken = current
            guard let unit = IntervalUnit(upperCased: unitToken.upperText) else {
                throw unexpected(expected: "an interval unit (YEAR, MONTH, WEEK, DAY, HOUR, MINUTE, SECOND…)")
            }
            advance()
            if components.isEmpty, isAt(.to) {
                advance()
                guard unit.isRangeField else {
                    throw error("invalid interval range: \(unit.rawValue) cannot start one", at: unitToken.location)
                }
                let to = try parseRangeEnd(from: unit, at: unitToken.location)
                return try make(.literal(.interval(.range(value: value, from: unit, to: to))), at: start)
            }
            components.append(IntervalComponent(value, unit))
        } while startsIntervalValue(ahead: 0)
        return try make(.literal(.interval(.units(components))), at: start)
    }

    /// `[+ | -] number` or `[+ | -] 'string'`, as text with the sign applied.
    private mutating func parseIntervalValue() throws(SQLSyntaxError) -> String {
        var sign = ""
        if accept(Token.Kind.minus) {
            sign = "-"
        } else {
            _ = accept(.plus)
        }
        switch current.kind {
        case .number(.integer), .number(.decimal), .string:
            return sign + advance().value
        default:
            throw unexpected(expected: "an interval value")
        }
    }
}

extension IntervalUnit {
    /// The units that can bound a range (`DAY TO SECOND`); not WEEK or sub-second units.
    var isRangeField: Bool {
        switch self {
        case .year, .month, .day, .hour, .minute, .second: true
        default: false
        }
    }

    /// Order within a range, largest first.
    var rangeOrder: Int {
        switch self {
        case .year: 0
        case .month: 1
        case .day: 2
        case .hour: 3
        case .minute: 4
        case .second: 5
        default: 6
        }
    }
}
