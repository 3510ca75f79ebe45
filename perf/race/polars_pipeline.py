"""(c) The SportsBar pipeline in Polars: one backfill batch over a source folder.

    POLARS_MAX_THREADS=2 python polars_pipeline.py --source SRC --out OUT [--include /full_load/]

Writes OUT/gold/<table>.parquet (the six gold tables) and OUT/report.json (counts).

How Polars does each part:
- Decompression: Polars' own. `pl.scan_lines` sniffs gzip (single- and multi-member) and
  zstd (single- and multi-frame) from the bytes and decompresses them itself (into memory,
  one file at a time), so the codec from common.sniff_codec is not needed here.
- Physical lines: `pl.scan_lines(..., row_index_name=…, include_file_paths=…)` gives every
  physical line (LF or CRLF ended, the CR dropped) in order, so the 1-based line number is
  the row index minus the file's first row index, plus one.
- CSV records (quoted newlines, blank lines, unterminated quotes), fields and every rule
  of Rules §3/§4/§8: Polars expressions, lazy where the plan is long (orders).
- The one rule Polars has no expression for is SHA-256 (product_code): it runs as
  `map_elements(hashlib.sha256)` on the products table (tens of rows).
Cost of the exact line numbers: a running quote-parity sum over all physical lines and a
regex tokenizer instead of Polars' native CSV reader.
"""
from __future__ import annotations

import hashlib
import os
import sys

import polars as pl

import common as C

col, lit = pl.col, pl.lit


# --------------------------------------------------------------------------- CSV


def load_lines(files: list[C.SourceFile]) -> pl.DataFrame:
    """`file_id, line_no, line, odd, seg, forced`: every physical line of every file."""
    ids = pl.DataFrame({"path": [f.path for f in files], "file_id": [f.file_id for f in files]},
                       schema={"path": pl.String, "file_id": pl.Int64})
    if not files:
        return pl.DataFrame(schema={"file_id": pl.Int64, "line_no": pl.Int64, "line": pl.String,
                                    "odd": pl.Int64, "seg": pl.Int64, "forced": pl.Boolean})
    lines = (pl.scan_lines([f.path for f in files], name="line", row_index_name="idx",
                           include_file_paths="path")
             .with_columns(line_no=(col("idx") - col("idx").min().over("path") + 1).cast(pl.Int64))
             .join(ids.lazy(), on="path")
             .select("file_id", "line_no",
                     line=pl.when(col("line_no") == 1).then(col("line").str.strip_prefix("\ufeff"))
                     .otherwise(col("line")).fill_null(""))
             .with_columns(odd=col("line").str.count_matches('"', literal=True) % 2,
                           seg=lit(0, pl.Int64), forced=lit(False))
             .sort("file_id", "line_no"))
    return lines.collect()


def with_quote_state(lines: pl.DataFrame) -> pl.DataFrame:
    """Adds `open_before`: a quoted field is open when the line starts (quote parity)."""
    return lines.with_columns(
        open_before=((col("odd").cum_sum() - col("odd")).over("file_id", "seg")) % 2)


def resolve_unterminated(lines: pl.DataFrame) -> tuple[pl.DataFrame, int]:
    """Rules §8.9: a record still open at the end of its file is malformed; its first line is
    the quarantined record and parsing resumes on the next line."""
    count = 0
    while True:
        state = with_quote_state(lines)
        odd_segments = (state.filter(~col("forced")).group_by("file_id", "seg")
                        .agg(col("odd").sum()).filter(col("odd") % 2 == 1).select("file_id", "seg"))
        if odd_segments.height == 0:
            return state, count
        starts = (state.join(odd_segments, on=["file_id", "seg"])
                  .filter((col("open_before") == 0) & (col("line") != ""))
                  .group_by("file_id").agg(open_line=col("line_no").max()))
        lines = (lines.join(starts, on="file_id", how="left")
                 .with_columns(
                     seg=pl.when(col("line_no") == col("open_line")).then(col("seg") + 1)
                     .when(col("line_no") > col("open_line")).then(col("seg") + 2).otherwise(col("seg")),
                     forced=col("forced") | (col("line_no") == col("open_line")).fill_null(False))
                 .drop("open_line"))
        count += starts.height


def build_records(state: pl.DataFrame) -> pl.DataFrame:
    """`file_id, line_no, vals (list of field values), malformed`: the CSV records."""
    s = state.lazy().with_columns(is_start=col("forced") | ((col("open_before") == 0) & (col("line") != "")))
    single = (s.filter(col("forced") | (col("is_start") & (col("odd") == 0)))
              .select("file_id", "line_no", text=col("line"), forced=col("forced")))
    multi = (s.filter(~col("forced") & ((col("is_start") & (col("odd") == 1)) | (col("open_before") == 1)))
             .with_columns(start=pl.when(col("is_start")).then(col("line_no")).forward_fill().over("file_id"))
             .group_by("file_id", "start", maintain_order=True)
             .agg(text=col("line").str.join("\n"))
             .select("file_id", line_no=col("start"), text=col("text"), forced=lit(False)))
    element = pl.element()
    quoted = col("text").str.contains('"', literal=True)
    raw = (pl.when(quoted)
           .then((lit(",") + col("text")).str.extract_all(C.FIELD_RE).list.eval(element.str.slice(1)))
           .otherwise(col("text").str.split(",")))
    # `^"((?:[^"]|"")*)"$` and `^"(?:[^"]|"")*$` without a regex: once every `""` pair is
    # removed (left to right, as the regex pairs them), no quote may be left.
    inner = element.str.slice(1, element.str.len_chars() - 2)
    no_lone_quote = lambda e: ~e.str.replace_all('""', "", literal=True).str.contains('"', literal=True)
    is_quoted = (element.str.starts_with('"') & element.str.ends_with('"') & (element.str.len_chars() >= 2)
                 & no_lone_quote(inner))
    unquote = pl.when(is_quoted).then(inner.str.replace_all('""', '"', literal=True)).otherwise(element)
    unclosed = element.str.starts_with('"') & no_lone_quote(element.str.slice(1))
    return (pl.concat([single, multi])
            .with_columns(raw=raw)
            .select("file_id", "line_no",
                    vals=pl.when(quoted).then(col("raw").list.eval(unquote)).otherwise(col("raw"))
                    .list.eval(pl.when(element == "").then(None).otherwise(element)),
                    malformed=col("forced") | (quoted & col("raw").list.eval(unclosed).list.any()))
            .sort("file_id", "line_no")
            .collect())


def bronze(records: pl.DataFrame, table: str, files: list[C.SourceFile],
           report: C.Report) -> pl.LazyFrame:
    """`file_id, _source_line, malformed, <required columns>` of one source table."""
    columns = C.TABLES[table][1]
    by_id = {f.file_id: f for f in files}
    headers = (records.filter(col("file_id").is_in(list(by_id)))
               .group_by("file_id").agg(col("line_no").first(), col("vals").first()))
    layout = []
    for file_id, header_line, names in headers.iter_rows():
        positions = C.header_positions(names, columns, by_id[file_id].rel, report)
        layout.append({"file_id": file_id, "header_line": header_line, "n_fields": len(names),
                       **{f"pos_{c}": p for c, p in zip(columns, positions)}})
    schema = {"file_id": pl.Int64, "header_line": pl.Int64, "n_fields": pl.Int64,
              **{f"pos_{c}": pl.Int64 for c in columns}}
    layout_df = pl.DataFrame(layout, schema=schema)
    return (records.lazy().join(layout_df.lazy(), on="file_id")
            .filter(col("line_no") > col("header_line"))
            .select("file_id", _source_line=col("line_no"),
                    malformed=col("malformed") | (col("vals").list.len() != col("n_fields")),
                    **{c: col("vals").list.get(col(f"pos_{c}"), null_on_oob=True) for c in columns}))


# --------------------------------------------------------------------------- scalar rules


def is_digits(e: pl.Expr) -> pl.Expr:
    return e.str.contains(C.DIGITS_RE).fill_null(False)


def initcap(e: pl.Expr) -> pl.Expr:
    """§3: lower-case, then upper-case the first letter of each space-separated word."""
    w = pl.element()
    return (e.str.to_lowercase().str.split(" ")
            .list.eval(w.str.slice(0, 1).str.to_uppercase() + w.str.slice(1)).list.join(" "))


def civil_date(y: pl.Expr, m: pl.Expr, d: pl.Expr) -> pl.Expr:
    """§8: the date when it exists (year 0001-9999), else NULL. The date is built from
    clamped parts (so that no row can fail) and kept only where the parts are valid."""
    days = (pl.when(m.is_in([4, 6, 9, 11])).then(30)
            .when(m == 2).then(pl.when(((y % 4 == 0) & (y % 100 != 0)) | (y % 400 == 0)).then(29).otherwise(28))
            .otherwise(31))
    valid = (y >= 1) & (y <= 9999) & (m >= 1) & (m <= 12) & (d >= 1) & (d <= days)
    built = pl.date(y.clip(1, 9999), m.clip(1, 12), 1) + pl.duration(days=d.clip(1, 31) - 1)
    return pl.when(valid).then(built)


def parse_date(s: pl.Expr, layouts) -> pl.Expr:
    """The first layout (of C.*_FORMATS) whose regex matches the whole text, then the date
    must exist. The parts sit at fixed positions once the layout's regex matched."""
    months = {m.lower(): i + 1 for i, m in enumerate(C.MONTHS)}
    positions = {  # layout order -> (year, month, day) text of the matched string
        "ymd": lambda: (s.str.slice(0, 4), s.str.slice(5, 2), s.str.slice(8, 2)),
        "dmy": lambda: (s.str.slice(6, 4), s.str.slice(3, 2), s.str.slice(0, 2)),
        "Mdy": lambda: (s.str.slice(-4, 4),
                        s.str.slice(0, s.str.len_chars() - 9).str.to_lowercase()
                        .replace_strict(months, default=None, return_dtype=pl.Int32),
                        s.str.slice(-8, 2)),
    }
    y = m = d = None
    for pattern, order in layouts:
        matches = s.str.contains(pattern)
        py, pm, pd = positions[order]()
        y = (pl.when(matches) if y is None else y.when(matches)).then(py.cast(pl.Int32, strict=False))
        m = (pl.when(matches) if m is None else m.when(matches)).then(pm.cast(pl.Int32, strict=False))
        d = (pl.when(matches) if d is None else d.when(matches)).then(pd.cast(pl.Int32, strict=False))
    return civil_date(y, m, d)


def whole_number(s: pl.Expr) -> pl.Expr:
    """§3.4 step 1, §8: the exact whole value of a number; NULL when it is not a number,
    has a non-zero fraction, is below 0 or beyond BIGINT. Never through floating point."""
    fast = s.str.extract(r"^([0-9]+)(?:\.0*)?$", 1).cast(pl.Int64, strict=False)
    part = lambda i: s.str.extract(C.NUMBER_PARTS_RE, i).fill_null("")
    sign, ints, frac, exp = part(1), part(2), part(3), part(4)
    digits = (ints + frac).str.strip_chars_start("0")
    core = digits.str.strip_chars_end("0")
    exp_abs = exp.str.replace(r"^[+-]", "").str.strip_chars_start("0")
    exp_big = exp_abs.str.len_chars() > 9
    exp_val = (pl.when(exp_abs == "").then(0).otherwise(exp_abs.cast(pl.Int64, strict=False))
               * pl.when(exp.str.starts_with("-")).then(-1).otherwise(1))
    power = exp_val - frac.str.len_chars() + digits.str.len_chars() - core.str.len_chars()
    general = (pl.when(digits == "").then(lit(0, pl.Int64))
               .when((sign == "-") | exp_big | (power < 0) | (core.str.len_chars() + power > 19)).then(None)
               .otherwise((core + lit("0" * 19).str.slice(0, power.clip(0, 19))).cast(pl.Int64, strict=False)))
    return (pl.when(s.str.contains(r"^[0-9]+(\.0*)?$")).then(fast)
            .when(s.str.contains(C.NUMBER_RE)).then(general))


def money(s: pl.Expr) -> pl.Expr:
    """DECIMAL(18,2) of `[+-]?digits[.digits]` rounded half-up (on the magnitude); NULL when
    it does not fit. Built from exact integer cents."""
    ints = s.str.extract(r"^[+-]?([0-9]+)", 1).str.strip_chars_start("0")
    frac = s.str.extract(r"\.([0-9]+)$", 1).fill_null("")
    cents = pl.when(ints.str.len_chars() <= 16).then(
        (ints + frac.str.slice(0, 2).str.pad_end(2, "0")).cast(pl.Int64)
        + (frac.str.slice(2, 1) >= "5").cast(pl.Int64))
    sign = pl.when(s.str.starts_with("-") & (cents > 0)).then(lit("-")).otherwise(lit(""))
    text = pl.concat_str([sign, (cents // 100).cast(pl.String), lit("."),
                          (cents % 100).cast(pl.String).str.zfill(2)])
    return pl.when(cents < 10**18).then(text.cast(pl.Decimal(18, 2), strict=False))


def gross_price_value(s: pl.Expr) -> pl.Expr:
    """§3.3 step 2, §8: |value| rounded half-up; not a price or too large -> 0."""
    zero = lit(0).cast(pl.Decimal(18, 2))
    return (pl.when(s.str.contains(C.GROSS_PRICE_RE))
            .then(pl.coalesce([money(s.str.strip_prefix("-")), zero])).otherwise(zero))


def map_values(e: pl.Expr, mapping: dict[str, str], default: pl.Expr | None = None) -> pl.Expr:
    """`mapping[e]`, else `default` (else NULL). NULL-safe."""
    mapped = e.replace_strict(mapping, default=None, return_dtype=pl.String)
    return mapped if default is None else pl.coalesce([mapped, default])


def first_by_key(frame: pl.LazyFrame, keys: list[str]) -> pl.LazyFrame:
    """The first row of each key, in the frame's order (NULL keys are one key, as in DISTINCT)."""
    return frame.filter(pl.struct(keys).is_first_distinct())


# --------------------------------------------------------------------------- silver


def silver_customers(bronze_customers: pl.LazyFrame) -> pl.DataFrame:
    """§3.1."""
    typo_fixed = map_values(col("city"), C.CITY_TYPOS, col("city"))
    return (first_by_key(bronze_customers.filter(~col("malformed")).sort("file_id", "_source_line"),
                         ["customer_id"])
            .select("customer_id",
                    customer_name=initcap(col("customer_name").str.strip_chars(" ")),
                    city=pl.coalesce([pl.when(typo_fixed.is_in(C.ALLOWED_CITIES)).then(typo_fixed),
                                      map_values(col("customer_id"), C.CITY_FIXES)]),
                    file_id=col("file_id"), _source_line=col("_source_line"))
            .collect())


def silver_products(bronze_products: pl.LazyFrame) -> pl.DataFrame:
    """§3.2."""
    fixed = first_by_key(bronze_products.filter(~col("malformed")).sort("file_id", "_source_line"),
                         ["product_id"]).with_columns(
        product=col("product_name").str.replace_all("(?i)protien", "Protein"),
        category=initcap(col("category")).str.replace_all("(?i)protien", "Protein")).collect()
    return fixed.select(
        # SHA-256 has no Polars expression: hashlib on this tiny table.
        product_code=col("product").map_elements(lambda s: hashlib.sha256(s.encode()).hexdigest(),
                                                 return_dtype=pl.String),
        product_id=pl.when(is_digits(col("product_id"))).then(col("product_id")).otherwise(lit(C.INVALID_ID)),
        division=map_values(col("category"), C.DIVISIONS, lit(C.OTHER_DIVISION)),
        category=col("category"), product=col("product"),
        variant=pl.when(col("product").is_not_null())
        .then(col("product").str.extract(r"\(([^)]*)\)", 1).fill_null("")),
        file_id=col("file_id"), _source_line=col("_source_line"))


def product_lookup(products: pl.DataFrame) -> pl.DataFrame:
    """§8: the first silver product row of each product_id."""
    return first_by_key(products.lazy(), ["product_id"]).select("product_id", "product_code").collect()


def silver_gross_price(bronze_gp: pl.LazyFrame, lookup: pl.DataFrame) -> pl.DataFrame:
    """§3.3 (dropped: `unparseable_date`, then `unknown_product`)."""
    return (bronze_gp.filter(~col("malformed"))
            .select("product_id", "file_id", "_source_line",
                    month=parse_date(col("month"), C.GROSS_PRICE_DATE_FORMATS),
                    gross_price=gross_price_value(col("gross_price")))
            .filter(col("month").is_not_null())
            .join(lookup.lazy(), on="product_id", how="inner")
            .sort("file_id", "_source_line")
            .select("product_code", "product_id", "month", "gross_price", "file_id", "_source_line")
            .collect())


def orders_steps(bronze_orders: pl.LazyFrame, lookup: pl.DataFrame) -> pl.DataFrame:
    """§3.4 steps 1-5: every order row with its quarantine reason (NULL = silver)."""
    stripped = col("order_placement_date").str.replace(C.WEEKDAY_RE, "")
    typed = bronze_orders.select(
        "file_id", "_source_line", "malformed", "order_id", "product_id", "order_qty",
        qty=whole_number(col("order_qty")),
        customer_id=pl.when(is_digits(col("customer_id"))).then(col("customer_id")).otherwise(lit(C.INVALID_ID)),
        raw_customer_ok=is_digits(col("customer_id")),
        order_date=parse_date(stripped, C.ORDER_DATE_FORMATS))
    reason = (pl.when(col("malformed")).then(lit("malformed_row"))
              .when(col("order_qty").is_null()).then(lit("missing_quantity"))
              .when(col("qty").is_null()).then(lit("invalid_quantity"))
              .when(col("order_date").is_null()).then(lit("unparseable_date")))
    dedup_key = ["order_id", "order_date", "customer_id", "product_id", "qty"]
    return (typed.with_columns(reason=reason)
            .sort("file_id", "_source_line")
            .with_columns(first=pl.struct(dedup_key).is_first_distinct().over(col("reason").is_null()))
            .join(lookup.lazy().with_columns(_hit=lit(True)), on="product_id", how="left")
            .with_columns(
                customer_repaired=~col("malformed") & col("order_qty").is_not_null() & col("qty").is_not_null()
                & ~col("raw_customer_ok"),
                reason=pl.when(col("reason").is_not_null()).then(col("reason"))
                .when(~col("first")).then(lit("duplicate"))
                .when(col("_hit").is_null()).then(lit("unknown_product")))
            .select("file_id", "_source_line", "order_id", "order_date", "customer_id", "product_id",
                    "product_code", order_qty=col("qty"), reason=col("reason"),
                    customer_repaired=col("customer_repaired"))
            .collect())


# --------------------------------------------------------------------------- parent tables


def parent_typed(bronze_parent: pl.LazyFrame, table: str) -> pl.DataFrame:
    """§3.5: the table typed, with `type_ok` (False: quarantine `type_mismatch`)."""
    types = C.PARENT_TYPES[table]
    converters = {
        "int": lambda c: pl.when(col(c).str.contains(C.PARENT_INT_RE))
        .then(col(c).str.strip_prefix("+").cast(pl.Int32, strict=False)),
        "bigint": lambda c: pl.when(col(c).str.contains(C.PARENT_INT_RE))
        .then(col(c).str.strip_prefix("+").cast(pl.Int64, strict=False)),
        "decimal": lambda c: pl.when(col(c).str.contains(C.PARENT_DECIMAL_RE)).then(money(col(c))),
        "date": lambda c: parse_date(col(c), [C.DATE_YMD_DASH]),
    }
    typed = {c: converters[t](c).alias(c) for c, t in types.items()}
    ok = pl.all_horizontal([col(c).is_null() | typed[c].is_not_null() for c in types] or [lit(True)])
    columns = C.TABLES[table][1]
    return (bronze_parent.filter(~col("malformed"))
            .select(*[typed.get(c, col(c)) for c in columns], "file_id", "_source_line", type_ok=ok)
            .collect())


# --------------------------------------------------------------------------- gold


def keyed_union(child: pl.DataFrame, parent: pl.DataFrame, keys: list[str], columns: list[str]) -> pl.DataFrame:
    """§8 key collisions: child rows overwrite parent rows; among child rows the first in input
    order wins; among parent rows the last wins."""
    child_part = child.lazy().select(*columns, prio=lit(0), o1=col("file_id"), o2=col("_source_line"))
    parent_part = (parent.lazy().filter(col("type_ok"))
                   .select(*columns, prio=lit(1), o1=-col("file_id"), o2=-col("_source_line")))
    return (first_by_key(pl.concat([child_part, parent_part], how="vertical_relaxed").sort("prio", "o1", "o2"), keys)
            .select(columns).collect())


def gold(customers, products, gross_price, orders, parents) -> dict[str, pl.DataFrame]:
    unknown = lit(C.UNKNOWN_CITY)
    child_customers = customers.select(
        customer_code=col("customer_id"),
        customer=pl.when(col("customer_name").is_null()).then(pl.coalesce([col("city"), unknown]))
        .otherwise(col("customer_name") + lit("-") + pl.coalesce([col("city"), unknown])),
        market=lit(C.CHILD_MARKET), platform=lit(C.CHILD_PLATFORM), channel=lit(C.CHILD_CHANNEL),
        file_id=col("file_id"), _source_line=col("_source_line"))
    out = {"dim_customers": keyed_union(child_customers, parents["parent_dim_customers"], ["customer_code"],
                                        ["customer_code", "customer", "market", "platform", "channel"])}
    out["dim_products"] = keyed_union(products, parents["parent_dim_products"], ["product_code"],
                                      ["product_code", "division", "category", "product", "variant"])
    # Child yearly prices: non-zero price first, then the latest month, then the first row.
    yearly = (gross_price.lazy()
              .with_columns(year=col("month").dt.year().cast(pl.Int32), nonzero=col("gross_price") != 0)
              .sort(["nonzero", "month", "file_id", "_source_line"], descending=[True, True, False, False])
              .pipe(first_by_key, ["product_code", "year"])
              .select("product_code", price_inr=col("gross_price"), year=col("year"),
                      file_id=col("file_id"), _source_line=col("_source_line"))
              .collect())
    out["child_yearly_prices"] = yearly
    out["dim_gross_price"] = keyed_union(yearly, parents["parent_dim_gross_price"], ["product_code", "year"],
                                         ["product_code", "price_inr", "year"])
    monthly = (orders.lazy().filter(col("reason").is_null())
               .group_by(date=col("order_date").dt.truncate("1mo"), product_code=col("product_code"),
                         customer_code=col("customer_id"))
               .agg(sold_quantity=col("order_qty").sum().cast(pl.Int64))
               .with_columns(file_id=lit(0), _source_line=lit(0))
               .collect())
    out["child_monthly"] = monthly
    fact_cols = ["date", "product_code", "customer_code", "sold_quantity"]
    fact = keyed_union(monthly, parents["parent_fact_orders"], fact_cols[:3], fact_cols)
    out["fact_orders"] = fact
    months = fact.select(col("date").dt.truncate("1mo")).drop_nulls()
    if months.height:
        starts = pl.date_range(months["date"].min(), months["date"].max(), "1mo", eager=True)
    else:
        starts = pl.Series("month_start_date", [], pl.Date)
    dim_date = pl.DataFrame({"month_start_date": starts}).select(
        "month_start_date",
        date_key=(col("month_start_date").dt.year() * 100 + col("month_start_date").dt.month()).cast(pl.Int32),
        year=col("month_start_date").dt.year().cast(pl.Int32),
        month_name=col("month_start_date").dt.strftime("%B"),
        month_short_name=col("month_start_date").dt.strftime("%b"),
        quarter=lit("Q") + col("month_start_date").dt.quarter().cast(pl.String),
        year_quarter=col("month_start_date").dt.year().cast(pl.String) + lit("-Q")
        + col("month_start_date").dt.quarter().cast(pl.String))
    out["dim_date"] = dim_date
    enriched = (fact.lazy()
                .with_columns(_month=col("date").dt.truncate("1mo"), _year=col("date").dt.year().cast(pl.Int32))
                .join(dim_date.lazy(), left_on="_month", right_on="month_start_date", how="left")
                .join(out["dim_customers"].lazy(), on="customer_code", how="left")
                .join(out["dim_products"].lazy(), on="product_code", how="left")
                .join(out["dim_gross_price"].lazy().rename({"year": "_gp_year"}),
                      left_on=["product_code", "_year"], right_on=["product_code", "_gp_year"], how="left")
                .with_columns(total_amount_inr=(col("sold_quantity") * col("price_inr"))
                              .cast(pl.Decimal(18, 2), strict=False))
                .select("date", "product_code", "customer_code", "date_key", "year", "month_name",
                        "month_short_name", "quarter", "year_quarter", "customer", "market", "platform",
                        "channel", "division", "category", "product", "variant", "sold_quantity",
                        "price_inr", "total_amount_inr")
                .collect())
    out["fact_orders_enriched"] = enriched
    return out


# --------------------------------------------------------------------------- main


def count_report(report: C.Report, bronzes, customers, products, gross_price, orders, parents, gold_tables) -> None:
    counts = report.counts
    for table, frame in bronzes.items():
        stats = frame.select(n=pl.len(), bad=col("malformed").sum()).collect()
        counts[f"{table}_read"], counts[f"{table}_malformed_row"] = stats["n"][0], int(stats["bad"][0])
    for reason, n in orders.filter(col("reason").is_not_null()).group_by("reason").len().iter_rows():
        counts[f"orders_{reason}"] = n
    silver = orders.filter(col("reason").is_null())
    counts["orders_silver"] = silver.height
    counts["orders_silver_999999"] = silver.filter(col("customer_id") == C.INVALID_ID).height
    counts["orders_customer_repaired"] = int(orders["customer_repaired"].sum())
    counts["child_monthly_rows"] = gold_tables["child_monthly"].height
    counts["child_monthly_sum"] = int(gold_tables["child_monthly"]["sold_quantity"].sum())
    months = gold_tables["child_monthly"]["date"].drop_nulls()
    counts["child_monthly_months"] = (f"{months.min():%Y-%m}..{months.max():%Y-%m}" if len(months) else None)
    counts["silver_customers"], counts["silver_products"] = customers.height, products.height
    counts["silver_gross_price"] = gross_price.height
    counts["child_yearly_prices"] = gold_tables["child_yearly_prices"].height
    for table, frame in parents.items():
        counts[f"{table}_type_mismatch"] = int((~frame["type_ok"]).sum())
    for table in C.GOLD_TABLES:
        counts[f"gold_{table}"] = gold_tables[table].height
    counts["gold_fact_orders_999999"] = gold_tables["fact_orders"].filter(
        col("customer_code") == C.INVALID_ID).height


def main() -> int:
    args = C.peer_arguments("Polars")
    if os.environ.get("POLARS_MAX_THREADS") != str(args.threads):
        print(f"[polars] note: POLARS_MAX_THREADS={os.environ.get('POLARS_MAX_THREADS')} "
              f"(set it to {args.threads} before Python starts)", file=sys.stderr)
    report = C.Report("polars", args.out)
    found = C.discover(args.source, args.include)
    lines = load_lines(C.all_files(found))
    report.stage("read lines")
    state, report.counts["unterminated_quotes"] = resolve_unterminated(lines)
    del lines
    records = build_records(state)
    del state
    report.stage("csv records")
    bronzes = {table: bronze(records, table, files, report) for table, files in found.items()}
    parents = {table: parent_typed(bronzes[table], table) for table in C.PARENT_TYPES}
    customers = silver_customers(bronzes["customers"])
    products = silver_products(bronzes["products"])
    lookup = product_lookup(products)
    gross_price = silver_gross_price(bronzes["gross_price"], lookup)
    orders = orders_steps(bronzes["orders"], lookup)
    report.stage("silver")
    gold_tables = gold(customers, products, gross_price, orders, parents)
    report.stage("gold")
    folder = C.gold_dir(args.out)
    for table in C.GOLD_TABLES:
        gold_tables[table].write_parquet(os.path.join(folder, table + ".parquet"), compression="zstd")
    report.stage("write")
    count_report(report, bronzes, customers, products, gross_price, orders, parents, gold_tables)
    report.write()
    return 0


if __name__ == "__main__":
    sys.exit(main())
