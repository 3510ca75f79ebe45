"""(d) The SportsBar pipeline in PySpark (local mode): one backfill batch over a source folder.

    python spark_pipeline.py --source SRC --out OUT [--include /full_load/] [--threads 2]

Writes OUT/gold/<table>.parquet/ (Spark part-file folders, the six gold tables) and
OUT/report.json (counts). Runs `local[N]` (N = --threads), driver heap --memory (10g).

How Spark does each part:
- Decompression: Spark's own (Hadoop codecs): gzip (single- and multi-member) and zstd
  (single- and multi-frame) are decoded by the text source. Hadoop picks the codec from the
  file *name*, and Rules §1.2 says names are not to be trusted, so every input is handed to
  Spark as a symlink `<tmp>/<file_id>.csv[.gz|.zst]` whose suffix is the codec sniffed from
  the magic bytes (common.sniff_codec). No byte is copied; the symlink name also carries
  the file's input-order rank.
- Physical lines: the text source with `wholetext` (one row per file, so no file is split
  across tasks), then `posexplode(split(value, '\\n'))`: the position is the line number.
  A CR before the LF is dropped; a BOM is dropped from line 1.
- CSV records (quoted newlines, blank lines, unterminated quotes), fields and every rule
  of Rules §3/§4/§8: DataFrame expressions and window functions (ANSI mode stays on; every
  cast that could fail is guarded or a try_cast).
Cost of the exact line numbers: whole files as single rows (one task per file, memory
~ file size), a windowed quote-parity sum over all lines and a regex tokenizer instead of
Spark's native CSV reader.
"""
from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile

from pyspark.sql import DataFrame, SparkSession, Window
from pyspark.sql import functions as F
from pyspark.sql.types import DecimalType

import common as C

col, lit = F.col, F.lit
MONEY = DecimalType(18, 2)
#: java.util.regex recurses once per repetition of a group: possessive forms of the
#: tokenizer patterns keep long quoted fields from overflowing the stack (same language).
FIELD_RE = r',("(?:[^"]++|"")*+"[^,]*+|[^,]*+)'
QUOTED_FIELD_RE = r'^"((?:[^"]++|"")*+)"$'
BAD_QUOTED_FIELD_RE = r'^"(?:[^"]++|"")*+$'


def spark_session(threads: int, memory: str, scratch: str) -> SparkSession:
    spark = (SparkSession.builder.master(f"local[{threads}]").appName("medallion-race")
             .config("spark.driver.memory", memory)
             .config("spark.sql.shuffle.partitions", str(threads * 4))
             .config("spark.sql.adaptive.enabled", "true")
             .config("spark.sql.session.timeZone", "UTC")
             .config("spark.ui.enabled", "false")
             .config("spark.local.dir", scratch)
             .config("spark.driver.extraJavaOptions", "-Xss64m")
             .getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    return spark


# --------------------------------------------------------------------------- CSV


HADOOP_SUFFIX = {"gzip": ".csv.gz", "zstd": ".csv.zst", "none": ".csv"}


def link_inputs(files: list[C.SourceFile], folder: str) -> list[str]:
    """Symlinks named `<file_id><suffix of the sniffed codec>` (see module docstring)."""
    links = []
    for f in files:
        link = os.path.join(folder, f"{f.file_id}{HADOOP_SUFFIX[f.codec]}")
        os.symlink(f.path, link)
        links.append(link)
    return links


def load_lines(spark: SparkSession, files: list[C.SourceFile], folder: str) -> DataFrame:
    """`file_id, line_no, line, odd, seg, forced`: every physical line of every file."""
    if not files:
        return spark.createDataFrame([], "file_id long, line_no long, line string, odd int, seg int, forced boolean")
    texts = (spark.read.text(link_inputs(files, folder), wholetext=True)
             .select(F.regexp_extract(F.input_file_name(), r"/([0-9]+)\.csv[^/]*$", 1).cast("long").alias("file_id"),
                     F.split(col("value"), "\n", -1).alias("lines")))
    lines = texts.select("file_id", F.size("lines").alias("n"), F.posexplode("lines").alias("pos", "line"))
    return (lines
            # the empty text after a final newline is not a line
            .filter(~((col("pos") == col("n") - 1) & (col("line") == "")))
            .withColumn("line", F.regexp_replace(col("line"), "\r$", ""))
            .select("file_id", (col("pos") + 1).alias("line_no"),
                    F.when(col("pos") == 0, F.regexp_replace(col("line"), "^\ufeff", ""))
                    .otherwise(col("line")).alias("line"))
            .withColumn("odd", (F.length("line") - F.length(F.regexp_replace("line", '"', ""))) % 2)
            .withColumn("seg", lit(0))
            .withColumn("forced", lit(False)))


def with_quote_state(lines: DataFrame) -> DataFrame:
    """Adds `open_before`: a quoted field is open when the line starts (quote parity)."""
    before = (Window.partitionBy("file_id", "seg").orderBy("line_no")
              .rowsBetween(Window.unboundedPreceding, -1))
    # Only files with a line of odd quote count need the running sum (fast path for the rest).
    odd_files = F.broadcast(lines.filter(col("odd") == 1).select("file_id").distinct()
                            .withColumn("_odd_file", lit(True)))
    marked = lines.join(odd_files, "file_id", "left")
    even = marked.filter(col("_odd_file").isNull()).drop("_odd_file").withColumn("open_before", lit(0))
    odd = (marked.filter(col("_odd_file")).drop("_odd_file")
           .withColumn("open_before", (F.coalesce(F.sum("odd").over(before), lit(0)) % 2).cast("int")))
    return even.unionByName(odd)


def resolve_unterminated(lines: DataFrame) -> tuple[DataFrame, int]:
    """Rules §8.9: a record still open at the end of its file is malformed; its first line is
    the quarantined record and parsing resumes on the next line."""
    count = 0
    while True:
        state = with_quote_state(lines).persist()
        odd_segments = (state.filter(~col("forced")).groupBy("file_id", "seg")
                        .agg(F.sum("odd").alias("odd")).filter(col("odd") % 2 == 1).select("file_id", "seg"))
        starts = (state.join(odd_segments, ["file_id", "seg"])
                  .filter((col("open_before") == 0) & (col("line") != ""))
                  .groupBy("file_id").agg(F.max("line_no").alias("open_line"))).collect()
        if not starts:
            return state, count
        state.unpersist()
        opened = lines.sparkSession.createDataFrame([(r.file_id, r.open_line) for r in starts],
                                                    "file_id long, open_line long")
        lines = (lines.join(F.broadcast(opened), "file_id", "left")
                 .withColumn("seg", F.when(col("line_no") == col("open_line"), col("seg") + 1)
                             .when(col("line_no") > col("open_line"), col("seg") + 2).otherwise(col("seg")))
                 .withColumn("forced", col("forced") | F.coalesce(col("line_no") == col("open_line"), lit(False)))
                 .drop("open_line")
                 .localCheckpoint())
        count += len(starts)


def build_records(state: DataFrame) -> DataFrame:
    """`file_id, line_no, vals (array of field values), malformed`: the CSV records."""
    s = state.withColumn("is_start", col("forced") | ((col("open_before") == 0) & (col("line") != "")))
    single = (s.filter(col("forced") | (col("is_start") & (col("odd") == 0)))
              .select("file_id", "line_no", col("line").alias("text"), "forced"))
    upto = Window.partitionBy("file_id").orderBy("line_no").rowsBetween(Window.unboundedPreceding, 0)
    multi = (s.filter(~col("forced") & ((col("is_start") & (col("odd") == 1)) | (col("open_before") == 1)))
             .withColumn("start", F.max(F.when(col("is_start"), col("line_no"))).over(upto))
             .groupBy("file_id", "start")
             .agg(F.array_join(F.transform(F.array_sort(F.collect_list(F.struct("line_no", "line"))),
                                           lambda x: x["line"]), "\n").alias("text"))
             .select("file_id", col("start").alias("line_no"), "text", lit(False).alias("forced")))
    quoted = col("text").contains('"')
    raw = F.when(quoted, F.regexp_extract_all(F.concat(lit(","), col("text")), lit(FIELD_RE), 1)) \
        .otherwise(F.split(col("text"), ",", -1))
    unquote = lambda x: F.when(x.startswith('"') & x.rlike(QUOTED_FIELD_RE),
                               F.replace(F.regexp_extract(x, QUOTED_FIELD_RE, 1), lit('""'), lit('"'))).otherwise(x)
    return (single.unionByName(multi)
            .withColumn("raw", raw)
            .select("file_id", "line_no",
                    F.transform(F.when(quoted, F.transform("raw", unquote)).otherwise(col("raw")),
                                lambda x: F.nullif(x, lit(""))).alias("vals"),
                    (col("forced") | (quoted & F.exists("raw", lambda x: x.startswith('"') & x.rlike(BAD_QUOTED_FIELD_RE))))
                    .alias("malformed")))


def bronze(records: DataFrame, table: str, files: list[C.SourceFile], report: C.Report) -> DataFrame:
    """`file_id, _source_line, malformed, <required columns>` of one source table."""
    spark = records.sparkSession
    columns = C.TABLES[table][1]
    by_id = {f.file_id: f for f in files}
    first = Window.partitionBy("file_id").orderBy("line_no")
    headers = (records.filter(col("file_id").isin(list(by_id)))
               .withColumn("k", F.row_number().over(first)).filter(col("k") == 1)
               .select("file_id", "line_no", "vals").collect()) if by_id else []
    layout = []
    for row in headers:
        positions = C.header_positions(row.vals, columns, by_id[row.file_id].rel, report)
        layout.append((row.file_id, row.line_no, len(row.vals), *positions))
    schema = "file_id long, header_line long, n_fields int, " + ", ".join(f"pos_{c} int" for c in columns)
    layout_df = spark.createDataFrame(layout, schema)
    return (records.join(F.broadcast(layout_df), "file_id")
            .filter(col("line_no") > col("header_line"))
            .select("file_id", col("line_no").alias("_source_line"),
                    (col("malformed") | (F.size("vals") != col("n_fields"))).alias("malformed"),
                    *[F.try_element_at("vals", col(f"pos_{c}") + 1).alias(c) for c in columns]))


# --------------------------------------------------------------------------- scalar rules


def is_digits(c):
    return F.coalesce(c.rlike(C.DIGITS_RE), lit(False))


def initcap(c):
    """§3: lower-case, then upper-case the first letter of each space-separated word."""
    words = F.split(F.lower(c), " ", -1)
    return F.array_join(F.transform(words, lambda w: F.concat(F.upper(F.substring(w, 1, 1)),
                                                               F.substring(w, 2, 1 << 30))), " ")


def trim_spaces(c):
    """§8 trim: spaces only, not tabs."""
    return F.regexp_replace(c, "^ +| +$", "")


def map_values(c, mapping: dict[str, str], default=None):
    """`mapping[c]`, else `default` (else NULL): a CASE chain, NULL-safe."""
    expr = None
    for key, value in mapping.items():
        expr = (F.when(c == key, lit(value)) if expr is None else expr.when(c == key, lit(value)))
    return expr.otherwise(default if default is not None else lit(None))


def civil_date(y, m, d):
    """§8: the date when it exists (year 0001-9999), else NULL (CASE guards make_date)."""
    days = (F.when(m.isin(4, 6, 9, 11), 30)
            .when(m == 2, F.when(((y % 4 == 0) & (y % 100 != 0)) | (y % 400 == 0), 29).otherwise(28))
            .otherwise(31))
    valid = (y >= 1) & (m >= 1) & (m <= 12) & (d >= 1) & (d <= days)
    return F.when(valid, F.make_date(y, m, d))


def date_layout(s, layout: tuple[str, str]):
    """One layout of C.*_FORMATS: its regex must match the whole text; the parts then sit at
    fixed positions; the date must exist."""
    pattern, order = layout
    if order == "ymd":
        y, m, d = F.substring(s, 1, 4), F.substring(s, 6, 2), F.substring(s, 9, 2)
    elif order == "dmy":
        y, m, d = F.substring(s, 7, 4), F.substring(s, 4, 2), F.substring(s, 1, 2)
    else:  # `MMMM dd, yyyy`: the name is all before the fixed 9-character tail ` dd, yyyy`
        y, d = F.substring(s, -4, 4), F.substring(s, -8, 2)
        name = F.regexp_extract(s, pattern, 1)
        m = F.array_position(F.array(*[lit(mn.lower()) for mn in C.MONTHS]), F.lower(name))
    date = civil_date(y.cast("int"), m.cast("int"), d.cast("int"))
    return F.when(s.rlike(pattern), date)


#: The layouts' shapes never overlap, so a separator position picks the only layout that
#: can match (whose regex must still match the whole text).
SHAPE = {"ymd/": (5, "/"), "dmy/": (3, "/"), "ymd-": (5, "-"), "dmy-": (3, "-")}


def parse_date(s, layouts):
    chain = None
    for layout in layouts:
        pattern, order = layout
        if order == "Mdy":  # no separator test: the last layout takes the rest
            return chain.otherwise(date_layout(s, layout)) if chain is not None else date_layout(s, layout)
        position, separator = SHAPE[order + pattern[pattern.index("}") + 2]]
        test = F.substring(s, position, 1) == separator
        chain = F.when(test, date_layout(s, layout)) if chain is None else chain.when(test, date_layout(s, layout))
    return chain


def with_whole_number(frame: DataFrame, source: str, target: str) -> DataFrame:
    """§3.4 step 1, §8: `target` = the exact whole value of the number in `source`; NULL when
    it is not a number, has a non-zero fraction, is below 0 or beyond BIGINT."""
    s = col(source)
    part = lambda i: F.regexp_extract(s, C.NUMBER_PARTS_RE, i)
    strip_leading = lambda c: F.regexp_replace(c, "^0+", "")
    frame = (frame
             .withColumn("_n_sign", part(1)).withColumn("_n_frac", part(3)).withColumn("_n_exp", part(4))
             .withColumn("_n_digits", strip_leading(F.concat(part(2), part(3))))
             .withColumn("_n_core", F.regexp_replace("_n_digits", "0+$", ""))
             .withColumn("_n_expabs", strip_leading(F.regexp_replace("_n_exp", "^[+-]", "")))
             .withColumn("_n_power",
                         F.when(F.length("_n_expabs").between(1, 9), col("_n_expabs").cast("long")
                                * F.when(col("_n_exp").startswith("-"), -1).otherwise(1)).otherwise(0)
                         - F.length("_n_frac") + F.length("_n_digits") - F.length("_n_core")))
    general = (F.when(col("_n_digits") == "", lit(0).cast("long"))
               .when((col("_n_sign") == "-") | (F.length("_n_expabs") > 9) | (col("_n_power") < 0)
                     | (F.length("_n_core") + col("_n_power") > 19), lit(None).cast("long"))
               .otherwise(F.rpad("_n_core", (F.length("_n_core") + col("_n_power")).cast("int"), lit("0"))
                          .try_cast("long")))
    fast = F.regexp_extract(s, r"^([0-9]+)", 1).try_cast("long")
    value = F.when(s.rlike(r"^[0-9]+(\.0*)?$"), fast).when(s.rlike(C.NUMBER_RE), general)
    return frame.withColumn(target, value).drop("_n_sign", "_n_frac", "_n_exp", "_n_digits", "_n_core",
                                                "_n_expabs", "_n_power")


def money(s):
    """DECIMAL(18,2) of `[+-]?digits[.digits]` rounded half-up (on the magnitude); NULL when
    it does not fit. Built from exact integer cents."""
    ints = F.regexp_replace(F.regexp_extract(s, r"^[+-]?([0-9]+)", 1), "^0+", "")
    frac = F.regexp_extract(s, r"\.([0-9]+)$", 1)
    cents = F.when(F.length(ints) <= 16,
                   F.concat(ints, F.rpad(F.substring(frac, 1, 2), 2, "0")).cast("long")
                   + F.when(F.substring(frac, 3, 1) >= "5", 1).otherwise(0))
    sign = F.when(s.startswith("-") & (cents > 0), lit("-")).otherwise(lit(""))
    text = F.concat(sign, F.floor(cents / 100).cast("long").cast("string"), lit("."),
                    F.lpad((cents % 100).cast("string"), 2, "0"))
    return F.when(cents < 10**18, text.try_cast(MONEY))


def gross_price_value(s):
    """§3.3 step 2, §8: |value| rounded half-up; not a price or too large -> 0."""
    zero = lit(0).cast(MONEY)
    return F.when(s.rlike(C.GROSS_PRICE_RE), F.coalesce(money(F.regexp_replace(s, "^-", "")), zero)).otherwise(zero)


def first_by(frame: DataFrame, keys: list[str], order: list) -> DataFrame:
    """The first row of each key by `order` (NULL keys are one key, as in DISTINCT)."""
    w = Window.partitionBy(*keys).orderBy(*order)
    return frame.withColumn("_k", F.row_number().over(w)).filter(col("_k") == 1).drop("_k")


INPUT_ORDER = ["file_id", "_source_line"]


# --------------------------------------------------------------------------- silver


def silver_customers(bronze_customers: DataFrame) -> DataFrame:
    """§3.1."""
    typo_fixed = map_values(col("city"), C.CITY_TYPOS, col("city"))
    return (first_by(bronze_customers.filter(~col("malformed")), ["customer_id"], INPUT_ORDER)
            .select("customer_id", initcap(trim_spaces(col("customer_name"))).alias("customer_name"),
                    F.coalesce(F.when(typo_fixed.isin(*C.ALLOWED_CITIES), typo_fixed),
                               map_values(col("customer_id"), C.CITY_FIXES)).alias("city"),
                    "file_id", "_source_line"))


def silver_products(bronze_products: DataFrame) -> DataFrame:
    """§3.2."""
    fixed = (first_by(bronze_products.filter(~col("malformed")), ["product_id"], INPUT_ORDER)
             .withColumn("product", F.regexp_replace("product_name", "(?i)protien", "Protein"))
             .withColumn("category", F.regexp_replace(initcap(col("category")), "(?i)protien", "Protein")))
    return fixed.select(
        F.sha2(col("product"), 256).alias("product_code"),
        F.when(is_digits(col("product_id")), col("product_id")).otherwise(lit(C.INVALID_ID)).alias("product_id"),
        map_values(col("category"), C.DIVISIONS, lit(C.OTHER_DIVISION)).alias("division"),
        "category", "product",
        F.when(col("product").isNotNull(), F.regexp_extract("product", r"\(([^)]*)\)", 1)).alias("variant"),
        "file_id", "_source_line")


def product_lookup(products: DataFrame) -> DataFrame:
    """§8: the first silver product row of each product_id."""
    return first_by(products, ["product_id"], INPUT_ORDER).select("product_id", "product_code")


def silver_gross_price(bronze_gp: DataFrame, lookup: DataFrame) -> DataFrame:
    """§3.3 (dropped: `unparseable_date`, then `unknown_product`)."""
    return (bronze_gp.filter(~col("malformed"))
            .select("product_id", "file_id", "_source_line",
                    parse_date(col("month"), C.GROSS_PRICE_DATE_FORMATS).alias("month"),
                    gross_price_value(col("gross_price")).alias("gross_price"))
            .filter(col("month").isNotNull())
            .join(F.broadcast(lookup), "product_id")
            .select("product_code", "product_id", "month", "gross_price", "file_id", "_source_line"))


def orders_steps(bronze_orders: DataFrame, lookup: DataFrame) -> DataFrame:
    """§3.4 steps 1-5: every order row with its quarantine reason (NULL = silver)."""
    stripped = F.regexp_replace(col("order_placement_date"), C.WEEKDAY_RE, "")
    typed = (with_whole_number(bronze_orders, "order_qty", "qty")
             .withColumn("raw_customer_ok", is_digits(col("customer_id")))
             .withColumn("customer_id", F.when(col("raw_customer_ok"), col("customer_id")).otherwise(lit(C.INVALID_ID)))
             .withColumn("order_date", parse_date(stripped, C.ORDER_DATE_FORMATS)))
    reason = (F.when(col("malformed"), lit("malformed_row"))
              .when(col("order_qty").isNull(), lit("missing_quantity"))
              .when(col("qty").isNull(), lit("invalid_quantity"))
              .when(col("order_date").isNull(), lit("unparseable_date")))
    dedup = Window.partitionBy(col("reason").isNull(), "order_id", "order_date", "customer_id", "product_id", "qty") \
        .orderBy(*INPUT_ORDER)
    return (typed.withColumn("reason", reason)
            .withColumn("k", F.row_number().over(dedup))
            .join(F.broadcast(lookup.withColumn("_hit", lit(True))), "product_id", "left")
            .select("file_id", "_source_line", "order_id", "order_date", "customer_id", "product_id",
                    "product_code", col("qty").alias("order_qty"),
                    F.when(col("reason").isNotNull(), col("reason"))
                    .when(col("k") > 1, lit("duplicate"))
                    .when(col("_hit").isNull(), lit("unknown_product")).alias("reason"),
                    (~col("malformed") & col("order_qty").isNotNull() & col("qty").isNotNull()
                     & ~col("raw_customer_ok")).alias("customer_repaired")))


# --------------------------------------------------------------------------- parent tables


def parent_typed(bronze_parent: DataFrame, table: str) -> DataFrame:
    """§3.5: the table typed, with `type_ok` (False: quarantine `type_mismatch`)."""
    types = C.PARENT_TYPES[table]
    converters = {
        "int": lambda c: F.when(col(c).rlike(C.PARENT_INT_RE), col(c).try_cast("int")),
        "bigint": lambda c: F.when(col(c).rlike(C.PARENT_INT_RE), col(c).try_cast("long")),
        "decimal": lambda c: F.when(col(c).rlike(C.PARENT_DECIMAL_RE), money(col(c))),
        "date": lambda c: date_layout(col(c), C.DATE_YMD_DASH),
    }
    typed = {c: converters[t](c) for c, t in types.items()}
    ok = lit(True)
    for c in types:
        ok = ok & (col(c).isNull() | typed[c].isNotNull())
    columns = C.TABLES[table][1]
    return (bronze_parent.filter(~col("malformed"))
            .select(*[typed[c].alias(c) if c in typed else col(c) for c in columns],
                    "file_id", "_source_line", ok.alias("type_ok")))


# --------------------------------------------------------------------------- gold


def keyed_union(child: DataFrame, parent: DataFrame, keys: list[str], columns: list[str]) -> DataFrame:
    """§8 key collisions: child rows overwrite parent rows; among child rows the first in input
    order wins; among parent rows the last wins."""
    child_part = child.select(*columns, lit(0).alias("prio"), col("file_id").alias("o1"),
                              col("_source_line").alias("o2"))
    parent_part = parent.filter(col("type_ok")).select(*columns, lit(1).alias("prio"),
                                                       (-col("file_id")).alias("o1"), (-col("_source_line")).alias("o2"))
    return first_by(child_part.unionByName(parent_part), keys, ["prio", "o1", "o2"]).select(*columns)


def gold(customers, products, gross_price, orders, parents) -> dict[str, DataFrame]:
    unknown = lit(C.UNKNOWN_CITY)
    child_customers = customers.select(
        col("customer_id").alias("customer_code"),
        F.when(col("customer_name").isNull(), F.coalesce(col("city"), unknown))
        .otherwise(F.concat(col("customer_name"), lit("-"), F.coalesce(col("city"), unknown))).alias("customer"),
        lit(C.CHILD_MARKET).alias("market"), lit(C.CHILD_PLATFORM).alias("platform"),
        lit(C.CHILD_CHANNEL).alias("channel"), "file_id", "_source_line")
    out = {"dim_customers": keyed_union(child_customers, parents["parent_dim_customers"], ["customer_code"],
                                        ["customer_code", "customer", "market", "platform", "channel"])}
    out["dim_products"] = keyed_union(products, parents["parent_dim_products"], ["product_code"],
                                      ["product_code", "division", "category", "product", "variant"])
    # Child yearly prices: non-zero price first, then the latest month, then the first row.
    yearly = (first_by(gross_price.withColumn("year", F.year("month")), ["product_code", "year"],
                       [(col("gross_price") != 0).desc(), col("month").desc(), *INPUT_ORDER])
              .select("product_code", col("gross_price").alias("price_inr"), "year", "file_id", "_source_line"))
    out["child_yearly_prices"] = yearly
    out["dim_gross_price"] = keyed_union(yearly, parents["parent_dim_gross_price"], ["product_code", "year"],
                                         ["product_code", "price_inr", "year"])
    monthly = (orders.filter(col("reason").isNull())
               .groupBy(F.trunc("order_date", "month").alias("date"), "product_code",
                        col("customer_id").alias("customer_code"))
               .agg(F.sum("order_qty").cast("long").alias("sold_quantity"))
               .withColumn("file_id", lit(0)).withColumn("_source_line", lit(0)))
    out["child_monthly"] = monthly
    fact_cols = ["date", "product_code", "customer_code", "sold_quantity"]
    fact = keyed_union(monthly, parents["parent_fact_orders"], fact_cols[:3], fact_cols).persist()
    out["fact_orders"] = fact
    dim_date = (fact.select(F.trunc("date", "month").alias("m")).agg(F.min("m").alias("lo"), F.max("m").alias("hi"))
                .filter(col("lo").isNotNull())
                .select(F.explode(F.sequence("lo", "hi", F.expr("INTERVAL 1 MONTH"))).alias("month_start_date"))
                .select("month_start_date",
                        (F.year("month_start_date") * 100 + F.month("month_start_date")).cast("int").alias("date_key"),
                        F.year("month_start_date").alias("year"),
                        F.date_format("month_start_date", "MMMM").alias("month_name"),
                        F.date_format("month_start_date", "MMM").alias("month_short_name"),
                        F.concat(lit("Q"), F.quarter("month_start_date")).alias("quarter"),
                        F.concat(F.year("month_start_date"), lit("-Q"), F.quarter("month_start_date"))
                        .alias("year_quarter"))).persist()
    out["dim_date"] = dim_date
    gp = out["dim_gross_price"].withColumnRenamed("year", "_gp_year")
    out["fact_orders_enriched"] = (
        fact.withColumn("_month", F.trunc("date", "month")).withColumn("_year", F.year("date"))
        .join(F.broadcast(dim_date), col("_month") == col("month_start_date"), "left")
        .join(F.broadcast(out["dim_customers"]), "customer_code", "left")
        .join(F.broadcast(out["dim_products"]), "product_code", "left")
        .join(F.broadcast(gp), (fact["product_code"] == gp["product_code"]) & (col("_year") == col("_gp_year")), "left")
        .select(fact["date"], fact["product_code"], "customer_code", "date_key", "year", "month_name",
                "month_short_name", "quarter", "year_quarter", "customer", "market", "platform", "channel",
                "division", "category", "product", "variant", "sold_quantity", "price_inr",
                (col("sold_quantity") * col("price_inr")).try_cast(MONEY).alias("total_amount_inr")))
    return out


# --------------------------------------------------------------------------- main


def count_report(report: C.Report, bronzes, customers, products, gross_price, orders, parents, gold_tables) -> None:
    counts = report.counts
    for table, frame in bronzes.items():
        row = frame.agg(F.count(lit(1)).alias("n"), F.sum(col("malformed").cast("int")).alias("bad")).first()
        counts[f"{table}_read"], counts[f"{table}_malformed_row"] = row.n, int(row.bad or 0)
    stats = orders.groupBy("reason").agg(
        F.count(lit(1)).alias("n"),
        F.sum(F.when(col("customer_id") == C.INVALID_ID, 1).otherwise(0)).alias("n999999"),
        F.sum(col("customer_repaired").cast("int")).alias("repaired")).collect()
    counts["orders_customer_repaired"] = int(sum(r.repaired or 0 for r in stats))
    for r in stats:
        if r.reason is None:
            counts["orders_silver"], counts["orders_silver_999999"] = r.n, int(r.n999999)
        else:
            counts[f"orders_{r.reason}"] = r.n
    monthly = gold_tables["child_monthly"].agg(F.count(lit(1)).alias("n"), F.sum("sold_quantity").alias("s"),
                                               F.min("date").alias("lo"), F.max("date").alias("hi")).first()
    counts["child_monthly_rows"], counts["child_monthly_sum"] = monthly.n, int(monthly.s or 0)
    counts["child_monthly_months"] = f"{monthly.lo:%Y-%m}..{monthly.hi:%Y-%m}" if monthly.lo else None
    counts["silver_customers"], counts["silver_products"] = customers.count(), products.count()
    counts["silver_gross_price"] = gross_price.count()
    counts["child_yearly_prices"] = gold_tables["child_yearly_prices"].count()
    for table, frame in parents.items():
        counts[f"{table}_type_mismatch"] = frame.filter(~col("type_ok")).count()
    for table in C.GOLD_TABLES:
        counts[f"gold_{table}"] = gold_tables[table].count()
    counts["gold_fact_orders_999999"] = gold_tables["fact_orders"].filter(col("customer_code") == C.INVALID_ID).count()


def arguments() -> argparse.Namespace:
    # The shared peer options, plus the driver heap (local mode: the whole engine).
    memory = "10g"
    if "--memory" in sys.argv:
        i = sys.argv.index("--memory")
        memory = sys.argv[i + 1]
        del sys.argv[i:i + 2]
    args = C.peer_arguments("PySpark")
    args.memory = memory
    return args


def main() -> int:
    args = arguments()
    report = C.Report("spark", args.out)
    found = C.discover(args.source, args.include)
    scratch = tempfile.mkdtemp(prefix="spark-race-", dir=os.path.abspath(args.out) if os.path.isdir(args.out) else None)
    try:
        spark = spark_session(args.threads, args.memory, os.path.join(scratch, "local"))
        report.stage("start")
        os.makedirs(os.path.join(scratch, "links"))
        lines = load_lines(spark, C.all_files(found), os.path.join(scratch, "links")).localCheckpoint()
        report.stage("read lines")
        state, report.counts["unterminated_quotes"] = resolve_unterminated(lines)
        records = build_records(state).localCheckpoint()
        state.unpersist()
        report.stage("csv records")
        bronzes = {table: bronze(records, table, files, report) for table, files in found.items()}
        parents = {table: parent_typed(bronzes[table], table).persist() for table in C.PARENT_TYPES}
        customers = silver_customers(bronzes["customers"]).persist()
        products = silver_products(bronzes["products"]).persist()
        lookup = product_lookup(products).persist()
        gross_price = silver_gross_price(bronzes["gross_price"], lookup).persist()
        orders = orders_steps(bronzes["orders"], lookup).persist()
        gold_tables = gold(customers, products, gross_price, orders, parents)
        folder = C.gold_dir(args.out)
        for table in C.GOLD_TABLES:
            gold_tables[table].write.mode("overwrite").option("compression", "zstd") \
                .parquet(os.path.join(folder, table + ".parquet"))
        report.stage("silver+gold+write")
        count_report(report, bronzes, customers, products, gross_price, orders, parents, gold_tables)
        report.stage("counts")
        report.write()
        spark.stop()
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
