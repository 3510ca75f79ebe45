import Columns

/// The built-in scalar functions (by what they compute; the binder maps names and
/// synonyms here and casts the arguments to what each expects).
enum ScalarFunction: String, Sendable, Hashable {
    // Strings (arguments cast to STRING; counts and positions to BIGINT).
    case lower, upper, initcap, concat, concatWS, substring, length, trim, ltrim, rtrim, replace, lpad, rpad, splitPart
    case regexpExtract
    // Dates (arguments cast to DATE).
    case year, quarter, month, day, dayOfWeek, dateTrunc, dateAdd, dateSub, addMonths, dateDiff, dateFormat, makeDate, lastDay
    // Numbers.
    case abs, round
}

/// Runs a scalar function over argument columns.
enum FunctionKernel {
    static func evaluate(_ function: ScalarFunction, _ args: [Column], _ types: [ColumnType], result: ColumnType,
                         rows: Int, text: String) throws -> Column {
        switch function {
        case .lower, .upper, .initcap, .concat, .concatWS, .substring, .length, .trim, .ltrim, .rtrim, .replace,
             .lpad, .rpad, .splitPart:
            return try StringFunctions.evaluate(function, args, rows: rows, text: text)
        case .year, .quarter, .month, .day, .dayOfWeek, .dateTrunc, .dateAdd, .dateSub, .addMonths, .dateDiff,
             .dateFormat, .makeDate, .lastDay:
            return try DateFunctions.evaluate(function, args, rows: rows, text: text)
        case .regexpExtract:
            return try RegexFunctions.extract(args, rows: rows, text: text)
        case .abs:
            return try NumericFunctions.abs(args[0], type: result, text: text)
        case .round:
            return try NumericFunctions.round(args[0], type: types[0], digits: args.count > 1 ? args[1] : nil, result: result, text: text)
        }
    }
}
