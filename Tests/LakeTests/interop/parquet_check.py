#!/usr/bin/env python3
"""Parquet interop helper for Tests/LakeTests/Parquet/ParquetInteropTests.swift.

  parquet_check.py check
      prints {"pyarrow": version, "duckdb": version or null}; exit 1 without pyarrow.
  parquet_check.py dump FILE
      reads FILE with pyarrow.parquet and prints its canonical JSON (below), plus
      DuckDB read_parquet aggregates when duckdb imports.
  parquet_check.py write FILE VARIANT ROWS
      has pyarrow (or, for VARIANT "duckdb", DuckDB) write deterministic data to
      FILE in layout VARIANT, then prints the canonical JSON of what it wrote.
  parquet_check.py long FILE PROBES
      reads FILE (columns id, s STRING, b BINARY; values too long to print) with
      pyarrow and DuckDB and prints, per engine, each row's value as [length in
      bytes, sha256 hex] (BINARY as hex), the string statistics per row group, and
      DuckDB's row counts for s =, <, > each probe of the JSON list PROBES.

Canonical JSON: {"num_rows", "num_row_groups", "created_by",
  "schema": [{"name", "type" (str of the Arrow type), "nullable"}],
  "columns": {name: [value or null, ...]},
  "row_groups": [{"num_rows", "columns": {name: {"null_count", "min", "max",
                  "encodings", "compression"}}}],
  "duckdb": {"count", "columns": {name: {"count", "sum"?, "min"?, "max"?}}} or null}
Values are strings so that nothing is lost to JSON numbers: integers in decimal,
decimals as their unscaled integer, dates as days since 1970-01-01, doubles as the
unsigned 64-bit integer of their IEEE bit pattern, booleans "true"/"false".
"""
import datetime
import decimal
import json
import random
import struct
import sys

import pyarrow as pa
import pyarrow.parquet as pq

try:
    import duckdb
except ImportError:  # the DuckDB checks are optional
    duckdb = None

EPOCH = datetime.date(1970, 1, 1)


def canonical(value, arrow_type):
    if value is None:
        return None
    if pa.types.is_decimal(arrow_type):
        return str(int(value.scaleb(arrow_type.scale)))
    if pa.types.is_date32(arrow_type):
        return str((value - EPOCH).days)
    if pa.types.is_floating(arrow_type):
        return str(struct.unpack("<Q", struct.pack("<d", value))[0])
    if pa.types.is_boolean(arrow_type):
        return "true" if value else "false"
    if pa.types.is_integer(arrow_type):
        return str(value)
    return value


def row_group_stats(meta, schema):
    groups = []
    for g in range(meta.num_row_groups):
        rg = meta.row_group(g)
        columns = {}
        for c in range(rg.num_columns):
            col = rg.column(c)
            name = col.path_in_schema
            arrow_type = schema.field(name).type
            entry = {"encodings": sorted(col.encodings), "compression": col.compression}
            st = col.statistics
            if st is not None:
                entry["null_count"] = st.null_count if st.has_null_count else None
                if st.has_min_max:
                    entry["min"] = canonical(st.min, arrow_type)
                    entry["max"] = canonical(st.max, arrow_type)
            columns[name] = entry
        groups.append({"num_rows": rg.num_rows, "columns": columns})
    return groups


def duckdb_summary(path, schema):
    if duckdb is None:
        return None
    con = duckdb.connect()
    out = {"count": con.execute("select count(*) from read_parquet(?)", [path]).fetchone()[0], "columns": {}}
    for field in schema:
        q = '"' + field.name.replace('"', '""') + '"'
        t = field.type
        entry = {"count": con.execute(f"select count({q}) from read_parquet(?)", [path]).fetchone()[0]}
        if pa.types.is_integer(t) or pa.types.is_decimal(t):
            s = con.execute(f"select sum({q}) from read_parquet(?)", [path]).fetchone()[0]
            if pa.types.is_decimal(t) and s is not None:
                s = int(s.scaleb(t.scale))
            entry["sum"] = None if s is None else str(int(s))
        if pa.types.is_string(t) or pa.types.is_large_string(t) or pa.types.is_date32(t) or pa.types.is_integer(t):
            lo, hi = con.execute(f"select min({q}), max({q}) from read_parquet(?)", [path]).fetchone()
            entry["min"] = canonical(lo, t)
            entry["max"] = canonical(hi, t)
        out["columns"][field.name] = entry
    return out


def dump(path, with_duckdb=True):
    pf = pq.ParquetFile(path)
    table = pf.read()
    schema = table.schema
    return {
        "num_rows": table.num_rows,
        "num_row_groups": pf.metadata.num_row_groups,
        "created_by": pf.metadata.created_by,
        "schema": [{"name": f.name, "type": str(f.type), "nullable": f.nullable} for f in schema],
        "columns": {f.name: [canonical(v, f.type) for v in table.column(f.name).to_pylist()] for f in schema},
        "row_groups": row_group_stats(pf.metadata, schema),
        "duckdb": duckdb_summary(path, schema) if with_duckdb else None,
    }


def sample_table(rows):
    """Deterministic data of every type the engine maps, with NULLs, empty
    strings, multi-byte UTF-8, extreme integers and special doubles."""
    rng = random.Random(20240611)
    words = ["alpha", "beta", "gamma", "", "δέλτα", "日本語", "emoji 🎉", "x" * 40]
    specials = [0.0, -0.0, float("inf"), float("-inf"), float("nan"), 1e-300, -1.5, 2.5e10]

    def maybe(v, p=0.1):
        return None if rng.random() < p else v

    strings, larges, i64, i32, dates, decs, small_decs, doubles, bools = ([] for _ in range(9))
    for i in range(rows):
        strings.append(maybe(rng.choice(words) if rng.random() < 0.8 else f"unique-{i}-{rng.random()}"))
        larges.append(maybe(rng.choice(words) + str(i % 7)))
        i64.append(maybe(rng.choice([rng.randrange(-2**63, 2**63), -2**63, 2**63 - 1, rng.randrange(-1000, 1000)])))
        i32.append(rng.choice([rng.randrange(-2**31, 2**31), -2**31, 2**31 - 1, i]))
        dates.append(maybe(EPOCH + datetime.timedelta(days=rng.randrange(-50000, 50000))))
        decs.append(maybe(decimal.Decimal(rng.choice([rng.randrange(-10**18 + 1, 10**18), rng.randrange(-10**4, 10**4)])).scaleb(-2)))
        small_decs.append(maybe(decimal.Decimal(rng.randrange(-10**9 + 1, 10**9)).scaleb(-2)))
        doubles.append(maybe(rng.choice(specials) if rng.random() < 0.2 else rng.uniform(-1e6, 1e6)))
        bools.append(maybe(rng.random() < 0.5))
    schema = pa.schema([
        pa.field("s", pa.string()),
        pa.field("ls", pa.large_string()),
        pa.field("i64", pa.int64()),
        pa.field("i32", pa.int32(), nullable=False),
        pa.field("d", pa.date32()),
        pa.field("dec", pa.decimal128(18, 2)),
        pa.field("dec9", pa.decimal128(9, 2)),
        pa.field("f", pa.float64()),
        pa.field("b", pa.bool_()),
        pa.field("all_null", pa.int64()),
    ])
    return pa.table([strings, larges, i64, i32, dates, decs, small_decs, doubles, bools, [None] * rows], schema=schema)


VARIANTS = {
    # dictionary pages + RLE_DICTIONARY data pages, zstd
    "dict_zstd": dict(use_dictionary=True, compression="zstd"),
    "plain_gzip": dict(use_dictionary=False, compression="gzip"),
    "v2_zstd": dict(use_dictionary=True, compression="zstd", data_page_version="2.0"),
    "v2_plain_uncompressed": dict(use_dictionary=False, compression="none", data_page_version="2.0"),
    "decimal_as_integer": dict(use_dictionary=True, compression="zstd", store_decimal_as_integer=True),
    # a dictionary that outgrows its page limit: dictionary pages, then PLAIN
    "dict_fallback": dict(use_dictionary=True, compression="zstd", dictionary_pagesize_limit=256),
    # page indexes between the row groups and the footer, CRCs in page headers
    "page_index_crc": dict(use_dictionary=True, compression="gzip", write_page_index=True, write_page_checksum=True),
    # pyarrow's default codec; the reader must refuse it clearly
    "snappy": dict(use_dictionary=True, compression="snappy"),
}


def write(path, variant, rows):
    table = sample_table(rows)
    if variant == "duckdb":
        # DuckDB's own writer (row groups of 2048 rows so there are several).
        if duckdb is None:
            raise SystemExit("duckdb is not importable")
        con = duckdb.connect()
        con.register("t", table)
        con.execute(f"COPY t TO '{path}' (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 2048)")
        return dump(path, with_duckdb=False)
    if variant in ("timestamp", "nested"):
        # Types the engine does not map: the reader must refuse them by name.
        extra = (pa.array([datetime.datetime(2024, 1, 1)] * rows, pa.timestamp("us")) if variant == "timestamp"
                 else pa.array([[1, 2]] * rows, pa.list_(pa.int64())))
        pq.write_table(table.append_column("extra", extra), path)
        return {"written": path}
    options = dict(VARIANTS[variant])
    pq.write_table(table, path, row_group_size=max(1, rows // 3), data_page_size=2048, **options)
    return dump(path, with_duckdb=False)


def long_values(path, probes_path):
    import hashlib
    with open(probes_path) as f:
        probes = json.load(f)

    def digest(v):
        return None if v is None else [len(v), hashlib.sha256(v).hexdigest()]

    pf = pq.ParquetFile(path)
    table = pf.read()
    stats = []
    for g in range(pf.metadata.num_row_groups):
        st = pf.metadata.row_group(g).column(1).statistics
        stats.append(None if st is None or not st.has_min_max else
                     {"min": digest(st.min.encode()), "max": digest(st.max.encode())})
    out = {"pyarrow": {
        "types": [str(f.type) for f in table.schema],
        "s": [digest(v.encode()) if v is not None else None for v in table.column("s").to_pylist()],
        "b": [None if v is None else v.hex() for v in table.column("b").to_pylist()],
        "stats": stats,
    }}
    if duckdb is not None:
        con = duckdb.connect()
        rows = con.execute("select strlen(s), sha256(s), hex(b) from read_parquet(?) order by id", [path]).fetchall()
        meta = con.execute("select min_is_exact, max_is_exact from parquet_metadata(?) where path_in_schema = 's' "
                           "order by row_group_id", [path]).fetchall()
        filters = []
        for probe in probes:
            filters.append([con.execute(f"select count(*) from read_parquet(?) where s {op} ?", [path, probe]).fetchone()[0]
                            for op in ("=", "<", ">")])
        out["duckdb"] = {
            "s": [None if n is None else [n, h] for n, h, _ in rows],
            "b": [None if b is None else b.lower() for _, _, b in rows],
            "exact": [list(m) for m in meta],
            "filters": filters,
        }
    return out


def main(argv):
    if len(argv) >= 2 and argv[1] == "check":
        print(json.dumps({"pyarrow": pa.__version__, "duckdb": duckdb.__version__ if duckdb else None}))
    elif len(argv) == 3 and argv[1] == "dump":
        print(json.dumps(dump(argv[2])))
    elif len(argv) == 4 and argv[1] == "long":
        print(json.dumps(long_values(argv[2], argv[3])))
    elif len(argv) == 5 and argv[1] == "write":
        print(json.dumps(write(argv[2], argv[3], int(argv[4]))))
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
