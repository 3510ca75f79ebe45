"""(b) The SportsBar pipeline in DuckDB SQL: one backfill batch over a source folder.

    python duckdb_pipeline.py --source SRC --out OUT [--include /full_load/] [--threads 2]

Writes OUT/gold/<table>.parquet (the six gold tables) and OUT/report.json (counts).

How DuckDB does each part:
- Decompression: DuckDB's own readers. `read_csv(..., compression='gzip'|'zstd'|'none')`
  reads single- and multi-member gzip and single- and multi-frame zstd as a stream; the
  codec is named per file from the magic bytes (common.sniff_codec), never the name.
- Physical lines: `read_csv` with one VARCHAR column, no quote, a NUL delimiter and
  `filename=true`, inserted into a table with `preserve_insertion_order`: the table's
  rowid order is file order, so `rowid - first rowid of the file + 1` is the 1-based
  physical line. `new_line = '\r\n'` makes the splitter take LF and CRLF as line ends,
  also when both occur in one file (with the default, a CRLF inside a quoted field of an
  LF file counts as two line ends). Known limit: DuckDB still ends a line at a bare CR
  (a CR not followed by LF), which Rules §1.3 does not treat as a line end; files that follow it only
  have LF or CRLF line ends, so this matters only for a bare CR inside a field.
- CSV records (quoted newlines, blank lines, unterminated quotes), fields, every rule of
  Rules §3/§4/§8: SQL below (window functions, regexes, macros).
Cost of the exact line numbers: one extra window pass over all physical lines (the
quote-parity running sum) and a regex tokenizer instead of DuckDB's native CSV parser.
"""
from __future__ import annotations

import os
import sys

import duckdb
import pyarrow as pa

import common as C


def lit(text: str) -> str:
    """A SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


def case_map(expr: str, mapping: dict[str, str], default: str = "NULL") -> str:
    """`mapping[expr]` as a CASE expression (NULL-safe, unlike a MAP lookup)."""
    whens = " ".join(f"WHEN {lit(k)} THEN {lit(v)}" for k, v in mapping.items())
    return f"(CASE {expr} {whens} ELSE {default} END)"


def lit_list(items) -> str:
    return "[" + ", ".join(lit(i) for i in items) + "]"


# --------------------------------------------------------------------------- setup


def connect(threads: int, out: str) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute(f"SET threads = {threads}")
    con.execute("SET preserve_insertion_order = true")  # rowid order = file order
    con.execute("SET memory_limit = '16GB'")
    # DuckDB creates the spill directory itself but not its parents (a 30M race spills).
    os.makedirs(out, exist_ok=True)
    con.execute(f"SET temp_directory = {lit(os.path.join(out, 'duckdb_tmp'))}")
    define_macros(con)
    return con


def define_macros(con: duckdb.DuckDBPyConnection) -> None:
    """The scalar rules (Rules §3, §8) as DuckDB macros."""
    months = lit_list(m.lower() for m in C.MONTHS)
    macros = [
        # §8 a date must exist; yyyy is a calendar year 0001..9999.
        """civil_date(y, m, d) AS CASE WHEN y >= 1 AND m BETWEEN 1 AND 12 AND d >= 1 AND d <=
             CASE WHEN m IN (4, 6, 9, 11) THEN 30
                  WHEN m = 2 THEN CASE WHEN (y % 4 = 0 AND y % 100 <> 0) OR y % 400 = 0 THEN 29 ELSE 28 END
                  ELSE 31 END
           THEN make_date(y::BIGINT, m::BIGINT, d::BIGINT) END""",
        # One numeric date layout: its regex must match the whole text; the parts then sit
        # at fixed positions (yyyy?MM?dd or dd?MM?yyyy).
        """ymd_layout(s, pattern) AS CASE WHEN regexp_full_match(s, pattern)
             THEN civil_date(s[1:4]::INT, s[6:7]::INT, s[9:10]::INT) END""",
        """dmy_layout(s, pattern) AS CASE WHEN regexp_full_match(s, pattern)
             THEN civil_date(s[7:10]::INT, s[4:5]::INT, s[1:2]::INT) END""",
        # `MMMM dd, yyyy`: the name is all before the fixed 9-character tail ` dd, yyyy`.
        f"""month_name_date(s) AS CASE WHEN regexp_full_match(s, {lit(C.DATE_MONTH_NAME[0])}) THEN civil_date(
             s[-4:]::INT, list_position({months}, lower(s[1:length(s) - 9])), s[-8:-7]::INT) END""",
        # The layouts' shapes never overlap, so the separator positions pick the only layout
        # that can match (its regex still has to match the whole text).
        # §3.3 step 1: gross_price.month.
        f"""gross_price_month(s) AS CASE
             WHEN s[5] = '/' THEN ymd_layout(s, {lit(C.DATE_YMD_SLASH[0])})
             WHEN s[3] = '/' THEN dmy_layout(s, {lit(C.DATE_DMY_SLASH[0])})
             WHEN s[5] = '-' THEN ymd_layout(s, {lit(C.DATE_YMD_DASH[0])})
             WHEN s[3] = '-' THEN dmy_layout(s, {lit(C.DATE_DMY_DASH[0])}) END""",
        # §3.4 step 3 (after the weekday strip): the four order-date layouts.
        f"""order_date_of(s) AS CASE
             WHEN s[5] = '/' THEN ymd_layout(s, {lit(C.DATE_YMD_SLASH[0])})
             WHEN s[3] = '-' THEN dmy_layout(s, {lit(C.DATE_DMY_DASH[0])})
             WHEN s[3] = '/' THEN dmy_layout(s, {lit(C.DATE_DMY_SLASH[0])})
             ELSE month_name_date(s) END""",
        # Pieces of a number (sign, integer digits, fraction digits, exponent text).
        "w_digits(i, f) AS ltrim(i || f, '0')",
        "w_core(i, f) AS rtrim(ltrim(i || f, '0'), '0')",
        "w_expabs(e) AS ltrim(regexp_replace(e, '^[+-]', ''), '0')",
        """w_exp(e) AS CASE WHEN length(w_expabs(e)) BETWEEN 1 AND 9
             THEN w_expabs(e)::BIGINT * CASE WHEN e LIKE '-%' THEN -1 ELSE 1 END ELSE 0 END""",
        "w_power(i, f, e) AS w_exp(e) - length(f) + length(w_digits(i, f)) - length(w_core(i, f))",
        """whole_from_parts(sg, i, f, e) AS CASE
             WHEN w_digits(i, f) = '' THEN 0::BIGINT                          -- all zeros (also -0)
             WHEN sg = '-' OR length(w_expabs(e)) > 9 THEN NULL               -- below 0, or 1e(huge)
             WHEN w_power(i, f, e) < 0 OR length(w_core(i, f)) + w_power(i, f, e) > 19 THEN NULL
             ELSE TRY_CAST(w_core(i, f) || repeat('0', w_power(i, f, e)::BIGINT) AS BIGINT) END""",
        # §3.4 step 1, §8: the exact whole value of a number, NULL when it is not a number,
        # has a non-zero fraction, is below 0 or beyond BIGINT. Never through DOUBLE.
        # Fast path for plain digits with an optional all-zero fraction (`150.0`).
        f"""whole_number(s) AS CASE
             WHEN regexp_full_match(s, '[0-9]+(\\.0*)?') THEN TRY_CAST(regexp_extract(s, '^[0-9]+') AS BIGINT)
             WHEN regexp_full_match(s, {lit(C.NUMBER_RE)})
               THEN whole_from_parts(regexp_extract(s, {lit(C.NUMBER_PARTS_RE)}, 1), regexp_extract(s, {lit(C.NUMBER_PARTS_RE)}, 2),
                                    regexp_extract(s, {lit(C.NUMBER_PARTS_RE)}, 3), regexp_extract(s, {lit(C.NUMBER_PARTS_RE)}, 4)) END""",
        # DECIMAL(18,2) of `[+-]?digits[.digits]`, rounded half-up (away from zero on the
        # magnitude); NULL when it does not fit. Built from exact integer cents.
        """money_cents(neg, cents) AS CASE WHEN cents < 1000000000000000000
             THEN ((CASE WHEN neg AND cents > 0 THEN '-' ELSE '' END) || (cents // 100)::VARCHAR || '.'
                   || lpad((cents % 100)::VARCHAR, 2, '0'))::DECIMAL(18, 2) END""",
        """money_parts(neg, i, f) AS money_cents(neg, CASE WHEN length(i) <= 16 THEN
             (i || rpad(left(f, 2), 2, '0'))::BIGINT + CASE WHEN substr(f, 3, 1) >= '5' THEN 1 ELSE 0 END END)""",
        """money(s) AS money_parts(s LIKE '-%', ltrim(regexp_extract(s, '^[+-]?([0-9]+)', 1), '0'),
                                  regexp_extract(s, '\\.([0-9]+)$', 1))""",
        # §3.3 step 2 and §8: |value| rounded half-up; not a price or too large -> 0.
        f"""gross_price_value(s) AS CASE WHEN regexp_full_match(s, {lit(C.GROSS_PRICE_RE)})
             THEN coalesce(money(ltrim(s, '-')), 0::DECIMAL(18, 2)) ELSE 0::DECIMAL(18, 2) END""",
        # §3 initcap: lower-case, then upper-case the first letter of each space-separated word.
        """initcap(s) AS array_to_string(list_transform(string_split(lower(s), ' '),
             lambda w: upper(w[1]) || w[2:]), ' ')""",
        "is_digits(s) AS coalesce(regexp_full_match(s, '[0-9]+'), false)",
        # The CSV field value: unquote `"…"` (with `""` escapes); verbatim otherwise; '' -> NULL.
        f"""field_value(x) AS nullif(CASE WHEN x[1] = '"' AND regexp_full_match(x, {lit(C.QUOTED_FIELD_RE)})
             THEN replace(x[2:-2], '""', '"') ELSE x END, '')""",
    ]
    for macro in macros:
        con.execute("CREATE MACRO " + macro)


# --------------------------------------------------------------------------- CSV


def load_lines(con: duckdb.DuckDBPyConnection, files: list[C.SourceFile]) -> None:
    """Table `lines(file_id, line_no, line)`: every physical line of every file."""
    con.register("files_arrow", pa.table({
        "file_id": [f.file_id for f in files], "path": [f.path for f in files]}))
    con.execute("CREATE TABLE files AS SELECT * FROM files_arrow")
    con.execute("CREATE TABLE raw_lines (filename VARCHAR, line VARCHAR)")
    for codec in ("none", "gzip", "zstd"):
        paths = [f.path for f in files if f.codec == codec]
        if paths:
            con.execute(f"""INSERT INTO raw_lines SELECT filename, line FROM read_csv(?,
                columns = {{'line': 'VARCHAR'}}, header = false, delim = chr(0), quote = '', escape = '',
                auto_detect = false, compression = {lit(codec)}, filename = true, strict_mode = false,
                new_line = '\\r\\n', max_line_size = 100000000)""", [paths])
    # rowid order is file order: a line's number is its rowid minus its file's first rowid, + 1.
    con.execute("""CREATE TABLE lines AS
        WITH firsts AS (SELECT filename, min(rowid) AS first FROM raw_lines GROUP BY filename)
        SELECT f.file_id, (r.rowid - firsts.first + 1)::BIGINT AS line_no,
               CASE WHEN r.rowid = firsts.first THEN regexp_replace(coalesce(r.line, ''), '^\ufeff', '')
                    ELSE coalesce(r.line, '') END AS line,
               0 AS seg, false AS forced,
               (length(coalesce(r.line, '')) - length(replace(coalesce(r.line, ''), '"', ''))) % 2 AS odd
        FROM raw_lines r JOIN firsts USING (filename) JOIN files f ON f.path = r.filename""")
    con.execute("DROP TABLE raw_lines")


def quote_state(con: duckdb.DuckDBPyConnection) -> None:
    """Table `state`: lines with `open_before` (a quoted field is open when the line starts)."""
    # Only files with a line of odd quote count need the running sum (fast path for the rest).
    con.execute("""CREATE OR REPLACE TABLE state AS
        WITH odd_files AS (SELECT DISTINCT file_id FROM lines WHERE odd = 1)
        SELECT *, 0 AS open_before FROM lines WHERE file_id NOT IN (SELECT file_id FROM odd_files)
        UNION ALL
        SELECT *, coalesce(sum(odd) OVER (PARTITION BY file_id, seg ORDER BY line_no
                                          ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) % 2
        FROM lines WHERE file_id IN (SELECT file_id FROM odd_files)""")


def resolve_unterminated(con: duckdb.DuckDBPyConnection) -> int:
    """Rules §8.9: a record still open at the end of its file is malformed; its first line is
    the quarantined record and parsing resumes on the next line. Returns how many."""
    count = 0
    while True:
        quote_state(con)
        open_ends = con.execute("""
            SELECT s.file_id, max(s.line_no) FROM state s
            JOIN (SELECT file_id, seg FROM state WHERE NOT forced GROUP BY ALL HAVING sum(odd) % 2 = 1) o
              USING (file_id, seg)
            WHERE s.open_before = 0 AND s.line <> '' GROUP BY s.file_id""").fetchall()
        if not open_ends:
            return count
        for file_id, line_no in open_ends:
            con.execute("UPDATE lines SET seg = seg + 1, forced = true WHERE file_id = ? AND line_no = ?",
                        [file_id, line_no])
            con.execute("UPDATE lines SET seg = seg + 2 WHERE file_id = ? AND line_no > ?", [file_id, line_no])
        count += len(open_ends)


def build_records(con: duckdb.DuckDBPyConnection) -> None:
    """Table `records(file_id, line_no, vals, malformed)`: CSV records and their fields."""
    con.execute(f"""CREATE TABLE records AS
        WITH s AS (SELECT *, forced OR (open_before = 0 AND line <> '') AS is_start FROM state),
        texts AS (
            -- single-line records (almost all of them) and forced-malformed lines
            SELECT file_id, line_no, line AS text, forced FROM s WHERE forced OR (is_start AND odd = 0)
            UNION ALL
            -- records spanning lines: the start line (odd quotes) and its continuation lines
            SELECT file_id, start_line, string_agg(line, chr(10) ORDER BY line_no), false
            FROM (SELECT *, max(CASE WHEN is_start THEN line_no END)
                              OVER (PARTITION BY file_id ORDER BY line_no ROWS UNBOUNDED PRECEDING) AS start_line
                  FROM s WHERE NOT forced AND ((is_start AND odd = 1) OR open_before = 1))
            GROUP BY file_id, start_line),
        tokens AS (
            SELECT file_id, line_no, forced,
                   CASE WHEN contains(text, '"') THEN regexp_extract_all(',' || text, {lit(C.FIELD_RE)}, 1)
                        ELSE string_split(text, ',') END AS raw
            FROM texts)
        SELECT file_id, line_no,
               CASE WHEN list_bool_or(list_transform(raw, lambda x: x[1] = '"'))
                    THEN list_transform(raw, lambda x: field_value(x))
                    ELSE list_transform(raw, lambda x: nullif(x, '')) END AS vals,
               forced OR coalesce(list_bool_or(list_transform(raw,
                    lambda x: x[1] = '"' AND regexp_full_match(x, {lit(C.BAD_QUOTED_FIELD_RE[1:-1])}))), false)
                 AS malformed
        FROM tokens ORDER BY file_id, line_no""")
    con.execute("DROP TABLE state")
    con.execute("DROP TABLE lines")


def bronze(con: duckdb.DuckDBPyConnection, table: str, files: list[C.SourceFile],
           report: C.Report) -> str:
    """View `bronze_<table>`: `file_id, _source_line, malformed, <required columns>`."""
    columns = C.TABLES[table][1]
    ids = [f.file_id for f in files] or [-1]
    headers = con.execute("""SELECT file_id, arg_min(line_no, line_no), arg_min(vals, line_no)
                             FROM records WHERE list_contains(?, file_id) GROUP BY file_id""", [ids]).fetchall()
    by_id = {f.file_id: f for f in files}
    rows = []
    for file_id, header_line, names in headers:
        positions = C.header_positions(names, columns, by_id[file_id].rel, report)
        rows.append([file_id, header_line, len(names)] + [p + 1 for p in positions])
    layout = pa.table(list(zip(*rows)) if rows else [[] for _ in range(3 + len(columns))],
                      names=["file_id", "header_line", "n_fields"] + [f"pos_{c}" for c in columns])
    con.register(f"layout_{table}", layout)
    picks = ", ".join(f"r.vals[p.pos_{c}] AS {c}" for c in columns)
    con.execute(f"""CREATE OR REPLACE VIEW bronze_{table} AS
        SELECT r.file_id, r.line_no AS _source_line,
               r.malformed OR len(r.vals) <> p.n_fields AS malformed, {picks}
        FROM records r JOIN layout_{table} p ON r.file_id = p.file_id AND r.line_no > p.header_line""")
    return f"bronze_{table}"


# --------------------------------------------------------------------------- silver


def silver_customers(con: duckdb.DuckDBPyConnection) -> None:
    """§3.1."""
    con.execute(f"""CREATE TABLE silver_customers AS
        SELECT customer_id, initcap(trim(customer_name, ' ')) AS customer_name,
               coalesce(CASE WHEN list_contains({lit_list(C.ALLOWED_CITIES)}, {case_map("city", C.CITY_TYPOS, "city")})
                             THEN {case_map("city", C.CITY_TYPOS, "city")} END,
                        {case_map("customer_id", C.CITY_FIXES)}) AS city,
               file_id, _source_line
        FROM (SELECT *, row_number() OVER (PARTITION BY customer_id ORDER BY file_id, _source_line) AS k
              FROM bronze_customers WHERE NOT malformed)
        WHERE k = 1 ORDER BY file_id, _source_line""")


def silver_products(con: duckdb.DuckDBPyConnection) -> None:
    """§3.2; also `product_lookup`: the first silver product of each product_id (§8)."""
    division = case_map("category", C.DIVISIONS, lit(C.OTHER_DIVISION))
    con.execute(f"""CREATE TABLE silver_products AS
        SELECT sha256(product) AS product_code,
               CASE WHEN is_digits(product_id) THEN product_id ELSE {lit(C.INVALID_ID)} END AS product_id,
               {division} AS division,
               category, product,
               CASE WHEN product IS NOT NULL THEN coalesce(regexp_extract(product, '\\(([^)]*)\\)', 1), '') END
                 AS variant,
               file_id, _source_line
        FROM (SELECT regexp_replace(product_name, '(?i)protien', 'Protein', 'g') AS product,
                     regexp_replace(initcap(category), '(?i)protien', 'Protein', 'g') AS category,
                     product_id, file_id, _source_line,
                     row_number() OVER (PARTITION BY product_id ORDER BY file_id, _source_line) AS k
              FROM bronze_products WHERE NOT malformed)
        WHERE k = 1 ORDER BY file_id, _source_line""")
    con.execute("""CREATE TABLE product_lookup AS
        SELECT product_id, arg_min(product_code, (file_id, _source_line)) AS product_code
        FROM silver_products GROUP BY product_id""")


def silver_gross_price(con: duckdb.DuckDBPyConnection) -> None:
    """§3.3 (dropped rows: `unparseable_date`, then `unknown_product`)."""
    con.execute("""CREATE TABLE silver_gross_price AS
        SELECT p.product_code, g.product_id, g.month, g.gross_price, g.file_id, g._source_line
        FROM (SELECT product_id, gross_price_month(month) AS month, gross_price_value(gross_price) AS gross_price,
                     file_id, _source_line
              FROM bronze_gross_price WHERE NOT malformed) g
        JOIN product_lookup p ON p.product_id = g.product_id
        WHERE g.month IS NOT NULL""")


def silver_orders(con: duckdb.DuckDBPyConnection) -> None:
    """§3.4 steps 1-5: `orders_steps` holds every row with its quarantine reason (or NULL)."""
    con.execute(f"""CREATE TABLE orders_steps AS
        WITH typed AS (
            SELECT file_id, _source_line, malformed, order_id, product_id, order_qty,
                   whole_number(order_qty) AS qty, customer_id AS raw_customer,
                   CASE WHEN is_digits(customer_id) THEN customer_id ELSE {lit(C.INVALID_ID)} END AS customer_id,
                   order_date_of(regexp_replace(order_placement_date, {lit(C.WEEKDAY_RE)}, '')) AS order_date
            FROM bronze_orders),
        reasoned AS (
            SELECT *, CASE WHEN malformed THEN 'malformed_row'
                           WHEN order_qty IS NULL THEN 'missing_quantity'
                           WHEN qty IS NULL THEN 'invalid_quantity'
                           WHEN order_date IS NULL THEN 'unparseable_date' END AS reason
            FROM typed),
        deduped AS (
            SELECT *, CASE WHEN reason IS NULL THEN row_number() OVER (
                          PARTITION BY reason IS NULL, order_id, order_date, customer_id, product_id, qty
                          ORDER BY file_id, _source_line) END AS k
            FROM reasoned)
        SELECT d.file_id, d._source_line, d.order_id, d.order_date, d.customer_id, d.product_id, d.qty,
               p.product_code,
               NOT d.malformed AND d.order_qty IS NOT NULL AND d.qty IS NOT NULL
                   AND NOT is_digits(d.raw_customer) AS customer_repaired,
               CASE WHEN d.reason IS NOT NULL THEN d.reason WHEN d.k > 1 THEN 'duplicate'
                    WHEN p.product_code IS NULL AND p.product_id IS NULL THEN 'unknown_product' END AS reason
        FROM deduped d LEFT JOIN product_lookup p ON p.product_id = d.product_id""")
    con.execute("""CREATE VIEW silver_orders AS
        SELECT order_id, order_date, customer_id, product_id, product_code, qty AS order_qty,
               file_id, _source_line, date_trunc('month', order_date)::DATE AS order_month
        FROM orders_steps WHERE reason IS NULL""")


# --------------------------------------------------------------------------- parent tables


def parent_typed(con: duckdb.DuckDBPyConnection) -> None:
    """§3.5: `typed_<table>` views (type_mismatch rows dropped) with a `mismatch` count."""
    checks = {
        "int": (f"regexp_full_match({{c}}, {lit(C.PARENT_INT_RE)}) AND TRY_CAST({{c}} AS INT) IS NOT NULL",
                "TRY_CAST({c} AS INT)"),
        "bigint": (f"regexp_full_match({{c}}, {lit(C.PARENT_INT_RE)}) AND TRY_CAST({{c}} AS BIGINT) IS NOT NULL",
                   "TRY_CAST({c} AS BIGINT)"),
        "decimal": (f"regexp_full_match({{c}}, {lit(C.PARENT_DECIMAL_RE)}) AND money({{c}}) IS NOT NULL",
                    "money({c})"),
        "date": (f"ymd_layout({{c}}, {lit(C.DATE_YMD_DASH[0])}) IS NOT NULL",
                 f"ymd_layout({{c}}, {lit(C.DATE_YMD_DASH[0])})"),
    }
    for table, types in C.PARENT_TYPES.items():
        columns = C.TABLES[table][1]
        ok = " AND ".join(f"({c} IS NULL OR {checks[t][0].replace('{c}', c)})" for c, t in types.items()) or "true"
        cols = ", ".join(checks[types[c]][1].replace('{c}', c) + f" AS {c}" if c in types else c for c in columns)
        con.execute(f"""CREATE TABLE typed_{table} AS
            SELECT {cols}, file_id, _source_line, ({ok}) AS type_ok
            FROM bronze_{table} WHERE NOT malformed""")


# --------------------------------------------------------------------------- gold


def gold(con: duckdb.DuckDBPyConnection) -> None:
    """§4, with §8 key collisions: child rows first (first in input order wins), then
    parent rows latest first (the last parent row wins)."""
    con.execute(f"""CREATE TABLE dim_customers AS
        SELECT customer_code, customer, market, platform, channel FROM (
            SELECT *, row_number() OVER (PARTITION BY customer_code ORDER BY prio, o1, o2) AS k FROM (
                SELECT customer_id AS customer_code,
                       CASE WHEN customer_name IS NULL THEN coalesce(city, {lit(C.UNKNOWN_CITY)})
                            ELSE customer_name || '-' || coalesce(city, {lit(C.UNKNOWN_CITY)}) END AS customer,
                       {lit(C.CHILD_MARKET)} AS market, {lit(C.CHILD_PLATFORM)} AS platform,
                       {lit(C.CHILD_CHANNEL)} AS channel, 0 AS prio, file_id AS o1, _source_line AS o2
                FROM silver_customers
                UNION ALL
                SELECT customer_code, customer, market, platform, channel, 1, -file_id, -_source_line
                FROM typed_parent_dim_customers WHERE type_ok))
        WHERE k = 1""")
    con.execute("""CREATE TABLE dim_products AS
        SELECT product_code, division, category, product, variant FROM (
            SELECT *, row_number() OVER (PARTITION BY product_code ORDER BY prio, o1, o2) AS k FROM (
                SELECT product_code, division, category, product, variant, 0 AS prio, file_id AS o1, _source_line AS o2
                FROM silver_products
                UNION ALL
                SELECT product_code, division, category, product, variant, 1, -file_id, -_source_line
                FROM typed_parent_dim_products WHERE type_ok))
        WHERE k = 1""")
    # Child yearly prices: non-zero price first, then the latest month, then the first row.
    con.execute("""CREATE TABLE child_yearly_prices AS
        SELECT product_code, gross_price AS price_inr, year(month)::INT AS year, file_id, _source_line FROM (
            SELECT *, row_number() OVER (PARTITION BY product_code, year(month)
                       ORDER BY gross_price <> 0 DESC, month DESC, file_id, _source_line) AS k
            FROM silver_gross_price)
        WHERE k = 1""")
    con.execute("""CREATE TABLE dim_gross_price AS
        SELECT product_code, price_inr, year FROM (
            SELECT *, row_number() OVER (PARTITION BY product_code, year ORDER BY prio, o1, o2) AS k FROM (
                SELECT product_code, price_inr, year, 0 AS prio, file_id AS o1, _source_line AS o2
                FROM child_yearly_prices
                UNION ALL
                SELECT product_code, price_inr, year, 1, -file_id, -_source_line
                FROM typed_parent_dim_gross_price WHERE type_ok))
        WHERE k = 1""")
    con.execute("""CREATE TABLE child_monthly AS
        SELECT order_month AS date, product_code, customer_id AS customer_code, sum(order_qty)::BIGINT AS sold_quantity
        FROM silver_orders GROUP BY ALL""")
    con.execute("""CREATE TABLE fact_orders AS
        SELECT date, product_code, customer_code, sold_quantity FROM (
            SELECT *, row_number() OVER (PARTITION BY date, product_code, customer_code ORDER BY prio, o1, o2) AS k
            FROM (SELECT *, 0 AS prio, 0 AS o1, 0 AS o2 FROM child_monthly
                  UNION ALL
                  SELECT date, product_code, customer_code, sold_quantity, 1, -file_id, -_source_line
                  FROM typed_parent_fact_orders WHERE type_ok))
        WHERE k = 1""")
    con.execute("""CREATE TABLE dim_date AS
        SELECT m::DATE AS month_start_date, (year(m) * 100 + month(m))::INT AS date_key, year(m)::INT AS year,
               strftime(m, '%B') AS month_name, strftime(m, '%b') AS month_short_name,
               'Q' || quarter(m)::VARCHAR AS quarter, year(m)::VARCHAR || '-Q' || quarter(m)::VARCHAR AS year_quarter
        FROM (SELECT unnest(generate_series(min(date_trunc('month', date))::TIMESTAMP,
                                            max(date_trunc('month', date))::TIMESTAMP, INTERVAL 1 MONTH)) AS m
              FROM fact_orders WHERE date IS NOT NULL)""")
    con.execute("""CREATE TABLE fact_orders_enriched AS
        SELECT f.date, f.product_code, f.customer_code, d.date_key, d.year, d.month_name, d.month_short_name,
               d.quarter, d.year_quarter, c.customer, c.market, c.platform, c.channel,
               p.division, p.category, p.product, p.variant, f.sold_quantity, g.price_inr,
               TRY_CAST(f.sold_quantity * g.price_inr AS DECIMAL(18, 2)) AS total_amount_inr
        FROM fact_orders f
        LEFT JOIN dim_date d ON d.month_start_date = date_trunc('month', f.date)
        LEFT JOIN dim_customers c ON c.customer_code = f.customer_code
        LEFT JOIN dim_products p ON p.product_code = f.product_code
        LEFT JOIN dim_gross_price g ON g.product_code = f.product_code AND g.year = year(f.date)""")


def write_gold(con: duckdb.DuckDBPyConnection, out: str) -> None:
    folder = C.gold_dir(out)
    for table in C.GOLD_TABLES:
        con.execute(f"COPY {table} TO {lit(os.path.join(folder, table + '.parquet'))} "
                    "(FORMAT parquet, COMPRESSION zstd)")


# --------------------------------------------------------------------------- report


def count_report(con: duckdb.DuckDBPyConnection, report: C.Report) -> None:
    one = lambda sql: con.execute(sql).fetchone()[0]
    counts = report.counts
    for table in C.TABLES:
        counts[f"{table}_read"] = one(f"SELECT count(*) FROM bronze_{table}")
        counts[f"{table}_malformed_row"] = one(f"SELECT count(*) FROM bronze_{table} WHERE malformed")
    for reason, n in con.execute("SELECT reason, count(*) FROM orders_steps WHERE reason IS NOT NULL GROUP BY 1").fetchall():
        counts[f"orders_{reason}"] = n
    counts["orders_silver"] = one("SELECT count(*) FROM silver_orders")
    counts["orders_silver_999999"] = one(f"SELECT count(*) FROM silver_orders WHERE customer_id = {lit(C.INVALID_ID)}")
    counts["orders_customer_repaired"] = one("SELECT count(*) FROM orders_steps WHERE customer_repaired")
    counts["child_monthly_rows"] = one("SELECT count(*) FROM child_monthly")
    counts["child_monthly_sum"] = int(one("SELECT coalesce(sum(sold_quantity), 0) FROM child_monthly"))
    counts["child_monthly_months"] = one(
        "SELECT strftime(min(date), '%Y-%m') || '..' || strftime(max(date), '%Y-%m') FROM child_monthly")
    counts["silver_customers"] = one("SELECT count(*) FROM silver_customers")
    counts["silver_products"] = one("SELECT count(*) FROM silver_products")
    counts["silver_gross_price"] = one("SELECT count(*) FROM silver_gross_price")
    counts["child_yearly_prices"] = one("SELECT count(*) FROM child_yearly_prices")
    for table in C.PARENT_TYPES:
        counts[f"{table}_type_mismatch"] = one(f"SELECT count(*) FROM typed_{table} WHERE NOT type_ok")
    for table in C.GOLD_TABLES:
        counts[f"gold_{table}"] = one(f"SELECT count(*) FROM {table}")
    counts["gold_fact_orders_999999"] = one(
        f"SELECT count(*) FROM fact_orders WHERE customer_code = {lit(C.INVALID_ID)}")


# --------------------------------------------------------------------------- main


def main() -> int:
    args = C.peer_arguments("DuckDB")
    report = C.Report("duckdb", args.out)
    found = C.discover(args.source, args.include)
    con = connect(args.threads, args.out)
    load_lines(con, C.all_files(found))
    report.stage("read lines")
    report.counts["unterminated_quotes"] = resolve_unterminated(con)
    build_records(con)
    report.stage("csv records")
    for table, files in found.items():
        bronze(con, table, files, report)
    parent_typed(con)
    silver_customers(con)
    silver_products(con)
    silver_gross_price(con)
    silver_orders(con)
    report.stage("silver")
    gold(con)
    report.stage("gold")
    write_gold(con, args.out)
    report.stage("write")
    count_report(con, report)
    report.write()
    return 0


if __name__ == "__main__":
    sys.exit(main())
