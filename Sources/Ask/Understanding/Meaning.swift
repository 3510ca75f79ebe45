/// What a phrase of a question means to the parser.
enum Meaning: Sendable, Equatable {
    case measure(String)
    /// A dimension's name ("channel", "cities").
    case dimension(String)
    /// A word that names both a measure and a dimension ("customers", "products"): the
    /// dimension after "by", "per", "top N", "which"; the measure otherwise.
    case measureOrDimension(measure: String, dimension: String)
    /// A time grain ("monthly", "quarter").
    case grain(String)
    /// A value of one or more dimensions (the first is the one the ambiguity rule picks).
    case value([DimensionValue])
    case keyword(Keyword)
    case month(Int)
    case quarter(Int)
    case number(Int)
    /// A word that carries no meaning here ("the", "show", "what").
    case filler
}

/// A value as stored, and the dimension holding it.
struct DimensionValue: Sendable, Equatable, Hashable {
    var dimension: String
    var value: String
}

enum Keyword: String, Sendable, CaseIterable {
    case by, top, bottom, highest, lowest, which, versus, share, growth, yearOverYear, monthOverMonth,
         quarterOverQuarter, trend, yearToDate, since, between, from, to, and, last, this, inPeriod,
         excluding, only, it, total
}

/// The words the parser knows that are not in the model: ranking, comparisons, time,
/// and the filler words that may be dropped without changing a question's meaning.
enum Vocabulary {
    static let keywords: [(String, Keyword)] = [
        ("by", .by), ("per", .by), ("each", .by), ("for each", .by), ("for every", .by), ("every", .by),
        ("split by", .by), ("broken down by", .by), ("break down by", .by), ("across", .by), ("grouped by", .by),
        ("top", .top), ("best", .top), ("biggest", .top), ("largest", .top),
        ("bottom", .bottom), ("worst", .bottom), ("smallest", .bottom),
        ("highest", .highest), ("most", .highest), ("maximum", .highest), ("max", .highest), ("greatest", .highest),
        ("lowest", .lowest), ("least", .lowest), ("fewest", .lowest), ("minimum", .lowest), ("min", .lowest),
        ("which", .which), ("what", .which),
        ("vs", .versus), ("versus", .versus), ("compared to", .versus), ("compared with", .versus), ("against", .versus),
        ("share", .share), ("share of", .share), ("percentage", .share), ("percent", .share), ("proportion", .share),
        ("contribution", .share), ("mix", .share),
        ("growth", .growth), ("change", .growth), ("grow", .growth), ("grew", .growth),
        ("year over year", .yearOverYear), ("yoy", .yearOverYear),
        ("month over month", .monthOverMonth), ("mom", .monthOverMonth),
        ("quarter over quarter", .quarterOverQuarter), ("qoq", .quarterOverQuarter),
        ("trend", .trend), ("trends", .trend), ("over time", .trend), ("evolution", .trend), ("history", .trend),
        ("year to date", .yearToDate), ("ytd", .yearToDate), ("so far this year", .yearToDate),
        ("since", .since), ("after", .since), ("between", .between), ("from", .from), ("to", .to), ("until", .to),
        ("through", .to), ("and", .and), ("last", .last), ("past", .last), ("previous", .last), ("latest", .last),
        ("this", .this), ("current", .this), ("in", .inPeriod), ("during", .inPeriod), ("of", .inPeriod),
        ("excluding", .excluding), ("except", .excluding), ("without", .excluding), ("not", .excluding),
        ("only", .only), ("just", .only), ("it", .it), ("that", .it), ("total", .total), ("overall", .total),
    ]

    static let months = ["january", "february", "march", "april", "may", "june", "july", "august",
                         "september", "october", "november", "december"]
    static let monthAbbreviations = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    static let fillers: Set<String> = [
        "a", "an", "the", "is", "are", "was", "were", "be", "been", "for", "on", "at", "me", "show", "give", "list",
        "tell", "get", "display", "how", "much", "many", "did", "do", "does", "we", "our", "us", "you", "all",
        "please", "with", "s", "had", "has", "have", "make", "made", "earn", "earned", "generate", "generated",
        "bring", "brought", "sell", "selling", "value", "number", "count", "there", "their", "who", "where",
        "when", "whose", "see", "let", "know", "want", "would", "like", "can", "could", "i", "and", "or",
        "about", "now", "instead", "then", "also", "again", "same", "as", "well", "first", "come", "came",
        "up", "into", "out", "breakdown", "give", "provide", "compare", "comparison", "than", "ranked",
        "ranking", "rank", "order", "ordered", "sorted", "sort", "table", "chart", "report", "figures",
        "numbers", "data", "what", "whats", "show", "performance", "performing", "performed", "via", "through",
        "so", "far", "result", "results", "its", "one", "ones", "them", "those", "these", "terms", "term",
        "respectively", "period", "periods", "time", "over", "under", "wise", "level", "calendar",
        "buy", "buying", "bought", "purchase", "purchased", "purchases", "purchasing", "customer s", "come", "from",
    ]
}
