"""Differential test of medallion's SQL against DuckDB over the same lake (issue #12).

A seeded generator writes random queries over the real sample lake's tables (the one
`Tests/SQLTests/SampleLake.swift` builds from Tests/Fixtures/atliqon-sportsbar) in two
spellings — medallion's (Spark SQL) and DuckDB's — runs DuckDB's spelling on the same Delta
snapshot files (read through delta-rs, as expected.py does) and writes the cases with
DuckDB's answers as JSON lines. `DifferentialTests.swift` runs the Spark spelling through
`SQLEngine` in-process and compares.

    python differential.py check                                   # prints "ok duckdb …"
    python differential.py generate LAKE SEED COUNT OUT [FIRST]    # cases FIRST..FIRST+COUNT-1 (or FIRST = "n,m,…")
    python differential.py show LAKE SEED CASE                     # one case, both spellings and DuckDB's rows

Replaying a case: every case has its own random stream (seeded by "seed:case"), so case n
of seed s is the same query whatever the count; the Swift test takes
MEDALLION_DIFF_SEED, MEDALLION_DIFF_CASES (how many) and MEDALLION_DIFF_CASE (just one).

The grammar (types tracked: int, dec(scale), dbl, str, date, bool; every output aliased c0, c1, …):
  query     := select | aggregate | window | setop | cte
  select    := SELECT [DISTINCT] expr…[, (scalar subquery)][, dec / num] FROM from [WHERE pred] [order]
  aggregate := SELECT key…, agg-expr…[, rank() OVER (ORDER BY agg) | sum(agg) OVER (ORDER BY key…)]
               FROM from [WHERE pred] GROUP BY key… | ordinals | ROLLUP(…) | CUBE(…) | GROUPING SETS (…)
               [HAVING agg cmp literal] [order]
  agg       := count(*) | count(x) | count(DISTINCT x) | sum | avg/mean | min | max | median | stddev_samp | var_pop
  window    := SELECT col…, fn OVER ([PARTITION BY …] [ORDER BY …] [ROWS BETWEEN … AND …]) … FROM table [WHERE pred]
               fn := row_number | rank | dense_rank | lag/lead(x[, n[, default]]) | sum | avg | min | max | count
  setop     := branch (UNION [ALL|DISTINCT] | INTERSECT [DISTINCT] | EXCEPT [DISTINCT]) branch [… a third],
               branches select or aggregate of the same column kinds, optionally parenthesised [order]
  cte       := WITH q AS (aggregate) SELECT … FROM q [WHERE pred] [order] | the same with FROM (aggregate) q
  from      := table | table a [INNER|LEFT|RIGHT|FULL [OUTER]] JOIN table b ON key = key [AND key = key]
               | … USING (key) | a, b WHERE key = key | small CROSS JOIN small | … [LEFT] JOIN third ON its key
  pred      := cmp (= <> != == < <= > >=) | [NOT] BETWEEN | [NOT] IN (list [, NULL]) | [NOT] LIKE/ILIKE
               | IS [NOT] NULL | <=> | IS [NOT] DISTINCT FROM | IS [NOT] TRUE/FALSE/UNKNOWN | AND/OR/NOT
               | [NOT] IN (SELECT …) | [NOT] EXISTS (SELECT …) | x cmp (SELECT min/max/sum/avg …)
  expr      := column | literal | + - * / % div | unary - | CASE [ELSE] | coalesce | nvl | ifnull | nullif | if
               | CAST | TRY_CAST | EXTRACT | the string, date and numeric functions of SQL.md
  order     := ORDER BY every output (ordinal or alias, ASC/DESC, NULLS FIRST/LAST) [LIMIT n [OFFSET m]]
Literals are mostly values of the column they are compared with, so predicates select some rows.
Decimal expressions stay within 18 digits and scale 6, integer ones within BIGINT (the
magnitude of each expression is tracked); joins never multiply a big table's rows.

The big tables (gold.fact_orders*, silver.orders) are read by a fifth of the cases, mostly in
a slice of their partitions (a WHERE conjunct on date/order_month), so thousands of cases
fit in CI's time on a debug build; a few in a hundred of those read them whole.

Results: queries with ORDER BY are compared in order (their ORDER BY covers every output
column, so the order is total up to equal rows); the others as multisets. Cells compare
exactly (decimals by value: 1.50 = 1.5) except DOUBLE columns (relative 1e-9, absolute near
0) and decimals DuckDB computes in DOUBLE (decimal division and avg: within one unit of the
last place); NULLs equal NULLs. A query DuckDB rejects, or one over 1,500 rows, is
regenerated (counted in the summary line).

Where DuckDB spells Spark's meaning differently, DIALECT (below) gives both spellings; what
medallion does differently from Spark by design is in SQL.docc/SQL.md and kept out of the
generated queries.
"""
import datetime
import decimal
import json
import os
import random
import re
import sys

COLUMN_REF = re.compile(r"\bt\d+\.")

# ---------------------------------------------------------------------------------------
# The one place where Spark's (medallion's) spelling and DuckDB's differ. Each entry is
# (spark template, duckdb template) over the arguments' spellings {0}, {1}, …
DIALECT = {
    # Spark's concat is NULL when any argument is; DuckDB's concat skips NULLs (its || does not).
    "concat": ("concat({0}, {1})", "({0} || {1})"),
    "concat_op": ("({0} || {1})", "({0} || {1})"),
    "concat_ws": ("concat_ws('{sep}', {0}, {1})", "concat_ws('{sep}', {0}, {1})"),
    # DuckDB has no initcap; the macro (MACROS) lowercases and uppercases each word's first letter.
    "initcap": ("initcap({0})", "spark_initcap({0})"),
    # Spark's dayofweek is 1 = Sunday … 7 = Saturday; DuckDB's is 0 = Sunday.
    "dayofweek": ("dayofweek({0})", "(dayofweek({0}) + 1)"),
    # Spark's datediff(end, start) counts days; DuckDB's takes a part and (start, end).
    "datediff": ("datediff({0}, {1})", "datediff('day', {1}, {0})"),
    "date_add": ("date_add({0}, {1})", "({0} + {1})"),
    "date_sub": ("date_sub({0}, {1})", "({0} - {1})"),
    "date_plus": ("({0} + {1})", "({0} + {1})"),
    # DuckDB's date + interval is a TIMESTAMP; both clamp to the month's last day.
    "add_months": ("add_months({0}, {1})", "CAST({0} + to_months({1}) AS DATE)"),
    # medallion's date_trunc returns a DATE (Spark: TIMESTAMP; documented); DuckDB's a TIMESTAMP.
    "date_trunc": ("date_trunc('{unit}', {0})", "CAST(date_trunc('{unit}', {0}) AS DATE)"),
    "trunc": ("trunc({0}, '{unit}')", "CAST(date_trunc('{unit}', {0}) AS DATE)"),
    # Spark's `/` on integers and decimals; division by zero is NULL (DuckDB's is inf).
    "div_num": ("({0} / {1})", "spark_div({0}, {1})"),
    # Spark's integral `div` truncates toward zero, as DuckDB's `//` does.
    "div_int": ("({0} div {1})", "spark_idiv({0}, {1})"),
    "mod": ("({0} % {1})", "spark_mod({0}, {1})"),
    # Spark's CAST of a decimal to an integer truncates; DuckDB's rounds.
    "dec_to_bigint": ("CAST({0} AS BIGINT)", "CAST(trunc({0}) AS BIGINT)"),
    "to_string": ("CAST({0} AS STRING)", "CAST({0} AS VARCHAR)"),
    # Spark reads a string as an integer only when it is [sign] digits [. digits] (the
    # fraction cut off); DuckDB also takes 62e5, 0x1F, 1_000 and rounds 1.5.
    "try_cast_bigint": ("TRY_CAST({0} AS BIGINT)", "spark_str_to_bigint({0})"),
    "null_safe_eq": ("({0} <=> {1})", "({0} IS NOT DISTINCT FROM {1})"),
    "nvl": ("nvl({0}, {1})", "coalesce({0}, {1})"),
    "ifnull": ("ifnull({0}, {1})", "ifnull({0}, {1})"),
    "if": ("if({0}, {1}, {2})", "CASE WHEN {0} THEN {1} ELSE {2} END"),
    # A set operation's decimal column: Spark widens to the largest scale (DECIMAL(18,2) and
    # DECIMAL(18,6) make DECIMAL(…,6)); DuckDB, from DECIMAL(38,2), cuts to scale 2.
    "setop_decimal": ("{0}", "CAST({0} AS DECIMAL(38, 6))"),
    # Spark's median and percentile are exact and interpolated, as DOUBLE.
    "median": ("median({0})", "median(CAST({0} AS DOUBLE))"),
    "stddev_samp": ("stddev_samp({0})", "stddev_samp({0})"),
    "var_pop": ("var_pop({0})", "var_pop({0})"),
}

# Spark's date_format letters → DuckDB's strftime.
DATE_FORMATS = {"yyyy-MM": "%Y-%m", "yyyy": "%Y", "MM": "%m", "dd": "%d", "yyyy-MM-dd": "%Y-%m-%d",
                "MMM yyyy": "%b %Y", "EEE": "%a", "MMMM": "%B", "d MMM": "%-d %b"}

MACROS = [
    "CREATE MACRO spark_div(a, b) AS CASE WHEN b = 0 THEN NULL ELSE a / b END",
    "CREATE MACRO spark_idiv(a, b) AS CASE WHEN b = 0 THEN NULL ELSE a // b END",
    "CREATE MACRO spark_mod(a, b) AS CASE WHEN b = 0 THEN NULL ELSE a % b END",
    "CREATE MACRO spark_str_to_bigint(s) AS CASE WHEN regexp_full_match(trim(s), '[+-]?[0-9]+([.][0-9]*)?') "
    "THEN TRY_CAST(split_part(trim(s), '.', 1) AS BIGINT) END",
    "CREATE MACRO spark_initcap(s) AS array_to_string(list_transform(string_split(lower(s), ' '), "
    "lambda w: upper(w[1]) || w[2:]), ' ')",
]


def d(name, *args, **kw):
    """Both spellings of a DIALECT entry over argument expressions."""
    spark, duck = DIALECT[name]
    return (spark.format(*[a.s for a in args], **kw), duck.format(*[a.d for a in args], **kw))


# ---------------------------------------------------------------------------------------
# The lake's tables: what the generator may read. Kinds and literal pools come from the
# data; keys (unique per row) give windows and LIMITs total orders.

TABLES = {
    "gold.fact_orders_enriched": dict(big="date", key=["date", "product_code", "customer_code"],
                                      skip=["month_name", "year_quarter", "product", "market"]),
    "gold.fact_orders": dict(big="date", key=["date", "product_code", "customer_code"]),
    "silver.orders": dict(big="order_month", key=["_source_file", "_source_line"],
                          skip=["product_code", "_batch_id"]),
    "gold.dim_customers": dict(key=["customer_code"]),
    "gold.dim_products": dict(key=["product_code"]),
    "gold.dim_gross_price": dict(key=["product_code", "year"]),
    "gold.dim_date": dict(key=["date_key"]),
    "silver.customers": dict(key=["customer_id"]),
    "silver.products": dict(key=["product_code"]),
    "silver.gross_price": dict(key=["product_id", "month"], skip=["product_code"]),
}

# Equality join edges (table, column) = (table, column); the first side is the many side.
EDGES = [
    ("gold.fact_orders_enriched", "customer_code", "gold.dim_customers", "customer_code"),
    ("gold.fact_orders_enriched", "product_code", "gold.dim_products", "product_code"),
    ("gold.fact_orders_enriched", "date_key", "gold.dim_date", "date_key"),
    ("gold.fact_orders_enriched", "date", "gold.dim_date", "month_start_date"),
    ("gold.fact_orders_enriched", "product_code", "gold.dim_gross_price", "product_code"),
    ("gold.fact_orders", "customer_code", "gold.dim_customers", "customer_code"),
    ("gold.fact_orders", "product_code", "gold.dim_products", "product_code"),
    ("gold.fact_orders", "date", "gold.dim_date", "month_start_date"),
    ("silver.orders", "customer_id", "silver.customers", "customer_id"),
    ("silver.orders", "product_id", "silver.products", "product_id"),
    ("silver.orders", "product_id", "silver.gross_price", "product_id"),
    ("silver.gross_price", "product_id", "silver.products", "product_id"),
    ("gold.dim_gross_price", "product_code", "gold.dim_products", "product_code"),
    ("gold.dim_date", "year", "gold.dim_gross_price", "year"),
    ("gold.dim_products", "division", "silver.products", "division"),
    ("gold.dim_products", "category", "gold.dim_products", "category"),
    ("gold.dim_customers", "channel", "gold.dim_customers", "channel"),
    ("gold.dim_customers", "customer_code", "gold.fact_orders_enriched", "customer_code"),
    ("silver.customers", "city", "silver.customers", "city"),
    ("gold.dim_products", "product_code", "silver.products", "product_code"),
]


class Col:
    def __init__(self, table, name, kind, scale, nullable, values, mag):
        self.table, self.name, self.kind, self.scale = table, name, kind, scale
        self.nullable, self.values, self.mag = nullable, values, mag


def kind_of(arrow_type):
    t = str(arrow_type)
    if t in ("int32", "int64"):
        return "int", 0
    if t.startswith("decimal"):
        return "dec", int(t.rstrip(")").split(",")[1])
    if t.startswith("date32"):
        return "date", 0
    if t in ("string", "large_string"):
        return "str", 0
    raise ValueError(t)


def connect(lake):
    """DuckDB with every table of TABLES loaded from its Delta snapshot, and the schema model."""
    import deltalake
    import duckdb
    con = duckdb.connect()
    con.execute("SET error_on_division_by_zero = false")
    con.execute("SET threads = 1")
    for m in MACROS:
        con.execute(m)
    model = {}
    for name, spec in TABLES.items():
        layer, table = name.split(".")
        con.execute(f"CREATE SCHEMA IF NOT EXISTS {layer}")
        dataset = deltalake.DeltaTable(os.path.join(lake, layer, table)).to_pyarrow_dataset()
        con.register(f"_{layer}_{table}", dataset)
        con.execute(f"CREATE TABLE {name} AS SELECT * FROM _{layer}_{table}")
        con.unregister(f"_{layer}_{table}")
        cols = []
        for field in dataset.schema:
            if field.name in spec.get("skip", []):
                continue
            kind, scale = kind_of(field.type)
            q = f'"{field.name}"'
            stats = con.execute(f"SELECT count(*) - count({q}) FROM {name}").fetchall()[0]
            values = [r[0] for r in con.execute(
                f"SELECT DISTINCT {q} FROM {name} WHERE {q} IS NOT NULL ORDER BY {q} LIMIT 400").fetchall()]
            mag = 0
            if kind in ("int", "dec"):
                mag = float(con.execute(f"SELECT max(abs({q})) FROM {name}").fetchall()[0][0] or 0)
            cols.append(Col(name, field.name, kind, scale, stats[0] > 0, values, mag))
        keys = ", ".join(spec["key"])
        dup = con.execute(f"SELECT count(*) FROM (SELECT {keys} FROM {name} GROUP BY ALL HAVING count(*) > 1)").fetchall()
        assert dup[0][0] == 0, f"{name}: ({keys}) is not a key"
        rows = con.execute(f"SELECT count(*) FROM {name}").fetchall()[0][0]
        model[name] = dict(spec, cols=cols, rows=rows)
    return con, model


# ---------------------------------------------------------------------------------------
# Expressions: both spellings, the kind, a decimal's scale, a bound on the magnitude,
# whether DuckDB computes it approximately (DOUBLE), whether it holds an aggregate.

class E:
    __slots__ = ("s", "d", "kind", "scale", "mag", "approx", "agg", "const", "values")

    def __init__(self, s, d, kind, scale=0, mag=0.0, approx=False, agg=False, const=False, values=None):
        self.s, self.d, self.kind, self.scale, self.mag = s, d, kind, scale, mag
        self.approx, self.agg, self.const, self.values = approx, agg, const, values


def same(text, kind, **kw):
    return E(text, text, kind, **kw)


def str_lit(v):
    spark = "'" + v.replace("\\", "\\\\").replace("'", "\\'") + "'"
    duck = "'" + v.replace("'", "''") + "'"
    return E(spark, duck, "str", const=True)


def lit(kind, value, scale=0):
    if value is None:
        return same("NULL", kind, const=True)
    if kind == "str":
        return str_lit(value)
    if kind == "date":
        return same(f"DATE '{value.isoformat()}'", "date", const=True)
    if kind == "dec":
        text = format(decimal.Decimal(value), "f")
        return same(text, "dec", scale=max(0, -decimal.Decimal(text).as_tuple().exponent), mag=abs(float(value)), const=True)
    if kind == "int":
        return same(str(value), "int", mag=abs(value), const=True)
    raise ValueError(kind)


class Scope:
    """The columns a query block can name: (qualifier, Col, approx) with a spelling."""

    def __init__(self, items):
        self.items = items  # list of (spelling, kind, scale, mag, approx, values, nullable)

    def of(self, kind, exact=True):
        return [i for i in self.items if i[1] == kind and not (exact and i[4])]

    def kinds(self):
        return {i[1] for i in self.items if not i[4]}


def col_expr(item):
    spelling, kind, scale, mag, approx, values, _nullable = item
    return E(spelling, spelling, kind, scale=scale, mag=mag, approx=approx, values=values)


class Gen:
    def __init__(self, model, rng):
        self.model, self.r = model, rng
        self.alias_n = 0
        # A fifth of the cases read the big tables (a slice of their partitions, mostly):
        # on a debug build they cost ten times a small table's query.
        self.big = self.chance(0.2)
        self.in_setop = False

    def chance(self, p):
        return self.r.random() < p

    def pick(self, xs):
        return xs[self.r.randrange(len(xs))]

    def alias(self):
        self.alias_n += 1
        return f"t{self.alias_n}"

    # ---- FROM -------------------------------------------------------------------------
    def table_items(self, name, qual):
        return [(f"{qual}.{c.name}", c.kind, c.scale, c.mag, False, c.values, c.nullable) for c in self.model[name]["cols"]]

    def slice_pred(self, name, qual):
        """Partition pruning conjunct for a big table (most of the time)."""
        part = self.model[name].get("big")
        if not part or self.chance(0.02):
            return None
        col = next(c for c in self.model[name]["cols"] if c.name == part)
        vals = col.values
        shape = self.r.random()
        if shape < 0.75:
            return f"{qual}.{part} = DATE '{self.pick(vals).isoformat()}'"
        if shape < 0.9:
            picked = sorted(self.r.sample(vals, 2))
            return f"{qual}.{part} IN ({', '.join(lit('date', v).s for v in picked)})"
        i = self.r.randrange(len(vals) - 1)
        return f"{qual}.{part} BETWEEN DATE '{vals[i].isoformat()}' AND DATE '{vals[i + 1].isoformat()}'"

    def small_table(self):
        return self.pick([n for n, t in self.model.items() if "big" not in t])

    def any_table(self):
        names = [n for n, t in self.model.items() if self.big or "big" not in t]
        return self.pick(names)

    def from_clause(self, allow_join=True):
        """(spark FROM text, duck FROM text, scope, slice conjuncts, single table name or None)."""
        if allow_join and self.chance(0.04):
            # a cross join of two small tables
            small = [n for n, t in self.model.items() if "big" not in t and t["rows"] <= 60]
            left, right = self.pick(small), self.pick(small)
            a, b = self.alias(), self.alias()
            text = f"{left} {a} CROSS JOIN {right} {b}"
            return text, text, Scope(self.table_items(left, a) + self.table_items(right, b)), [], None
        if not allow_join or self.chance(0.45):
            name = self.any_table()
            qual = self.alias()
            slices = [p for p in [self.slice_pred(name, qual)] if p]
            text = f"{name} {qual}"
            return text, text, Scope(self.table_items(name, qual)), slices, (name, qual)
        left, lcol, right, rcol = self.pick(
            [e for e in EDGES if self.big or not ("big" in self.model[e[0]] or "big" in self.model[e[2]])])
        if self.chance(0.5) and "big" not in self.model[left]:
            left, lcol, right, rcol = right, rcol, left, lcol
        a, b = self.alias(), self.alias()
        big_left, big_right = "big" in self.model[left], "big" in self.model[right]
        kinds = ["JOIN", "INNER JOIN", "LEFT JOIN", "LEFT OUTER JOIN", "RIGHT JOIN", "FULL JOIN", "FULL OUTER JOIN"]
        kind = self.pick(kinds)
        # A big table's slice conjunct goes in WHERE: keep it on the preserved side.
        if big_left and kind.startswith(("RIGHT", "FULL")):
            kind = "LEFT JOIN"
        if big_right and kind.startswith(("LEFT", "FULL")):
            kind = "RIGHT JOIN"
        on = f"{a}.{lcol} = {b}.{rcol}"
        if lcol == rcol and not kind.startswith("FULL") and right != "silver.gross_price" and self.chance(0.2):
            cond = f"USING ({lcol})"
        else:
            cond = f"ON {on}"
            # composite keys where one column alone would multiply rows
            if left == "gold.fact_orders_enriched" and right == "gold.dim_gross_price" and self.chance(0.7):
                cond += f" AND {a}.year = {b}.year"
            if left == "silver.orders" and right == "silver.gross_price":
                cond += f" AND {a}.order_month = {b}.month"
        text = f"{left} {a} {kind} {right} {b} {cond}"
        slices = [p for p in [self.slice_pred(left, a), self.slice_pred(right, b)] if p]
        comma = kind in ("JOIN", "INNER JOIN") and cond.startswith("ON") and self.chance(0.2)
        if comma:
            # a comma join: the equalities in WHERE become the join's keys
            text = f"{left} {a}, {right} {b}"
            slices = [cond[3:]] + slices
        items = self.table_items(left, a) + self.table_items(right, b)
        if kind != "JOIN" and kind != "INNER JOIN":
            items = [(s, k, sc, m, ap, v, True) for (s, k, sc, m, ap, v, _n) in items]
        if self.chance(0.2):
            # a third table, joined to one of the first two on a key (never a big one)
            # (after a comma join only the second table: `a, b JOIN c ON …` is `a, (b JOIN c ON …)`)
            joined = {right: b} if comma else {left: a, right: b}
            # (on the new table's key, so rows do not multiply)
            def unique(t, c):
                return "big" not in self.model[t] and self.model[t]["key"] == [c]
            edges = [(t1, c1, t2, c2) for e in EDGES for (t1, c1, t2, c2) in (e, (e[2], e[3], e[0], e[1]))
                     if t1 in joined and unique(t2, c2)]
            if edges:
                t1, c1, t2, c2 = self.pick(edges)
                c = self.alias()
                kind3 = self.pick(["JOIN", "LEFT JOIN", "INNER JOIN"])
                text += f" {kind3} {t2} {c} ON {joined[t1]}.{c1} = {c}.{c2}"
                more = self.table_items(t2, c)
                if kind3 == "LEFT JOIN":
                    more = [(s, k, sc, m, ap, v, True) for (s, k, sc, m, ap, v, _n) in more]
                items += more
        return text, text, Scope(items), slices, None

    # ---- expressions ------------------------------------------------------------------
    def column(self, scope, kind):
        cols = scope.of(kind)
        return col_expr(self.pick(cols)) if cols else None

    def literal_from(self, scope, kind):
        cols = [i for i in scope.of(kind) if i[5]]
        if kind == "int" and self.chance(0.5):
            return lit("int", self.r.randint(-3, 120))
        if cols and self.chance(0.85):
            item = self.pick(cols)
            return lit(kind, self.pick(item[5]))
        if kind == "str":
            return str_lit(self.pick(["a", "India", "Direct", "", "Q1", "Retailer", "x y", "Bengaluru"]))
        if kind == "date":
            return lit("date", datetime.date(2025, 1, 1) + datetime.timedelta(days=self.r.randint(-400, 200)))
        if kind == "dec":
            return lit("dec", decimal.Decimal(self.r.randint(0, 99999)) / 100)
        return lit("int", self.r.randint(0, 50))

    def expr(self, scope, kind, depth=0):
        """A row-level expression of `kind` (never approximate)."""
        if kind == "bool":
            return self.pred(scope, depth)
        leaf = depth >= 2 or self.chance(0.35 + 0.2 * depth)
        if leaf:
            c = self.column(scope, kind)
            if c is not None and self.chance(0.8):
                return c
            if kind == "dbl":
                return self.dbl(scope, depth + 1)
            return self.literal_from(scope, kind)
        return getattr(self, kind)(scope, depth + 1)

    def common(self, scope, kind, depth):
        """CASE, COALESCE, NULLIF, IF over `kind`."""
        a = self.expr(scope, kind, depth)
        b = self.expr(scope, kind, depth)
        c = self.r.randrange(6)
        if c == 0:
            p = self.pred(scope, depth + 1)
            return E(f"CASE WHEN {p.s} THEN {a.s} ELSE {b.s} END", f"CASE WHEN {p.d} THEN {a.d} ELSE {b.d} END",
                     kind, scale=max(a.scale, b.scale), mag=max(a.mag, b.mag))
        if c == 1:
            p = self.pred(scope, depth + 1)
            return E(f"CASE WHEN {p.s} THEN {a.s} END", f"CASE WHEN {p.d} THEN {a.d} END", kind, scale=a.scale, mag=a.mag)
        if c == 2:
            return E(f"coalesce({a.s}, {b.s})", f"coalesce({a.d}, {b.d})", kind, scale=max(a.scale, b.scale), mag=max(a.mag, b.mag))
        if c == 3:
            s, dd = d(self.pick(["nvl", "ifnull"]), a, b)
            return E(s, dd, kind, scale=max(a.scale, b.scale), mag=max(a.mag, b.mag))
        if c == 4:
            return E(f"nullif({a.s}, {b.s})", f"nullif({a.d}, {b.d})", kind, scale=a.scale, mag=a.mag)
        p = self.pred(scope, depth + 1)
        s, dd = d("if", p, a, b)
        return E(s, dd, kind, scale=max(a.scale, b.scale), mag=max(a.mag, b.mag))

    def int(self, scope, depth):
        c = self.r.randrange(13)
        if c < 3:
            a, b = self.expr(scope, "int", depth), self.expr(scope, "int", depth)
            op = self.pick(["+", "-", "*"])
            mag = a.mag * b.mag if op == "*" else a.mag + b.mag
            if mag > 1e15:
                op, mag = "+", a.mag + b.mag
            return E(f"({a.s} {op} {b.s})", f"(CAST({a.d} AS BIGINT) {op} {b.d})", "int", mag=mag)
        if c == 3:
            a = self.expr(scope, "int", depth)
            b = lit("int", self.r.choice([0, 1, 2, 3, 7, 10, 100, -3]))
            s, dd = d(self.pick(["mod", "div_int"]), a, b)
            return E(s, dd, "int", mag=a.mag)
        if c == 4:
            a = self.expr(scope, "date", depth)
            f = self.pick(["year", "month", "day", "quarter", "dayofweek", "dayofmonth"])
            if f == "dayofweek":
                s, dd = d("dayofweek", a)
                return E(s, dd, "int", mag=7)
            return E(f"{f}({a.s})", f"{f}({a.d})", "int", mag=3000)
        if c == 5:
            a = self.expr(scope, "str", depth)
            f = self.pick(["length", "char_length"])
            return E(f"{f}({a.s})", f"length({a.d})", "int", mag=1000)
        if c == 6:
            a, b = self.expr(scope, "date", depth), self.expr(scope, "date", depth)
            s, dd = d("datediff", a, b)
            return E(s, dd, "int", mag=1e6)
        if c == 7:
            a = self.expr(scope, "dec", depth)
            s, dd = d("dec_to_bigint", a)
            return E(s, dd, "int", mag=a.mag)
        if c == 8:
            a = self.expr(scope, "int", depth)
            return E(f"abs({a.s})", f"abs({a.d})", "int", mag=a.mag)
        if c == 9:
            a = self.expr(scope, "int", depth)
            return E(f"(- {a.s})", f"(- {a.d})", "int", mag=a.mag)
        if c == 10:
            a = self.expr(scope, "str", depth)
            if self.chance(0.5):
                a = E(f"substring({a.s}, 1, 4)", f"substring({a.d}, 1, 4)", "str")
            s, dd = d("try_cast_bigint", a)
            return E(s, dd, "int", mag=1e10)
        if c == 11 and self.chance(0.5):
            a = self.expr(scope, "date", depth)
            part = self.pick(["YEAR", "MONTH", "DAY", "QUARTER"])
            return E(f"EXTRACT({part} FROM {a.s})", f"EXTRACT({part} FROM {a.d})", "int", mag=3000)
        return self.common(scope, "int", depth)

    def dec(self, scope, depth):
        c = self.r.randrange(10)
        if c < 2:
            a, b = self.expr(scope, "dec", depth), self.expr(scope, "dec", depth)
            op = self.pick(["+", "-"])
            return E(f"({a.s} {op} {b.s})", f"({a.d} {op} {b.d})", "dec", scale=max(a.scale, b.scale), mag=a.mag + b.mag)
        if c == 2:
            a = self.expr(scope, "dec", depth)
            b = self.expr(scope, "int", depth) if self.chance(0.5) else lit("int", self.r.randint(1, 12))
            if a.mag * b.mag * 10 ** a.scale > 1e16:
                b = lit("int", 2)
            return E(f"({a.s} * {b.s})", f"({a.d} * {b.d})", "dec", scale=a.scale, mag=a.mag * max(b.mag, 1))
        if c == 3:
            a = self.expr(scope, "dec", depth)
            b = lit("dec", decimal.Decimal(self.r.randint(1, 300)) / 10 ** self.r.randint(0, 2))
            if a.scale + b.scale > 6 or a.mag * b.mag * 10 ** (a.scale + b.scale) > 1e16:
                return a
            return E(f"({a.s} * {b.s})", f"({a.d} * {b.d})", "dec", scale=a.scale + b.scale, mag=a.mag * b.mag)
        if c == 4:
            a = self.expr(scope, "dec", depth)
            n = self.r.randint(0, 2)
            return E(f"round({a.s}, {n})", f"round({a.d}, {n})", "dec", scale=min(a.scale, n), mag=a.mag + 1)
        if c == 5:
            a = self.expr(scope, "int", depth)
            return E(f"CAST({a.s} AS DECIMAL(18, 2))", f"CAST({a.d} AS DECIMAL(18, 2))", "dec", scale=2, mag=a.mag)
        if c == 6:
            a = self.expr(scope, "dec", depth)
            return E(f"abs({a.s})", f"abs({a.d})", "dec", scale=a.scale, mag=a.mag)
        if c == 7:
            a, b = self.expr(scope, "dec", depth), self.expr(scope, "int", depth)
            return E(f"({a.s} + {b.s})", f"({a.d} + {b.d})", "dec", scale=a.scale, mag=a.mag + b.mag)
        return self.common(scope, "dec", depth)

    def dbl(self, scope, depth):
        """DOUBLE values: int / int, CAST AS DOUBLE (compared with a relative tolerance)."""
        c = self.r.randrange(4)
        a = self.expr(scope, "int", depth)
        if c == 0:
            b = self.expr(scope, "int", depth)
            s, dd = d("div_num", a, b)
            return E(s, dd, "dbl", mag=a.mag)
        if c == 1:
            return E(f"CAST({a.s} AS DOUBLE)", f"CAST({a.d} AS DOUBLE)", "dbl", mag=a.mag)
        if c == 2:
            b = lit("int", self.r.randint(1, 9))
            s, dd = d("div_num", a, b)
            return E(s, dd, "dbl", mag=a.mag)
        x = self.expr(scope, "dec", depth)
        return E(f"CAST({x.s} AS DOUBLE)", f"CAST({x.d} AS DOUBLE)", "dbl", mag=x.mag)

    def str(self, scope, depth):
        c = self.r.randrange(16)
        a = self.expr(scope, "str", depth)
        if c == 0:
            f = self.pick(["upper", "lower", "trim", "ltrim", "rtrim", "ucase", "lcase"])
            duck = {"ucase": "upper", "lcase": "lower"}.get(f, f)
            return E(f"{f}({a.s})", f"{duck}({a.d})", "str")
        if c == 1:
            p, n = self.r.randint(1, 6), self.r.randint(0, 8)
            f = self.pick(["substring", "substr"])
            if self.chance(0.3):
                return E(f"{f}({a.s}, {p})", f"substring({a.d}, {p})", "str")
            return E(f"{f}({a.s}, {p}, {n})", f"substring({a.d}, {p}, {n})", "str")
        if c == 2:
            b = self.expr(scope, "str", depth)
            s, dd = d(self.pick(["concat", "concat_op"]), a, b)
            return E(s, dd, "str")
        if c == 3:
            b = self.expr(scope, "str", depth)
            s, dd = d("concat_ws", a, b, sep=self.pick(["-", " ", ""]))
            return E(s, dd, "str")
        if c == 4:
            frm, to = self.pick([("a", "A"), (" ", "_"), ("e", ""), ("Store", "Shop"), ("-", "/")])
            return E(f"replace({a.s}, '{frm}', '{to}')", f"replace({a.d}, '{frm}', '{to}')", "str")
        if c == 5:
            f = self.pick(["lpad", "rpad"])
            n = self.r.randint(0, 12)
            pad = self.pick(["*", "ab", " "])
            return E(f"{f}({a.s}, {n}, '{pad}')", f"{f}({a.d}, {n}, '{pad}')", "str")
        if c == 6:
            sep = self.pick([" ", "-", "e"])
            n = self.r.randint(1, 3)
            return E(f"split_part({a.s}, '{sep}', {n})", f"split_part({a.d}, '{sep}', {n})", "str")
        if c == 7:
            s, dd = d("initcap", a)
            return E(s, dd, "str")
        if c == 8:
            x = self.expr(scope, "int", depth)
            s, dd = d("to_string", x)
            return E(s, dd, "str")
        if c == 9:
            x = self.expr(scope, "date", depth)
            fmt = self.pick(list(DATE_FORMATS))
            return E(f"date_format({x.s}, '{fmt}')", f"strftime({x.d}, '{DATE_FORMATS[fmt]}')", "str")
        if c == 10:
            x = self.expr(scope, "date", depth)
            s, dd = d("to_string", x)
            return E(s, dd, "str")
        if c == 11:
            x = self.expr(scope, "dec", depth)
            s, dd = d("to_string", x)
            return E(s, dd, "str")
        return self.common(scope, "str", depth)

    def date(self, scope, depth):
        c = self.r.randrange(9)
        a = self.expr(scope, "date", depth)
        if c < 3:
            n = lit("int", self.r.randint(-40, 40))
            s, dd = d(self.pick(["date_add", "date_sub", "date_plus"]), a, n)
            return E(s, dd, "date")
        if c == 3:
            n = lit("int", self.r.randint(-14, 14))
            s, dd = d("add_months", a, n)
            return E(s, dd, "date")
        if c == 4:
            return E(f"last_day({a.s})", f"last_day({a.d})", "date")
        if c == 5:
            unit = self.pick(["MONTH", "YEAR", "QUARTER", "WEEK"])
            s, dd = d("date_trunc", a, unit=unit)
            return E(s, dd, "date")
        if c == 6:
            unit = self.pick(["MM", "YEAR", "MONTH", "YYYY"])
            s, dd = d("trunc", a, unit=unit)
            duck_unit = {"MM": "month", "YYYY": "year"}.get(unit, unit.lower())
            return E(s, DIALECT["trunc"][1].format(a.d, unit=duck_unit), "date")
        if c == 7:
            y, m, day = self.r.choice([2024, 2025]), self.r.randint(1, 12), self.r.randint(1, 28)
            return same(f"make_date({y}, {m}, {day})", "date")
        return self.common(scope, "date", depth)

    def comparable_pair(self, scope, depth):
        kinds = [k for k in ("int", "dec", "str", "date") if scope.of(k)] or ["int"]
        kind = self.pick(kinds + ["dbl"] if self.chance(0.1) else kinds)
        if kind == "dbl":
            return self.dbl(scope, depth + 1), self.literal_from(scope, "int"), "dbl"
        a = self.expr(scope, kind, depth + 1)
        if a.values and self.chance(0.8):
            b = lit(kind, self.pick(a.values))
        elif self.chance(0.6):
            b = self.literal_from(scope, kind)
        else:
            # int vs dec compare as numbers in both
            other = "dec" if kind == "int" and self.chance(0.3) else kind
            b = self.expr(scope, other, depth + 1)
        return a, b, kind

    def pred(self, scope, depth=0, allow_sub=True):
        c = self.r.randrange(16)
        if depth < 2 and c < 3:
            a, b = self.pred(scope, depth + 1, allow_sub), self.pred(scope, depth + 1, allow_sub)
            op = self.pick(["AND", "OR"])
            return E(f"({a.s} {op} {b.s})", f"({a.d} {op} {b.d})", "bool")
        if depth < 3 and c == 3:
            a = self.pred(scope, depth + 1, allow_sub)
            return E(f"(NOT {a.s})", f"(NOT {a.d})", "bool")
        if c == 4:
            kind = self.pick(sorted(scope.kinds()) or ["int"])
            a = self.expr(scope, kind, depth + 1)
            neg = self.pick(["", "NOT "])
            return E(f"({a.s} IS {neg}NULL)", f"({a.d} IS {neg}NULL)", "bool")
        if c == 5:
            a, b, kind = self.comparable_pair(scope, depth)
            hi = (lit(kind, self.pick(a.values)) if a.values else self.literal_from(scope, kind)) if kind != "dbl" \
                else lit("int", self.r.randint(0, 500))
            neg = self.pick(["", "", "NOT "])
            return E(f"({a.s} {neg}BETWEEN {b.s} AND {hi.s})", f"({a.d} {neg}BETWEEN {b.d} AND {hi.d})", "bool")
        if c == 6:
            kind = self.pick([k for k in ("int", "str", "date", "dec") if scope.of(k)] or ["int"])
            a = self.expr(scope, kind, depth + 1)
            items = [lit(kind, self.pick(a.values)) if a.values and self.chance(0.7) else self.literal_from(scope, kind)
                     for _ in range(self.r.randint(1, 5))]
            if self.chance(0.15):
                items.append(lit(kind, None))
            neg = self.pick(["", "NOT "])
            return E(f"({a.s} {neg}IN ({', '.join(i.s for i in items)}))",
                     f"({a.d} {neg}IN ({', '.join(i.d for i in items)}))", "bool")
        if c == 7 and scope.of("str"):
            a = self.expr(scope, "str", depth + 1)
            v = self.pick(a.values) if a.values else self.literal_from(scope, "str").d[1:-1].replace("''", "'")
            pos = self.r.randint(0, max(0, len(v) - 1))
            shapes = [v[:pos] + "%", "%" + v[pos:], "%" + v[pos:pos + 3] + "%", v[:1] + "_" + v[2:4] + "%", "%", "_%e%"]
            pat = str_lit(self.pick(shapes))
            op = self.pick(["LIKE", "NOT LIKE", "ILIKE", "LIKE"])
            if op == "ILIKE" and self.chance(0.5):
                pat = str_lit(self.pick(shapes).upper())
            return E(f"({a.s} {op} {pat.s})", f"({a.d} {op} {pat.d})", "bool")
        if c == 8:
            a, b, _ = self.comparable_pair(scope, depth)
            if self.chance(0.5):
                s, dd = d("null_safe_eq", a, b)
                return E(s, dd, "bool")
            neg = self.pick(["", "NOT "])
            return E(f"({a.s} IS {neg}DISTINCT FROM {b.s})", f"({a.d} IS {neg}DISTINCT FROM {b.d})", "bool")
        if c == 9 and allow_sub and depth < 2 and self.chance(0.6):
            return self.subquery_pred(scope, depth)
        if c == 10 and depth < 2:
            a = self.pred(scope, depth + 1, allow_sub)
            t = self.pick(["TRUE", "FALSE", "NOT TRUE", "NOT FALSE", "UNKNOWN", "NOT UNKNOWN"])
            duck_t = t.replace("UNKNOWN", "NULL")
            return E(f"({a.s} IS {t})", f"({a.d} IS {duck_t})", "bool")
        a, b, _ = self.comparable_pair(scope, depth)
        op = self.pick(["=", "<>", "<", "<=", ">", ">=", "!=", "=="])
        dop = "=" if op == "==" else op
        return E(f"({a.s} {op} {b.s})", f"({a.d} {dop} {b.d})", "bool")

    def subquery_pred(self, scope, depth):
        name = self.small_table() if self.chance(0.7) else self.any_table()
        qual = self.alias()
        inner = Scope(self.table_items(name, qual))
        conj = [p for p in [self.slice_pred(name, qual)] if p]
        if self.chance(0.6):
            p = self.pred(inner, 1, allow_sub=False)
            conj.append(p)
        ws = (" WHERE " + " AND ".join(c if isinstance(c, str) else c.s for c in conj)) if conj else ""
        wd = (" WHERE " + " AND ".join(c if isinstance(c, str) else c.d for c in conj)) if conj else ""
        kinds = sorted(scope.kinds() & inner.kinds() & {"int", "str", "date", "dec"})
        c = self.r.randrange(3)
        if c == 0 and kinds:
            kind = self.pick(kinds)
            a = self.expr(scope, kind, depth + 1)
            b = col_expr(self.pick(inner.of(kind)))
            neg = self.pick(["", "NOT "])
            return E(f"({a.s} {neg}IN (SELECT {b.s} FROM {name} {qual}{ws}))",
                     f"({a.d} {neg}IN (SELECT {b.d} FROM {name} {qual}{wd}))", "bool")
        if c == 1 and kinds:
            kind = self.pick(kinds)
            a = self.expr(scope, kind, depth + 1)
            b = col_expr(self.pick(inner.of(kind)))
            f = self.pick(["min", "max"] + (["sum", "avg"] if kind == "int" else []))
            op = self.pick(["=", "<", ">", ">=", "<>"])
            if f == "avg":
                return E(f"({a.s} {op} (SELECT {f}({b.s}) FROM {name} {qual}{ws}))",
                         f"({a.d} {op} (SELECT {f}({b.d}) FROM {name} {qual}{wd}))", "bool")
            return E(f"({a.s} {op} (SELECT {f}({b.s}) FROM {name} {qual}{ws}))",
                     f"({a.d} {op} (SELECT {f}({b.d}) FROM {name} {qual}{wd}))", "bool")
        neg = self.pick(["", "NOT "])
        return E(f"({neg}EXISTS (SELECT 1 FROM {name} {qual}{ws}))", f"({neg}EXISTS (SELECT 1 FROM {name} {qual}{wd}))", "bool")

    # ---- aggregates -------------------------------------------------------------------
    def aggregate(self, scope, state):
        """An aggregate call; state tracks DISTINCT and sorted-partition aggregates (medallion allows
        DISTINCT over any number of expressions, but not beside the sorted ones)."""
        c = self.r.randrange(14)
        if c == 0:
            return E("count(*)", "count(*)", "int", mag=1e6, agg=True)
        if c == 1:
            kind = self.pick(sorted(scope.kinds()))
            a = self.expr(scope, kind, 1)
            return E(f"count({a.s})", f"count({a.d})", "int", mag=1e6, agg=True)
        if c == 2 and not state.get("sorted"):
            kind = self.pick(sorted(scope.kinds()))
            a = self.expr(scope, kind, 2) if self.chance(0.4) else (self.column(scope, kind) or self.expr(scope, kind, 2))
            state["distinct"] = a.s
            return E(f"count(DISTINCT {a.s})", f"count(DISTINCT {a.d})", "int", mag=1e6, agg=True)
        if c in (3, 4):
            kind = self.pick(["int", "dec"] if scope.of("dec") else ["int"])
            a = self.expr(scope, kind, 1)
            if a.mag * 1e6 * 10 ** a.scale > 1e17:
                a = self.column(scope, kind) or lit("int", 1)
            return E(f"sum({a.s})", f"sum({a.d})", a.kind, scale=a.scale, mag=a.mag * 2e5, agg=True)
        if c == 5:
            kind = self.pick(["int", "dec"] if scope.of("dec") else ["int"])
            a = self.expr(scope, kind, 1)
            f = self.pick(["avg", "mean"])
            if kind == "int":
                return E(f"{f}({a.s})", f"avg({a.d})", "dbl", mag=a.mag, agg=True)
            # DECIMAL(p+4, s+4) cut to 18 digits keeps scale min(s+4, 6) (SQL.md)
            return E(f"{f}({a.s})", f"avg({a.d})", "dec", scale=min(a.scale + 4, 6), mag=a.mag, agg=True, approx=True)
        if c in (6, 7, 8):
            kinds = sorted(scope.kinds())
            if state.get("distinct") is not None:
                kinds = [k for k in kinds if k != "str"]
            kind = self.pick(kinds or ["int"])
            a = self.expr(scope, kind, 1)
            if kind == "str":
                state["sorted"] = True
            f = self.pick(["min", "max"])
            return E(f"{f}({a.s})", f"{f}({a.d})", kind, scale=a.scale, mag=a.mag, agg=True)
        if c == 9 and state.get("distinct") is None:
            state["sorted"] = True
            a = self.expr(scope, "int", 1)
            f = self.pick(["median", "stddev_samp", "var_pop"])
            s, dd = d(f, a)
            return E(s, dd, "dbl", mag=a.mag, agg=True, approx=True)
        if c == 10 and state.get("distinct") is None:
            state["sorted"] = True
            a = self.dbl(scope, 1)
            return E(f"sum({a.s})", f"sum({a.d})", "dbl", mag=a.mag * 1e5, agg=True, approx=True)
        return E("count(*)", "count(*)", "int", mag=1e6, agg=True)

    def agg_expr(self, scope, state, keys):
        """An output of a grouped query: an aggregate, arithmetic over them, or CASE on one."""
        c = self.r.randrange(8)
        a = self.aggregate(scope, state)
        if c == 0 and a.kind == "int":
            b = self.aggregate(scope, state)
            if b.kind == "int":
                return E(f"({a.s} - {b.s})", f"({a.d} - {b.d})", "int", mag=a.mag + b.mag, agg=True)
        if c == 1 and a.kind in ("int", "dec") and not a.approx:
            b = self.literal_from(scope, a.kind)
            return E(f"CASE WHEN {a.s} > {b.s} THEN 'big' ELSE 'small' END",
                     f"CASE WHEN {a.d} > {b.d} THEN 'big' ELSE 'small' END", "str", agg=True)
        if c == 2 and a.kind in ("int", "dec") and not a.approx and a.mag * 10 ** a.scale < 1e12:
            return E(f"({a.s} * 2)", f"({a.d} * 2)", a.kind, scale=a.scale, mag=a.mag * 2, agg=True)
        return a

    # ---- query blocks -----------------------------------------------------------------
    def where(self, slices, scope, p=0.7):
        conj = list(slices)
        sp, dp = [c for c in conj], [c for c in conj]
        if self.chance(p):
            e = self.pred(scope)
            sp.append(e.s)
            dp.append(e.d)
        if not sp:
            return "", ""
        return " WHERE " + " AND ".join(sp), " WHERE " + " AND ".join(dp)

    def order_limit(self, outs, force=False):
        """ORDER BY every output column (approximate ones last) [LIMIT]; (spark, duck, ordered)."""
        if not force and self.chance(0.55):
            return "", "", False
        idx = list(range(len(outs)))
        self.r.shuffle(idx)
        idx.sort(key=lambda i: outs[i].approx or outs[i].kind == "dbl")
        parts_s, parts_d = [], []
        for i in idx:
            direction = self.pick(["", " ASC", " DESC"])
            nulls = self.pick(["", " NULLS FIRST", " NULLS LAST"])
            # Spark: NULLs first ascending, last descending; DuckDB: last always → spell it out.
            dn = nulls or (" NULLS LAST" if direction == " DESC" else " NULLS FIRST")
            ref = str(i + 1) if self.chance(0.5) else f"c{i}"
            parts_s.append(f"{ref}{direction}{nulls}")
            parts_d.append(f"{ref}{direction}{dn}")
        s = " ORDER BY " + ", ".join(parts_s)
        dd = " ORDER BY " + ", ".join(parts_d)
        if self.chance(0.7):
            lim = f" LIMIT {self.r.randint(0, 30)}"
            if self.chance(0.2):
                lim += f" OFFSET {self.r.randint(1, 10)}"
            s += lim
            dd += lim
        return s, dd, True

    def select_list(self, outs):
        def duck(e):
            return d("setop_decimal", e)[1] if self.in_setop and e.kind == "dec" else e.d
        return (", ".join(f"{e.s} AS c{i}" for i, e in enumerate(outs)), ", ".join(f"{duck(e)} AS c{i}" for i, e in enumerate(outs)))

    def plain(self, kinds=None, allow_order=True):
        fs, fd, scope, slices, _ = self.from_clause()
        kinds = kinds or [self.pick(sorted(scope.kinds()) + ["dbl", "bool"]) for _ in range(self.r.randint(1, 4))]
        outs = [self.expr(scope, k, 0 if self.chance(0.5) else 1) for k in kinds]
        if self.chance(0.1) and scope.of("dec"):
            # decimal division: medallion's DECIMAL(18,6) (SQL.md), DuckDB's DOUBLE
            a = self.expr(scope, "dec", 1)
            b = self.expr(scope, self.pick(["dec", "int"]), 1)
            if a.mag < 1e9:
                s, dd = d("div_num", a, b)
                outs.append(E(s, dd, "dec", scale=6, approx=True))
        if self.chance(0.08) and allow_order:
            name = self.small_table()
            q = self.alias()
            inner = Scope(self.table_items(name, q))
            kind = self.pick(sorted(inner.kinds()))
            x = col_expr(self.pick(inner.of(kind)))
            f = self.pick(["min", "max", "count"])
            p = self.pred(inner, 1, allow_sub=False)
            outs.append(E(f"(SELECT {f}({x.s}) FROM {name} {q} WHERE {p.s})", f"(SELECT {f}({x.d}) FROM {name} {q} WHERE {p.d})",
                          "int" if f == "count" else kind, scale=x.scale))
        ws, wd = self.where(slices, scope)
        # (not over values DuckDB computes in DOUBLE: rounded to a decimal's scale, two of them may become one)
        distinct = "DISTINCT " if self.chance(0.2) and not any(o.approx for o in outs) else ""
        ss, sd = self.select_list(outs)
        s = f"SELECT {distinct}{ss} FROM {fs}{ws}"
        dd = f"SELECT {distinct}{sd} FROM {fd}{wd}"
        os_, od, ordered = self.order_limit(outs) if allow_order else ("", "", False)
        return s + os_, dd + od, outs, ordered

    def grouped(self, kinds=None, allow_order=True):
        fs, fd, scope, slices, _ = self.from_clause()
        nkeys = self.r.randint(0, 3) if kinds is None else None
        state = {}
        if kinds is None:
            keys = [self.expr(scope, self.pick(sorted(scope.kinds())), 1 if self.chance(0.6) else 0) for _ in range(nkeys)]
            aggs = [self.agg_expr(scope, state, keys) for _ in range(self.r.randint(1, 3))]
        else:
            keys, aggs = [], []
            for k in kinds:
                if self.chance(0.5) or k in ("date", "str"):
                    keys.append(self.expr(scope, k, 1))
                else:
                    for _ in range(20):
                        a = self.aggregate(scope, state)
                        if a.kind == k and not a.approx:
                            break
                    else:
                        a = None
                    if a is None:
                        keys.append(self.expr(scope, k, 1))
                    else:
                        aggs.append(a)
        # a key names a column (DuckDB reads a constant integer key as an ordinal)
        keys = [k for k in keys if COLUMN_REF.search(k.s)]
        outs = keys + aggs
        if kinds is not None:
            # keep the requested kinds in order
            order, ki, ai = [], iter(keys), iter(aggs)
            outs = []
            kl, al = list(keys), list(aggs)
            for k in kinds:
                for lst in (kl, al):
                    m = next((x for x in lst if x.kind == k), None)
                    if m is not None:
                        outs.append(m)
                        lst.remove(m)
                        break
            if len(outs) != len(kinds) or any(not o.agg and not COLUMN_REF.search(o.s) for o in outs):
                return None
            keys = [o for o in outs if not o.agg]
        if kinds is None and keys and self.chance(0.15):
            # a window over the groups: rank by an aggregate, or a running sum of one
            a = self.aggregate(scope, state)
            if a.kind in ("int", "dec") and not a.approx:
                order_s = ", ".join(f"{k.s} {'ASC NULLS FIRST' if i % 2 == 0 else 'DESC NULLS LAST'}" for i, k in enumerate(keys))
                order_d = ", ".join(f"{k.d} {'ASC NULLS FIRST' if i % 2 == 0 else 'DESC NULLS LAST'}" for i, k in enumerate(keys))
                if self.chance(0.5):
                    f = self.pick(["rank", "dense_rank"])
                    outs.append(E(f"{f}() OVER (ORDER BY {a.s} DESC)", f"{f}() OVER (ORDER BY {a.d} DESC NULLS LAST)", "int", agg=True))
                else:
                    outs.append(E(f"sum({a.s}) OVER (ORDER BY {order_s})", f"sum({a.d}) OVER (ORDER BY {order_d})",
                                  a.kind, scale=a.scale, agg=True))
        ws, wd = self.where(slices, scope, 0.5)
        ss, sd = self.select_list(outs)
        s = f"SELECT {ss} FROM {fs}{ws}"
        dd = f"SELECT {sd} FROM {fd}{wd}"
        if keys:
            if self.chance(0.2) and len(keys) <= 2 and kinds is None:
                how = self.pick(["ROLLUP", "ROLLUP", "CUBE", "GROUPING SETS"])
                if how == "GROUPING SETS":
                    sets = [[]] + [[k] for k in keys] + ([keys] if len(keys) == 2 else [])
                    self.r.shuffle(sets)
                    sets = sets[:self.r.randint(1, len(sets))]
                    if any(all(k is not m for g in sets for m in g) for k in keys):
                        sets.append(keys)  # every key in some set, as Spark requires
                    s += " GROUP BY GROUPING SETS (" + ", ".join("(" + ", ".join(k.s for k in g) + ")" for g in sets) + ")"
                    dd += " GROUP BY GROUPING SETS (" + ", ".join("(" + ", ".join(k.d for k in g) + ")" for g in sets) + ")"
                else:
                    s += f" GROUP BY {how}(" + ", ".join(k.s for k in keys) + ")"
                    dd += f" GROUP BY {how}(" + ", ".join(k.d for k in keys) + ")"
            elif self.chance(0.4):
                refs = [str(outs.index(k) + 1) for k in keys]
                s += " GROUP BY " + ", ".join(refs)
                dd += " GROUP BY " + ", ".join(refs)
            else:
                s += " GROUP BY " + ", ".join(k.s for k in keys)
                dd += " GROUP BY " + ", ".join(k.d for k in keys)
        if self.chance(0.35):
            a = self.aggregate(scope, state)
            if not a.approx and a.kind in ("int", "dec", "date", "str"):
                b = self.literal_from(scope, a.kind)
                op = self.pick(["<", ">", ">=", "<>", "="])
                s += f" HAVING {a.s} {op} {b.s}"
                dd += f" HAVING {a.d} {op} {b.d}"
        os_, od, ordered = self.order_limit(outs) if allow_order else ("", "", False)
        return s + os_, dd + od, outs, ordered

    def window(self):
        name = self.any_table()
        qual = self.alias()
        scope = Scope(self.table_items(name, qual))
        slices = [p for p in [self.slice_pred(name, qual)] if p]
        key = [f"{qual}.{k}" for k in self.model[name]["key"]]
        outs = [col_expr(self.pick(scope.items)) for _ in range(self.r.randint(1, 2))]
        cat = [i for i in scope.items if i[1] in ("str", "int", "date")]

        def total_order():
            parts = []
            if self.chance(0.5):
                c = self.pick(cat)
                parts.append((c[0], self.pick(["ASC", "DESC"])))
            parts += [(k, self.pick(["ASC", "DESC"])) for k in key]
            return parts

        def spell(parts):
            s = ", ".join(f"{c} {dr}" for c, dr in parts)
            dd = ", ".join(f"{c} {dr} {'NULLS FIRST' if dr == 'ASC' else 'NULLS LAST'}" for c, dr in parts)
            return s, dd

        for _ in range(self.r.randint(1, 3)):
            part = ""
            if self.chance(0.7):
                p = [self.pick(cat)[0] for _ in range(self.r.randint(1, 2))]
                part = "PARTITION BY " + ", ".join(p) + " "
            c = self.r.randrange(8)
            if c == 0:
                os_, od = spell(total_order())
                outs.append(E(f"row_number() OVER ({part}ORDER BY {os_})", f"row_number() OVER ({part}ORDER BY {od})", "int"))
            elif c == 1:
                col = self.pick(cat)
                os_, od = spell([(col[0], self.pick(["ASC", "DESC"]))])
                f = self.pick(["rank", "dense_rank"])
                outs.append(E(f"{f}() OVER ({part}ORDER BY {os_})", f"{f}() OVER ({part}ORDER BY {od})", "int"))
            elif c == 2:
                os_, od = spell(total_order())
                x = col_expr(self.pick(scope.items))
                f = self.pick(["lag", "lead"])
                n = self.r.randint(1, 3)
                if self.chance(0.4) and x.kind in ("int", "str"):
                    dflt = self.literal_from(scope, x.kind)
                    outs.append(E(f"{f}({x.s}, {n}, {dflt.s}) OVER ({part}ORDER BY {os_})",
                                  f"{f}({x.d}, {n}, {dflt.d}) OVER ({part}ORDER BY {od})", x.kind, scale=x.scale))
                else:
                    a = f"{f}({x.s})" if n == 1 and self.chance(0.5) else f"{f}({x.s}, {n})"
                    ad = f"{f}({x.d})" if a == f"{f}({x.s})" else f"{f}({x.d}, {n})"
                    outs.append(E(f"{a} OVER ({part}ORDER BY {os_})", f"{ad} OVER ({part}ORDER BY {od})", x.kind, scale=x.scale))
            else:
                num = scope.of("int") + scope.of("dec")
                x = col_expr(self.pick(num)) if num else None
                f = self.pick(["sum", "avg", "min", "max", "count"])
                if x is None:
                    x, f = col_expr(self.pick(scope.items)), "count"
                kind, approx, scale = x.kind, False, x.scale
                if f == "count":
                    kind, scale = "int", 0
                if f == "avg":
                    kind, approx = ("dbl", False) if x.kind == "int" else ("dec", True)
                    scale = min(x.scale + 4, 6)
                shape = self.r.randrange(4)
                if shape == 0:
                    over, overd = part.strip(), part.strip()
                elif shape == 1:
                    col = self.pick(cat)
                    os_, od = spell([(col[0], self.pick(["ASC", "DESC"]))])
                    over, overd = f"{part}ORDER BY {os_}", f"{part}ORDER BY {od}"
                else:
                    os_, od = spell(total_order())
                    lo = self.pick(["UNBOUNDED PRECEDING", f"{self.r.randint(0, 3)} PRECEDING", "CURRENT ROW"])
                    hi = self.pick(["CURRENT ROW", f"{self.r.randint(1, 3)} FOLLOWING", "UNBOUNDED FOLLOWING"])
                    frame = f" ROWS BETWEEN {lo} AND {hi}"
                    over, overd = f"{part}ORDER BY {os_}{frame}", f"{part}ORDER BY {od}{frame}"
                outs.append(E(f"{f}({x.s}) OVER ({over})", f"{f}({x.d}) OVER ({overd})", kind, scale=scale, approx=approx))
        ws, wd = self.where(slices, scope, 0.5)
        ss, sd = self.select_list(outs)
        return f"SELECT {ss} FROM {name} {qual}{ws}", f"SELECT {sd} FROM {name} {qual}{wd}", outs, False

    def setop(self):
        kinds = [self.pick(["int", "str", "date", "dec"]) for _ in range(self.r.randint(1, 3))]
        branches = []
        self.in_setop = True
        for _ in range(self.r.randint(2, 3)):
            for _ in range(10):
                b = self.grouped(kinds, allow_order=False) if self.chance(0.4) else self.plain(kinds, allow_order=False)
                if b is not None and [o.kind for o in b[2]] == kinds and not any(o.approx for o in b[2]):
                    break
            else:
                return None
            branches.append(b)
        self.in_setop = False
        s, dd = branches[0][0], branches[0][1]
        for b in branches[1:]:
            op = self.pick(["UNION", "UNION ALL", "INTERSECT", "EXCEPT", "UNION DISTINCT", "INTERSECT DISTINCT", "EXCEPT DISTINCT"])
            if self.chance(0.3):
                s, dd = f"({s}) {op} ({b[0]})", f"({dd}) {op} ({b[1]})"
            else:
                s, dd = f"{s} {op} {b[0]}", f"{dd} {op} {b[1]}"
        outs = [E(f"c{i}", f"c{i}", k) for i, k in enumerate(kinds)]
        if self.chance(0.4):
            os_, od, _ = self.order_limit(outs, force=True)
            return s + os_, dd + od, outs, True
        return s, dd, outs, False

    def cte(self):
        for _ in range(10):
            inner = self.grouped()
            if inner is not None:
                break
        ins, ind, inner_outs, _ = inner
        # the CTE's ORDER BY/LIMIT stays (a LIMIT under a total order is deterministic)
        q = self.alias()
        items = [(f"{q}.c{i}", o.kind, o.scale, o.mag, o.approx or o.kind == "dbl", [], True) for i, o in enumerate(inner_outs)]
        scope = Scope(items)
        outs = []
        for it in items:
            if self.chance(0.6):
                outs.append(col_expr(it))
        kinds = sorted(scope.kinds())
        for _ in range(self.r.randint(0 if outs else 1, 2)):
            if kinds:
                outs.append(self.expr(scope, self.pick(kinds), 1))
            else:
                outs.append(col_expr(self.pick(items)))
        ss, sd = self.select_list(outs)
        ws, wd = self.where([], scope, 0.6) if kinds else ("", "")
        if self.chance(0.4):
            s = f"SELECT {ss} FROM ({ins}) {q}{ws}"
            dd = f"SELECT {sd} FROM ({ind}) {q}{wd}"
        else:
            s = f"WITH {q} AS ({ins}) SELECT {ss} FROM {q}{ws}"
            dd = f"WITH {q} AS ({ind}) SELECT {sd} FROM {q}{wd}"
        os_, od, ordered = self.order_limit(outs)
        return s + os_, dd + od, outs, ordered

    def query(self):
        c = self.r.random()
        if c < 0.28:
            return self.plain()
        if c < 0.58:
            return self.grouped()
        if c < 0.73:
            return self.window()
        if c < 0.88:
            return self.setop()
        return self.cte()


# ---------------------------------------------------------------------------------------
# DuckDB's answers, as the text medallion prints (decimals by value).

def norm_decimal(text):
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def cell(value):
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, decimal.Decimal):
        return norm_decimal(format(value, "f"))
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def mode(e):
    if e.kind == "dbl":
        return "dbl"
    if e.approx:
        return f"dec:{e.scale}"
    return "exact"


def make_case(con, model, seed, n):
    for attempt in range(20):
        g = Gen(model, random.Random(f"{seed}:{n}:{attempt}"))
        q = g.query()
        if q is None:
            continue
        spark, duck, outs, ordered = q
        try:
            rows = con.execute(duck).fetchall()
        except Exception as error:  # the generator's mistake: try again, counted
            sys.stderr.write(f"case {n} attempt {attempt}: DuckDB rejected: {error}\n{duck}\n")
            continue
        if len(rows) > 1500:
            continue
        return dict(case=n, seed=seed, spark=spark, duckdb=duck, ordered=ordered,
                    modes=[mode(o) for o in outs], rows=[[cell(v) for v in r] for r in rows], attempts=attempt + 1)
    raise RuntimeError(f"case {n}: no valid query in 20 attempts")


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "check":
        import deltalake  # noqa: F401
        import duckdb
        print("ok duckdb", duckdb.__version__)
        return
    command, lake, seed = sys.argv[1], sys.argv[2], sys.argv[3]
    con, model = connect(lake)
    if command == "show":
        case = make_case(con, model, seed, int(sys.argv[4]))
        print(json.dumps(case, indent=1))
        return
    count, out = int(sys.argv[4]), sys.argv[5]
    first = sys.argv[6] if len(sys.argv) > 6 else "0"
    numbers = [int(x) for x in first.split(",")] if "," in first else range(int(first), int(first) + count)
    retries = 0
    with open(out, "w") as f:
        for n in numbers:
            case = make_case(con, model, seed, n)
            retries += case["attempts"] - 1
            f.write(json.dumps(case) + "\n")
            f.flush()
    sys.stderr.write(f"{len(numbers)} cases, {retries} regenerated (DuckDB rejected them, or over 1,500 rows)\n")


if __name__ == "__main__":
    main()
