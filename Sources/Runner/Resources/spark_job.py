#!/usr/bin/env python3
"""medallion's AtliQon x SportsBar pipeline as one PySpark job (written by `medallion export-spark`).

    python job.py --source DIR --lake DIR          # or: spark-submit job.py --source DIR --lake DIR

Same rules (PipelineRules.md; the rule tables are embedded below, as `medallion rules`
printed them), same source layout, same lake: the bronze/silver/gold/quarantine Delta
tables, `_medallion/state/orders_monthly`, and the `_medallion/runs/<batch>.json` run
manifests that hold the ingest ledger and every table commit. So medallion and this job
take turns on one lake: the first run is the backfill, later runs take only new files.

Where it runs: Spark 3.5+/4.x, Spark Connect (`SPARK_REMOTE`) and Databricks, through
`SparkSession.builder.getOrCreate()`. The executors read and parse the source files (Spark's
binaryFile reader, then this job's exact CSV reader in mapInArrow) and write the data files;
the driver lists the source and writes metadata only — the Delta logs and the run manifest
(one commit point per run, as medallion does) —, so the job needs no Delta package and works
on plain Spark too.
Paths: Spark reads and writes data by the URIs given (s3a://, abfss://, dbfs:/, local …); the
driver reaches the same places through the os module (local paths and mounts) or pyarrow.fs
(s3://, s3a://, gs://, hdfs://, abfs[s]://). A lake on an object store needs --single-writer:
the job cannot lock it there.
Python: pyarrow (which pyspark brings) on the driver and executors; `zstandard` (or Python
3.14) on the executors for zstd-compressed sources.
"""
from __future__ import annotations

import argparse
import datetime as dt
import fcntl
import gzip
import json
import os
import re
import shutil
import sys
import time
import uuid
from collections import Counter

from pyspark.sql import DataFrame, SparkSession, Window
from pyspark.sql import functions as F
from pyspark.sql import types as T

# The rule tables (`medallion rules`), embedded by `medallion export-spark`.
RULES_JSON = r'''__MEDALLION_RULES_JSON__'''
RULES = json.loads(RULES_JSON)

ENGINE = "medallion-spark/1"
col, lit = F.col, F.lit

# --------------------------------------------------------------------------- tables (Rules §1.1, §7)

SOURCE_TABLES = {  # name: (glob under --source, required columns)
    "parent_dim_customers": ("1_parent_company/full_load/dim_customers.csv*",
                             ["customer_code", "customer", "market", "platform", "channel"]),
    "parent_dim_products": ("1_parent_company/full_load/dim_products.csv*",
                            ["product_code", "division", "category", "product", "variant"]),
    "parent_dim_gross_price": ("1_parent_company/full_load/dim_gross_price.csv*", ["product_code", "price_inr", "year"]),
    "parent_fact_orders": ("1_parent_company/**/fact_orders*.csv*", ["date", "product_code", "customer_code", "sold_quantity"]),
    "customers": ("2_child_company/**/customers/*.csv*", ["customer_id", "customer_name", "city"]),
    "products": ("2_child_company/**/products/*.csv*", ["product_name", "product_id", "category"]),
    "gross_price": ("2_child_company/**/gross_price/*.csv*", ["product_id", "month", "gross_price"]),
    "orders": ("2_child_company/**/orders/**/*.csv*", ["order_id", "order_placement_date", "customer_id", "product_id", "order_qty"]),
}
CHILD_DIMS = ["customers", "products", "gross_price"]
PARENT_TABLES = ["parent_dim_customers", "parent_dim_products", "parent_dim_gross_price", "parent_fact_orders"]
# The order medallion runs (and reports) the source tables in.
FLOW_ORDER = ["customers", "products", "gross_price", "orders", *PARENT_TABLES]

LINEAGE = [("_source_file", "string", False), ("_source_line", "long", False), ("_batch_id", "long", False)]
REJECT = [("_reason", "string", False), ("_raw_record", "string", True), ("_raw_bytes", "binary", True)]
SHAPES = {  # "layer/name": ([(column, delta type, nullable)], partition columns)
    "silver/customers": ([("customer_id", "string", True), ("customer_name", "string", True), ("city", "string", True)], []),
    "silver/products": ([("product_code", "string", True), ("product_id", "string", True), ("division", "string", True),
                         ("category", "string", True), ("product", "string", True), ("variant", "string", True)], []),
    "silver/gross_price": ([("product_code", "string", True), ("product_id", "string", True), ("month", "date", True),
                            ("gross_price", "decimal(18,2)", True)], []),
    "silver/orders": ([("order_id", "string", True), ("order_date", "date", False), ("customer_id", "string", False),
                       ("product_id", "string", True), ("product_code", "string", True), ("order_qty", "long", False),
                       *LINEAGE, ("order_month", "date", False)], ["order_month"]),
    "gold/dim_customers": ([("customer_code", "string", True), ("customer", "string", True), ("market", "string", True),
                            ("platform", "string", True), ("channel", "string", True)], []),
    "gold/dim_products": ([("product_code", "string", True), ("division", "string", True), ("category", "string", True),
                           ("product", "string", True), ("variant", "string", True)], []),
    "gold/dim_gross_price": ([("product_code", "string", True), ("price_inr", "decimal(18,2)", True), ("year", "integer", True)], []),
    "gold/dim_date": ([("month_start_date", "date", False), ("date_key", "integer", False), ("year", "integer", False),
                       ("month_name", "string", False), ("month_short_name", "string", False), ("quarter", "string", False),
                       ("year_quarter", "string", False)], []),
    "_medallion/state/orders_monthly": ([("date", "date", True), ("product_code", "string", True), ("customer_code", "string", True),
                                         ("sold_quantity", "long", True)], ["date"]),
    "gold/fact_orders": ([("date", "date", True), ("product_code", "string", True), ("customer_code", "string", True),
                          ("sold_quantity", "long", True)], ["date"]),
    "gold/fact_orders_enriched": ([("date", "date", True), ("product_code", "string", True), ("customer_code", "string", True),
                                   ("date_key", "integer", True), ("year", "integer", True), ("month_name", "string", True),
                                   ("month_short_name", "string", True), ("quarter", "string", True),
                                   ("year_quarter", "string", True), ("customer", "string", True), ("market", "string", True),
                                   ("platform", "string", True), ("channel", "string", True), ("division", "string", True),
                                   ("category", "string", True), ("product", "string", True), ("variant", "string", True),
                                   ("sold_quantity", "long", True), ("price_inr", "decimal(18,2)", True),
                                   ("total_amount_inr", "decimal(18,2)", True)], ["date"]),
}
for _name, (_glob, _columns) in SOURCE_TABLES.items():
    SHAPES[f"bronze/{_name}"] = ([(c, "string", True) for c in _columns] + LINEAGE, [])
    SHAPES[f"quarantine/{_name}"] = ([(c, "string", True) for c in _columns] + LINEAGE + REJECT, [])
MANIFEST_ORDER = [  # the order a run's commits are listed in its manifest
    *[f"bronze/{t}" for t in CHILD_DIMS], "silver/customers", "quarantine/customers", "silver/products",
    "quarantine/products", "silver/gross_price", "quarantine/gross_price",
    *[x for t in PARENT_TABLES for x in (f"bronze/{t}", f"quarantine/{t}")],
    "bronze/orders", "silver/orders", "quarantine/orders",
    "gold/dim_customers", "gold/dim_products", "gold/dim_gross_price", "gold/dim_date",
    "_medallion/state/orders_monthly", "gold/fact_orders", "gold/fact_orders_enriched"]


def spark_type(name: str) -> T.DataType:
    if name.startswith("decimal"):
        precision, scale = re.findall(r"\d+", name)
        return T.DecimalType(int(precision), int(scale))
    return {"string": T.StringType(), "long": T.LongType(), "integer": T.IntegerType(), "date": T.DateType(),
            "binary": T.BinaryType()}[name]


def spark_schema(table: str) -> T.StructType:
    return T.StructType([T.StructField(c, spark_type(t), True) for c, t, _ in SHAPES[table][0]])


class JobError(Exception):
    """A failure with a message for the user (exit 1)."""


# --------------------------------------------------------------------------- source discovery (Rules §1.1, §1.5)


def glob_regex(pattern: str) -> re.Pattern:
    """`*` is any part of one name, `**/` any number of folders (none included)."""
    out, i = "", 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out, i = out + "(?:[^/]+/)*", i + 3
        elif pattern[i] == "*":
            out, i = out + "[^/]*", i + 1
        else:
            out, i = out + re.escape(pattern[i]), i + 1
    return re.compile(out + r"\Z", re.S)


def discover(source: "Store") -> dict[str, list[dict]]:
    """The source files per table (`path` relative to --source, `size`, `modified` ms), sorted
    byte by byte by path; on a local folder links are followed, each real folder once."""
    if not source.is_dir(""):
        raise JobError(f"--source {source.uri}: not a folder (expected 1_parent_company/…, 2_child_company/…)")
    patterns = {table: glob_regex(glob) for table, (glob, _) in SOURCE_TABLES.items()}
    found: dict[str, list[dict]] = {table: [] for table in SOURCE_TABLES}
    for rel, size, modified in source.files(""):
        for table, regex in patterns.items():
            if regex.match(rel):
                found[table].append({"path": rel, "size": size, "modified": modified})
                break
    for table in found:
        found[table].sort(key=lambda f: f["path"].encode())
    if not any(found.values()):
        raise JobError(f"--source {source.uri}: no source file found; expected "
                       + ", ".join(glob for glob, _ in SOURCE_TABLES.values()))
    return found


MASK = (1 << 64) - 1


def content_hash(data: bytes) -> str:
    """medallion's 128-bit fingerprint of a file's bytes as stored (Pipeline/Discovery/ContentHash.swift), bit for bit."""
    a, b = 0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F
    length, whole = len(data), len(data) // 8 * 8
    for (word,) in _words(memoryview(data)[:whole]):
        a = ((a ^ word) * 0xFF51AFD7ED558CCD) & MASK
        a = ((a << 31) | (a >> 33)) & MASK
        b = ((b + word) * 0xC4CEB9FE1A85EC53) & MASK
        b = ((b << 27) | (b >> 37)) & MASK
    rest = bytes(data[whole:])
    tail = int.from_bytes(rest, "little")
    word = tail ^ length
    a = ((a ^ word) * 0xFF51AFD7ED558CCD) & MASK
    a = ((a << 31) | (a >> 33)) & MASK
    b = ((b + word) * 0xC4CEB9FE1A85EC53) & MASK
    b = ((b << 27) | (b >> 37)) & MASK

    def avalanche(h: int) -> int:
        h ^= h >> 33
        h = (h * 0xFF51AFD7ED558CCD) & MASK
        h ^= h >> 33
        h = (h * 0xC4CEB9FE1A85EC53) & MASK
        return h ^ (h >> 33)
    return f"{avalanche(a ^ (b >> 1)):016x}{avalanche(b ^ ((a << 1) & MASK)):016x}"


def _words(data: bytes):
    import struct
    return struct.iter_unpack("<Q", data)


# --------------------------------------------------------------------------- CSV (Rules §1.2-§1.4, §2, §8.9)


def decompressed(data: bytes) -> bytes:
    """Rules §1.2: the codec is read from the first bytes, whatever the name says."""
    if data[:2] == b"\x1f\x8b":
        return gzip.decompress(data)  # every member, in a row
    if data[:4] == b"\x28\xb5\x2f\xfd":
        try:
            from compression import zstd  # Python 3.14+
            return zstd.decompress(data)
        except ImportError:
            import io
            import zstandard  # pip install zstandard
            with zstandard.ZstdDecompressor().stream_reader(io.BytesIO(data), read_across_frames=True) as r:
                return r.read()
    return data


def split_fields(record: bytes) -> tuple[list[bytes], bool]:
    """Fields of one record (commas outside quotes), and whether a quote stays open."""
    if 0x22 not in record:  # most records: no quotes, a plain split
        return record.split(b","), False
    fields, start, quoted = [], 0, False
    for i, byte in enumerate(record):
        if byte == 0x22:
            quoted = not quoted
        elif byte == 0x2C and not quoted:
            fields.append(record[start:i])
            start = i + 1
    fields.append(record[start:])
    return fields, quoted


QUOTED_FIELD = re.compile(rb'"((?:[^"]|"")*)"\Z', re.S)
OPEN_QUOTED_FIELD = re.compile(rb'"(?:[^"]|"")*\Z', re.S)


def field_value(raw: bytes) -> tuple[bytes | None, bool]:
    """The field's bytes (None: NULL) and whether it is a quote never closed (malformed)."""
    if raw.startswith(b'"'):
        m = QUOTED_FIELD.match(raw)
        if m:
            raw = m.group(1).replace(b'""', b'"')
        elif OPEN_QUOTED_FIELD.match(raw):
            return None, True
        # text after a closing quote: kept verbatim, quotes included
    return (raw if raw else None), False


def records(data: bytes):
    """(first physical line, record bytes, forced malformed) for every record; Rules §8.9:
    a quote still open at the end of the file makes its first line a malformed record and
    reading goes on with the next line."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if data.endswith(b"\n"):
        data = data[:-1]  # a final newline ends the last line, it does not start one
    starts = [0]
    pos = data.find(b"\n")
    while pos != -1:
        starts.append(pos + 1)
        pos = data.find(b"\n", pos + 1)
    n = len(starts) if data else 0

    def line(k: int) -> bytes:
        end = starts[k + 1] - 1 if k + 1 < n else len(data)
        text = data[starts[k]:end]
        return text[:-1] if text.endswith(b"\r") else text
    k = 0
    while k < n:
        first = line(k)
        if first == b"":
            k += 1
            continue
        parity, j = first.count(b'"') % 2, k
        while parity and j + 1 < n:
            j += 1
            parity = (parity + line(j).count(b'"')) % 2
        if parity:
            yield k + 1, first, True
            k += 1
            continue
        end = starts[j + 1] - 1 if j + 1 < n else len(data)
        text = data[starts[k]:end]
        yield k + 1, (text[:-1] if text.endswith(b"\r") else text), False
        k = j + 1


def parse_file(data: bytes, rel: str, table: str, extra: list[str]):
    """The file's records as `("row", [values…], line)` and `("reject", reason, line, raw
    bytes)`; the header's columns beyond the table's go to `extra`. A header without the
    table's columns raises JobError."""
    columns = SOURCE_TABLES[table][1]
    header, positions = None, []
    for line_no, raw, forced in records(decompressed(data)):
        if header is None:
            fields, _ = split_fields(raw)
            header = [(field_value(f)[0] or b"").decode("utf-8", "replace") for f in fields]
            for c in columns:
                if header.count(c) > 1:
                    raise JobError(f"{rel}: the header names column {c} twice")
                if c not in header:
                    raise JobError(f"{rel}: column {c} missing from the header {raw[:200]!r}")
            positions = [header.index(c) for c in columns]
            extra.extend(h for h in header if h not in columns)
            continue
        fields, still_open = split_fields(raw)
        values = [field_value(f) for f in fields]
        if forced or still_open or len(fields) != len(header) or any(bad for _, bad in values):
            yield "reject", "malformed_row", line_no, raw
            continue
        try:
            texts = [None if values[p][0] is None else values[p][0].decode("utf-8") for p in positions]
        except UnicodeDecodeError:
            yield "reject", "invalid_utf8", line_no, raw
            continue
        yield "row", texts, line_no, None


# --------------------------------------------------------------------------- reading the sources on the executors
# Spark's `binaryFile` reader brings each new file's bytes (as stored, compressed or not) to
# an executor, through whatever file system the cluster reaches (s3a://, abfss://, dbfs:/ …);
# `mapInArrow` runs the byte-exact reader above there, each file whole within one task, and
# returns the bronze rows, the rejects and one `file` row per file (its fingerprint, record
# count, reject counts, extra header columns or error). The driver only sees the `file` rows.

SOURCE_COLUMNS = sorted({c for _, columns in SOURCE_TABLES.values() for c in columns})
PARSED = [("_table", "string"), ("_kind", "string"), *[(c, "string") for c in SOURCE_COLUMNS],
          ("_source_file", "string"), ("_source_line", "long"), ("_reason", "string"), ("_raw_record", "string"),
          ("_raw_bytes", "binary"), ("_hash", "string"), ("_records", "long"), ("_counts", "string"),
          ("_extra", "string"), ("_error", "string")]
PARSED_CHUNK = 65536  # rows per Arrow batch an executor hands back


def source_file(path: str, files: dict[str, str]) -> str | None:
    """Which requested file (path relative to --source) a path the reader reports is: the
    longest tail of it that is one. Readers spell paths their own way — Spark `file:/x/a.csv`
    or `s3a://b/k`, Sail `x/a.csv`, or `k` without the bucket — but each ends with it."""
    from urllib.parse import unquote
    parts = unquote(re.sub(r"^[A-Za-z][A-Za-z0-9+.-]*:", "", path)).split("/")
    for i in range(len(parts)):
        tail = "/".join(parts[i:])
        if tail in files:
            return tail
    return None


def source_parser(files: dict[str, str]):
    """The `mapInArrow` function over binaryFile's (path, content) rows; `files` maps each
    requested file (path relative to --source) to its table."""
    def parse(batches):
        import pyarrow as pa
        types = {"string": pa.string(), "long": pa.int64(), "binary": pa.binary()}
        schema = pa.schema([(name, types[kind]) for name, kind in PARSED])
        for batch in batches:
            paths = batch.column(batch.schema.get_field_index("path")).to_pylist()
            contents = batch.column(batch.schema.get_field_index("content"))
            for i, path in enumerate(paths):
                rel = source_file(path, files)
                if rel is not None:  # the driver reports a requested file that never came back
                    yield from parsed_batches(files[rel], rel, contents[i].as_py(), schema)
    return parse


def parsed_batches(table: str, rel: str, data: bytes, schema):
    """One file's rows as Arrow batches of PARSED, then its `file` row."""
    import pyarrow as pa
    columns = SOURCE_TABLES[table][1]
    counts: dict[str, int] = {}
    extra: list[str] = []
    error, records_seen, pending = None, 0, []

    def batch(chunk):
        n = len(chunk)
        arrays = {"_table": [table] * n, "_kind": [r[0] for r in chunk], "_source_file": [rel] * n,
                  "_source_line": [r[2] for r in chunk]}
        rows = [r for r in chunk if r[0] == "row"]
        if len(rows) == n:
            for j, c in enumerate(columns):
                arrays[c] = [r[1][j] for r in chunk]
        else:
            for j, c in enumerate(columns):
                arrays[c] = [r[1][j] if r[0] == "row" else None for r in chunk]
            arrays["_reason"] = [r[1] if r[0] == "reject" else None for r in chunk]
            arrays["_raw_record"] = [_utf8_or_none(r[3]) if r[0] == "reject" else None for r in chunk]
            arrays["_raw_bytes"] = [r[3] if r[0] == "reject" else None for r in chunk]
        return pa.RecordBatch.from_arrays(
            [pa.array(arrays[f.name], f.type) if f.name in arrays else pa.nulls(n, f.type) for f in schema],
            schema=schema)

    try:
        for record in parse_file(data, rel, table, extra):
            records_seen += 1
            if record[0] == "reject":
                counts[record[1]] = counts.get(record[1], 0) + 1
            pending.append(record)
            if len(pending) == PARSED_CHUNK:
                yield batch(pending)
                pending = []
    except JobError as failure:
        error = str(failure)
    except Exception as failure:  # a damaged gzip or zstd stream, a missing zstd module …
        error = f"{rel}: cannot read ({type(failure).__name__}: {failure})"
    if pending and error is None:
        yield batch(pending)
    file_row = {"_table": [table], "_kind": ["file"], "_source_file": [rel], "_hash": [content_hash(data)],
                "_records": [records_seen], "_counts": [json.dumps(counts, sort_keys=True)],
                "_extra": [json.dumps(extra)], "_error": [error]}
    yield pa.RecordBatch.from_arrays(
        [pa.array(file_row[f.name], f.type) if f.name in file_row else pa.nulls(1, f.type) for f in schema], schema=schema)


GLOB_CHARACTERS = re.compile(r"[*?\[\]{}\\]")


def read_sources(spark: SparkSession, source: "Store", new: dict[str, list[dict]]) -> DataFrame:
    """Every new file parsed on the executors: a DataFrame of PARSED (computed lazily)."""
    files, uris = {}, []
    for table, entries in new.items():
        for entry in entries:
            uri = source.spark(entry["path"])
            if GLOB_CHARACTERS.search(entry["path"]):
                raise JobError(f"{uri}: Spark reads paths as glob patterns, so this job cannot read a file whose"
                               " name holds * ? [ ] { } or \\; rename it (medallion itself reads it)")
            files[entry["path"]] = table
            uris.append(uri)
    schema = T.StructType([T.StructField(name, spark_type(kind), True) for name, kind in PARSED])
    return spark.read.format("binaryFile").load(uris).select("path", "content").mapInArrow(source_parser(files), schema)


# --------------------------------------------------------------------------- the lake: Delta logs, data files, manifests


def now_ms() -> int:
    return int(time.time() * 1000)


def compact(value) -> str:
    return json.dumps(value, separators=(",", ":"), sort_keys=True, ensure_ascii=False)


# --------------------------------------------------------------------------- the driver's file system layer
# The driver lists the source and reads and writes the lake's metadata (Delta logs, run
# manifests, the lock) and moves Spark's data files into place: on a local folder (or a mount:
# NFS, /dbfs, /Volumes) with the os module, elsewhere through pyarrow.fs. Spark itself reads the
# source files and writes the data files through the URI as given.

SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
SUPPORTED = ("local paths and mounts (NFS, /dbfs/…, /Volumes/…), file://, dbfs:/ where /dbfs is mounted, "
             "and what pyarrow.fs opens: s3:// s3a:// s3n:// (credentials from the AWS environment), gs://, "
             "hdfs:// (libhdfs), abfs:// abfss:// (pyarrow built with Azure)")


class Store:
    """A folder the driver reads and writes by paths relative to it (`a/b.json`), and the URI
    Spark reads and writes the same files by (`spark(rel)`)."""

    def __init__(self, uri: str, flag: str):
        self.uri, self.flag = uri, flag
        self.local, self.fs, self.root = None, None, None
        match = SCHEME.match(uri)
        scheme = match.group(1).lower() if match and len(match.group(1)) > 1 else None  # C:\\ is a drive
        if scheme in (None, "file"):
            path = re.sub(r"^file:(//)?", "", uri) if scheme else uri
            self.local = os.path.abspath(path)
            self.spark_root = self.local
        elif scheme == "dbfs" and os.path.isdir("/dbfs"):
            self.local = "/dbfs/" + uri[len("dbfs:"):].lstrip("/")  # Databricks' FUSE mount of DBFS
            self.spark_root = uri.rstrip("/")
        else:
            arrow_uri = re.sub(r"^s3[an]://", "s3://", uri, flags=re.I)
            try:
                from pyarrow import fs as arrow_fs
                self.fs, root = arrow_fs.FileSystem.from_uri(arrow_uri)
            except Exception as error:
                raise JobError(f"{flag} {uri}: the driver lists the source and writes the lake's metadata (Delta logs, "
                               f"ledger, run manifests) itself, and cannot open `{scheme}:` here ({error}). "
                               f"Supported: {SUPPORTED}.")
            self.root = root.rstrip("/")
            self.spark_root = uri.rstrip("/")

    @property
    def remote(self) -> bool:
        return self.fs is not None

    def path(self, rel: str) -> str:
        """The driver's path of `rel` (an OS path, or the pyarrow.fs path)."""
        if self.local is not None:
            return os.path.join(self.local, rel) if rel else self.local
        return f"{self.root}/{rel}" if rel else self.root

    def spark(self, rel: str) -> str:
        """The URI Spark reads or writes `rel` by."""
        return f"{self.spark_root}/{rel}" if rel else self.spark_root

    def _info(self, rel: str):
        return self.fs.get_file_info(self.path(rel))

    def is_dir(self, rel: str) -> bool:
        if self.local is not None:
            return os.path.isdir(self.path(rel))
        from pyarrow import fs as arrow_fs
        return self._info(rel).type == arrow_fs.FileType.Directory

    def exists(self, rel: str) -> bool:
        if self.local is not None:
            return os.path.exists(self.path(rel))
        from pyarrow import fs as arrow_fs
        return self._info(rel).type != arrow_fs.FileType.NotFound

    def names(self, rel: str) -> list[str]:
        """The names in folder `rel` (none when it does not exist)."""
        if not self.is_dir(rel):
            return []
        if self.local is not None:
            return os.listdir(self.path(rel))
        from pyarrow import fs as arrow_fs
        return [i.base_name for i in self.fs.get_file_info(arrow_fs.FileSelector(self.path(rel)))]

    def files(self, rel: str) -> list[tuple[str, int, int]]:
        """Every file under `rel`: (path relative to `rel`, size, modified ms). Locally links
        are followed, each real folder once."""
        out = []
        if self.local is not None:
            top, seen = self.path(rel), set()
            for root, folders, names in os.walk(top, followlinks=True):
                real = os.path.realpath(root)
                if real in seen:
                    folders[:] = []
                    continue
                seen.add(real)
                folders.sort()
                for name in names:
                    full_path = os.path.join(root, name)
                    if os.path.isfile(full_path):
                        st = os.stat(full_path)
                        out.append((os.path.relpath(full_path, top).replace(os.sep, "/"), st.st_size,
                                    st.st_mtime_ns // 1_000_000))
            return out
        from pyarrow import fs as arrow_fs
        top = self.path(rel)
        if not self.is_dir(rel):
            return out
        for info in self.fs.get_file_info(arrow_fs.FileSelector(top, recursive=True)):
            if info.type == arrow_fs.FileType.File:
                modified = info.mtime_ns // 1_000_000 if info.mtime_ns is not None else 0
                out.append((info.path[len(top):].lstrip("/"), info.size, modified))
        return out

    def read(self, rel: str) -> bytes:
        if self.local is not None:
            with open(self.path(rel), "rb") as f:
                return f.read()
        with self.fs.open_input_stream(self.path(rel)) as f:
            return f.read()

    def open_input(self, rel: str):
        """A seekable file (for pyarrow.parquet)."""
        return open(self.path(rel), "rb") if self.local is not None else self.fs.open_input_file(self.path(rel))

    def size(self, rel: str) -> int:
        return os.path.getsize(self.path(rel)) if self.local is not None else self._info(rel).size

    def makedirs(self, rel: str) -> None:
        if self.local is not None:
            os.makedirs(self.path(rel), exist_ok=True)
        else:
            self.fs.create_dir(self.path(rel), recursive=True)

    def write(self, rel: str, data: bytes) -> None:
        if self.local is not None:
            with open(self.path(rel), "wb") as f:
                f.write(data)
        else:
            with self.fs.open_output_stream(self.path(rel)) as f:
                f.write(data)

    def create_exclusive(self, rel: str, data: bytes) -> bool:
        """Creates `rel` with `data` (durably), or returns False when it exists. Atomic on a
        local folder; on an object store a check, then a write (Run takes --single-writer)."""
        if self.local is not None:
            return write_exclusive(self.path(rel), data)
        if self.exists(rel):
            return False
        self.write(rel, data)
        return True

    def move(self, source: str, target: str) -> None:
        if self.local is not None:
            os.replace(self.path(source), self.path(target))
        else:
            self.fs.move(self.path(source), self.path(target))

    def delete(self, rel: str) -> None:
        if self.local is not None:
            if os.path.exists(self.path(rel)):
                os.unlink(self.path(rel))
        elif self.exists(rel):
            self.fs.delete_file(self.path(rel))

    def delete_tree(self, rel: str) -> None:
        if self.local is not None:
            shutil.rmtree(self.path(rel), ignore_errors=True)
        else:
            try:
                self.fs.delete_dir(self.path(rel))
            except (OSError, FileNotFoundError):
                pass


class Table:
    """One Delta table of the lake: its live files (log replay) and its next commit."""

    def __init__(self, store: Store, name: str):
        self.name, self.store = name, store
        self.log = f"{name}/_delta_log"
        self.version, self.files = -1, {}  # path -> add action
        versions = sorted(int(f[:20]) for f in store.names(self.log) if re.fullmatch(r"\d{20}\.json", f))
        for v in versions:
            for text in store.read(f"{self.log}/{v:020d}.json").decode("utf-8").splitlines():
                if not text.strip():
                    continue
                action = json.loads(text)
                if "add" in action:
                    self.files[action["add"]["path"]] = action["add"]
                elif "remove" in action:
                    self.files.pop(action["remove"]["path"], None)
            self.version = v

    @property
    def exists(self) -> bool:
        return self.version >= 0

    def file(self, add_path: str) -> str:
        """The lake-relative path of a file the log names."""
        return f"{self.name}/{_unescape(add_path)}"

    def partition_values(self, column: str) -> set[str]:
        return {a["partitionValues"].get(column) for a in self.files.values() if a["partitionValues"].get(column)}


class Lake:
    """The lake folder: tables, the lock, the run manifests and the commit of one run."""

    def __init__(self, store: Store):
        self.store = store
        self.path = store.uri
        self.meta = "_medallion"
        self.runs = "_medallion/runs"
        self.tables: dict[str, Table] = {}
        self.pending: dict[str, dict] = {}  # table -> {"adds", "removes", "operation", "rows", "mode"}

    def table(self, name: str) -> Table:
        if name not in self.tables:
            self.tables[name] = Table(self.store, name)
        return self.tables[name]

    def lock(self, single_writer: bool):
        """The lake's lock (a local folder: `flock` on `_medallion/lock`, as medallion takes it).
        An object store has no lock this job can take: the user vouches with --single-writer."""
        if self.store.remote:
            if not single_writer:
                raise JobError(f"--lake {self.path}: on an object store this job cannot take the lake's lock nor "
                               "create the run manifest atomically; pass --single-writer to confirm that no other run "
                               "(medallion or Spark) writes this lake meanwhile, or use a mounted path")
        self.store.makedirs(self.runs)
        self.store.makedirs(f"{self.meta}/tmp")
        if self.store.remote:
            return None
        handle = open(self.store.path(f"{self.meta}/lock"), "a+")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise JobError(f"{self.path}: another run holds the lake's lock (_medallion/lock)")
        except OSError as error:  # a file system without flock: say so rather than run unguarded
            raise JobError(f"{self.path}/_medallion/lock: cannot lock ({error.strerror}); run one writer at a time")
        return handle

    def manifests(self) -> list[dict]:
        names = sorted(f for f in self.store.names(self.runs) if re.fullmatch(r"\d{10}\.json", f))
        return [json.loads(self.store.read(f"{self.runs}/{name}").decode("utf-8")) for name in names]

    def ingested(self, manifests: list[dict]) -> dict[str, dict]:
        """The ledger: files ingested since the last full refresh, the latest record of a path."""
        files: dict[str, dict] = {}
        for run in reversed(manifests):
            for file in run["files"]:
                files.setdefault(file["path"], file)
            if run["mode"] == "full-refresh":
                break
        return files

    def recover(self, manifests: list[dict]) -> None:
        """Publishes the commits of a run that died after its manifest (the next run's duty)."""
        if manifests:
            self.publish(manifests[-1])

    def publish(self, manifest: dict) -> None:
        for entry in manifest["commits"]:
            table = entry["table"]
            log = f"{table['layer']}/{table['name']}/_delta_log"
            self.store.makedirs(log)
            target = f"{log}/{entry['commit']['version']:020d}.json"
            if self.store.exists(target):
                continue
            self.store.create_exclusive(target, entry["commit"]["contents"].encode())

    # -- one run's commit

    def stage(self, name: str, files: list[dict], mode: str, operation: str, rows: int, replace=None) -> None:
        """Queues `files` (add actions) for `name`: `append`, `overwrite`, or `replace` the
        partitions `replace = (column, values)`."""
        table = self.table(name)
        removes = []
        if mode == "overwrite":
            removes = list(table.files.values())
        elif replace:
            column, values = replace
            removes = [a for a in table.files.values() if a["partitionValues"].get(column) in values]
        self.pending[name] = {"adds": files, "removes": removes, "mode": mode, "operation": operation, "rows": rows,
                              "replace": replace}

    def commit_text(self, name: str) -> tuple[int, str]:
        table, change = self.table(name), self.pending[name]
        columns, partitions = SHAPES[name]
        stamp = now_ms()
        adds, removes = change["adds"], change["removes"]
        parameters = {"mode": "Append" if change["mode"] == "append" else "Overwrite",
                      "partitionBy": json.dumps(partitions, separators=(",", ":"))}
        if change["replace"]:
            column, values = change["replace"]
            parameters["replaceWhere"] = " OR ".join(f"{column} = '{v}'" for v in sorted(values))
        if not table.exists:
            parameters["mode"] = "ErrorIfExists"
        info = {"engineInfo": ENGINE, "isBlindAppend": change["mode"] == "append" and not removes,
                "operation": "WRITE", "timestamp": stamp,
                "operationMetrics": {"medallionOperation": change["operation"], "numAddedFiles": str(len(adds)),
                                     "numFiles": str(len(adds)), "numOutputBytes": str(sum(a["size"] for a in adds)),
                                     "numOutputRows": str(change["rows"]), "numRemovedFiles": str(len(removes))},
                "operationParameters": parameters}
        if table.exists:
            info["readVersion"] = table.version
        lines = [{"commitInfo": info}]
        if not table.exists:
            schema = {"type": "struct", "fields": [{"name": c, "type": t, "nullable": n, "metadata": {}} for c, t, n in columns]}
            lines.append({"protocol": {"minReaderVersion": 1, "minWriterVersion": 2}})
            lines.append({"metaData": {"id": str(uuid.uuid4()), "format": {"provider": "parquet", "options": {}},
                                       "schemaString": compact(schema), "partitionColumns": partitions,
                                       "configuration": {}, "createdTime": stamp}})
        for r in removes:
            lines.append({"remove": {"path": r["path"], "deletionTimestamp": stamp, "dataChange": True,
                                     "extendedFileMetadata": True, "partitionValues": r["partitionValues"],
                                     "size": r["size"]}})
        for a in adds:
            lines.append({"add": {**a, "modificationTime": stamp}})
        return table.version + 1, "".join(compact(line) + "\n" for line in lines)

    def commit(self, batch: int, mode: str, source: str, started: str, files: list[dict], summary: dict) -> None:
        """Writes the run manifest (the commit point), then publishes every table's commit."""
        commits = []
        for name in sorted(self.pending, key=MANIFEST_ORDER.index):
            version, contents = self.commit_text(name)
            layer, table = name.rsplit("/", 1)
            commits.append({"table": {"layer": layer, "name": table}, "commit": {"version": version, "contents": contents},
                            "rowsWritten": self.pending[name]["rows"], "operation": self.pending[name]["operation"]})
            summary["tableVersions"][name] = version
            summary["rowsWritten"][name] = self.pending[name]["rows"]
        manifest = {"batchId": batch, "mode": mode, "source": source, "startedAt": started,
                    "committedAt": f"{dt.datetime.now(dt.timezone.utc):%Y-%m-%dT%H:%M:%SZ}",
                    "commits": commits, "files": files, "summary": summary}
        target = f"{self.runs}/{batch:010d}.json"
        if not self.store.create_exclusive(target, json.dumps(manifest, sort_keys=True, ensure_ascii=False,
                                                  separators=(",", ":")).encode()):
            raise JobError(f"{self.store.spark(target)}: another run already committed batch {batch}")
        self.publish(manifest)


def write_exclusive(path: str, data: bytes) -> bool:
    """Creates `path` with `data` (durably), or returns False when it exists."""
    temp = f"{path}.{uuid.uuid4().hex}.tmp"
    with open(temp, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    try:
        os.link(temp, path)  # atomic, fails when the name is taken
        return True
    except FileExistsError:
        return False
    except OSError:  # no hard links (FUSE mounts such as /dbfs): exclusive create, then write
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        except FileExistsError:
            return False
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        return True
    finally:
        os.unlink(temp)


class Writer:
    """Spark writes a table's rows as Parquet under `_medallion/tmp/`; the files then move
    into the table folder under unique names, invisible until the run's commit names them."""

    def __init__(self, lake: Lake):
        self.lake, self.store = lake, lake.store
        self.scratch = f"{lake.meta}/tmp/spark-{uuid.uuid4().hex}"

    def write(self, name: str, frame: DataFrame, one_file: bool = False) -> tuple[list[dict], int]:
        columns, partitions = SHAPES[name]
        frame = frame.select(*[col(c).cast(spark_type(t)).alias(c) for c, t, _ in columns])
        out = f"{self.scratch}/{name.replace('/', '__')}"
        writer = (frame.coalesce(1) if one_file else frame).write.mode("overwrite").option("compression", "zstd")
        if partitions:
            writer = writer.partitionBy(*partitions)
        writer.parquet(self.store.spark(out))
        return self._adopt(name, out, partitions)

    def _adopt(self, name: str, out: str, partitions: list[str]) -> tuple[list[dict], int]:
        import pyarrow.parquet as pq
        adds, total = [], 0
        for rel, _, _ in sorted(self.store.files(out)):
            if not rel.endswith(".parquet"):
                continue
            with self.store.open_input(f"{out}/{rel}") as f:
                rows = pq.ParquetFile(f).metadata.num_rows
            if rows == 0:
                continue
            folder = rel.rpartition("/")[0]
            values = {}
            for part in folder.split("/") if folder else []:
                key, _, value = part.partition("=")
                values[key] = None if value == "__HIVE_DEFAULT_PARTITION__" else _unescape(value)
            relative = (folder + "/" if folder else "") + f"part-{uuid.uuid4()}.zstd.parquet"
            target = f"{name}/{relative}"
            self.store.makedirs(target.rpartition("/")[0])
            self.store.move(f"{out}/{rel}", target)
            adds.append({"path": relative, "partitionValues": {p: values.get(p) for p in partitions},
                         "size": self.store.size(target), "dataChange": True, "stats": compact({"numRecords": rows})})
            total += rows
        return adds, total

    def materialized(self, frame: DataFrame) -> DataFrame:
        """`frame` computed once and read back (it feeds several writes and counts): a scratch
        Parquet copy works on every Spark, Connect and Sail alike, unlike cache/checkpoint."""
        self.count = getattr(self, "count", 0) + 1
        out = self.store.spark(f"{self.scratch}/step-{self.count}")
        frame.write.mode("overwrite").parquet(out)
        return frame.sparkSession.read.schema(frame.schema).parquet(out)

    def cleanup(self) -> None:
        self.store.delete_tree(self.scratch)


def _unescape(text: str) -> str:
    return re.sub(r"%([0-9A-Fa-f]{2})", lambda m: chr(int(m.group(1), 16)), text)


def read_table(spark: SparkSession, lake: Lake, name: str, partition_filter=None) -> DataFrame:
    """The table's live rows (partition columns from the log); `partition_filter(values)` picks files."""
    table, schema = lake.table(name), spark_schema(name)
    columns, partitions = SHAPES[name]
    groups: dict[tuple, list[str]] = {}
    for add in table.files.values():
        values = add["partitionValues"]
        if partition_filter and not partition_filter(values):
            continue
        key = tuple(values.get(p) for p in partitions)
        groups.setdefault(key, []).append(lake.store.spark(table.file(add["path"])))
    data_schema = T.StructType([f for f in schema.fields if f.name not in partitions])
    frames = []
    for key, paths in sorted(groups.items(), key=lambda kv: str(kv[0])):
        frame = spark.read.schema(data_schema).parquet(*sorted(paths))
        for p, value in zip(partitions, key):
            frame = frame.withColumn(p, lit(value).cast(spark_type(dict((c, t) for c, t, _ in columns)[p])))
        frames.append(frame.select(*schema.fieldNames()))
    if not frames:
        return spark.createDataFrame([], schema)
    out = frames[0]
    for frame in frames[1:]:
        out = out.unionByName(frame)
    return out


def read_small_in_order(spark: SparkSession, lake: Lake, name: str) -> DataFrame:
    """A small table's rows in stored order, numbered in `_ord` (silver dims: Rules §8.6 "first")."""
    import pyarrow.parquet as pq
    table, schema = lake.table(name), spark_schema(name)
    rows = []
    for add in table.files.values():  # log order = write order
        with lake.store.open_input(table.file(add["path"])) as f:
            rows.extend(pq.read_table(f).to_pylist())
    return spark.createDataFrame([tuple(r.get(f.name) for f in schema.fields) + (i,) for i, r in enumerate(rows)],
                                 T.StructType(schema.fields + [T.StructField("_ord", T.LongType())]))


# --------------------------------------------------------------------------- scalar rules as Spark expressions (Rules §3, §8)
# Every regex here means the same in java.util.regex (Spark) and Rust's regex (Sail): no
# look-around, no possessives, [0-9] rather than \d, \z for the end of the text.

INVALID_ID = RULES["invalidIdReplacement"]


def full(regex: str) -> str:
    return "^(?:" + regex + r")\z"


def matches(c, regex: str):
    return F.coalesce(c.rlike(full(regex)), lit(False))


def is_digits(c):
    return matches(c, "[0-9]+")


def initcap(c):
    """§3: lower-case, then upper-case the first character of each word between single spaces."""
    words = F.split(F.lower(c), " ", -1)
    return F.array_join(F.transform(words, lambda w: F.concat(F.upper(F.substring(w, 1, 1)), F.substring(w, 2, 1 << 30))), " ")


def trim_spaces(c):
    """§8.10: spaces only, not tabs."""
    return F.regexp_replace(c, "^ +| +$", "")


def map_values(c, mapping: dict, default):
    expr = None
    for key, value in mapping.items():
        expr = F.when(c == key, lit(value)) if expr is None else expr.when(c == key, lit(value))
    return default if expr is None else expr.otherwise(default)


def safe_long(c):
    """BIGINT of a digit string (with optional sign); NULL when it does not fit (no failing cast)."""
    digits = F.regexp_replace(F.regexp_replace(c, "^[+-]", ""), "^0+", "")
    negative = c.startswith("-")
    fits = (F.length(digits) < 19) | ((F.length(digits) == 19) & (digits <= F.when(negative, lit("9223372036854775808"))
                                                                     .otherwise(lit("9223372036854775807"))))
    return F.when(matches(c, "[+-]?[0-9]+") & fits, c.cast("long"))


def safe_int(c):
    value = safe_long(c)
    return F.when(value.between(-2147483648, 2147483647), value.cast("int"))


MONEY = T.DecimalType(18, 2)


def money(c):
    """DECIMAL(18,2) of `[+-]?digits[.digits]`, rounded half-up away from zero; NULL when 10^16 or more."""
    ints = F.regexp_replace(F.regexp_extract(c, "^[+-]?([0-9]+)", 1), "^0+", "")
    frac = F.regexp_extract(c, "[.]([0-9]+)$", 1)
    cents = F.when(F.length(ints) <= 16, F.concat(ints, F.rpad(F.substring(frac, 1, 2), 2, "0")).cast("long")
                   + F.when(F.substring(frac, 3, 1) >= "5", 1).otherwise(0))
    sign = F.when(c.startswith("-") & (cents > 0), lit("-")).otherwise(lit(""))
    text = F.concat(sign, F.floor(cents / 100).cast("long").cast("string"), lit("."),
                    F.lpad((cents % 100).cast("string"), 2, "0"))
    return F.when(cents < 10 ** 18, text.cast(MONEY))


def gross_price_value(c):
    """§3.3 step 2, §8.4: |value| rounded half-up; not a price or too large: 0."""
    zero = lit(0).cast(MONEY)
    return F.when(matches(c, "-?[0-9]+([.][0-9]+)?"), F.coalesce(money(F.regexp_replace(c, "^-", "")), zero)).otherwise(zero)


def civil_date(y, m, d):
    """§8.2: the date when it exists (years 0001-9999), else NULL."""
    days = (F.when(m.isin(4, 6, 9, 11), 30)
            .when(m == 2, F.when(((y % 4 == 0) & (y % 100 != 0)) | (y % 400 == 0), 29).otherwise(28))
            .otherwise(31))
    valid = (y >= 1) & (m >= 1) & (m <= 12) & (d >= 1) & (d <= days)
    text = F.concat(F.lpad(y.cast("string"), 4, "0"), lit("-"), F.lpad(m.cast("string"), 2, "0"), lit("-"),
                    F.lpad(d.cast("string"), 2, "0"))
    return F.when(valid, F.to_date(text, "yyyy-MM-dd"))


def layout_regex(layout: str) -> tuple[str, list[str]]:
    """A date layout (`yyyy/MM/dd`, `MMMM dd, yyyy`, …) as a regex and its group order."""
    out, parts, i = "", [], 0
    while i < len(layout):
        for token, regex in (("MMMM", "([A-Za-z]+)"), ("yyyy", "([0-9]{4})"), ("MM", "([0-9]{2})"), ("dd", "([0-9]{2})")):
            if layout.startswith(token, i):
                out, i = out + regex, i + len(token)
                parts.append(token)
                break
        else:
            out, i = out + re.escape(layout[i]).replace("\\ ", " "), i + 1
    return out, parts


def parse_date(c, layouts: list[str]):
    """The first layout matching the whole text; the date must exist (§8.2)."""
    months = F.array(*[lit(m.lower()) for m in RULES["monthNames"]])
    chain = None
    for layout in layouts:
        regex, parts = layout_regex(layout)
        group = {p: F.regexp_extract(c, full(regex), i + 1) for i, p in enumerate(parts)}
        y = group["yyyy"].cast("int")
        m = (F.array_position(months, F.lower(group["MMMM"])) if "MMMM" in group else group["MM"].cast("int")).cast("int")
        d = group["dd"].cast("int")
        value = F.when(matches(c, regex), civil_date(y, m, d))
        chain = F.when(value.isNotNull(), value) if chain is None else chain.when(value.isNotNull(), value)
    return chain.otherwise(lit(None).cast("date"))


def whole_number(c):
    """§3.4 step 1, §8.1: the exact whole value of a number; NULL when it is not a number, has a
    non-zero fraction, is below 0 or beyond BIGINT."""
    parts = "([+-]?)([0-9]*)[.]?([0-9]*)(?:[eE]([+-]?[0-9]+))?"
    part = lambda i: F.regexp_extract(c, full(parts), i)
    sign, ints, frac, exp = part(1), part(2), part(3), part(4)
    digits = F.regexp_replace(F.concat(ints, frac), "^0+", "")
    core = F.regexp_replace(digits, "0+$", "")
    expabs = F.regexp_replace(F.regexp_replace(exp, "^[+-]", ""), "^0+", "")
    power = (F.when(F.length(expabs).between(1, 9), expabs.cast("long") * F.when(exp.startswith("-"), -1).otherwise(1))
             .otherwise(0) - F.length(frac) + F.length(digits) - F.length(core))
    text = F.when(power >= 0, F.rpad(core, (F.length(core) + power).cast("int"), lit("0")))
    general = (F.when(digits == "", lit(0).cast("long"))
               .when((sign == "-") | (F.length(expabs) > 9) | (power < 0) | (F.length(core) + power > 19), lit(None).cast("long"))
               .otherwise(safe_long(text)))
    number = "[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?"
    return F.when(matches(c, number), general)


def spelling_fixed(c):
    for wrong, right in RULES["spellingFixes"].items():
        c = F.regexp_replace(c, "(?i)" + re.escape(wrong), right)
    return c


def first_by(frame: DataFrame, keys: list[str], order: list) -> DataFrame:
    """The first row of each key by `order` (NULL keys are one key, as in DISTINCT)."""
    return frame.withColumn("_k", F.row_number().over(Window.partitionBy(*keys).orderBy(*order))).filter(col("_k") == 1).drop("_k")


INPUT_ORDER = ["_source_file", "_source_line"]


# --------------------------------------------------------------------------- silver (Rules §3)


def silver_customers(bronze: DataFrame) -> tuple[DataFrame, DataFrame]:
    """§3.1: (silver rows with their input order, duplicates)."""
    ranked = bronze.withColumn("_k", F.row_number().over(Window.partitionBy("customer_id").orderBy(*INPUT_ORDER)))
    fixed = map_values(col("city"), RULES["cityTypos"], col("city"))
    silver = (ranked.filter(col("_k") == 1).select(
        "customer_id", initcap(trim_spaces(col("customer_name"))).alias("customer_name"),
        F.coalesce(F.when(fixed.isin(*RULES["allowedCities"]), fixed),
                   map_values(col("customer_id"), RULES["confirmedCityFixes"], lit(None).cast("string"))).alias("city"),
        *INPUT_ORDER))
    return silver, ranked.filter(col("_k") > 1).drop("_k").withColumn("_reason", lit("duplicate"))


def silver_products(bronze: DataFrame) -> tuple[DataFrame, DataFrame]:
    """§3.2."""
    ranked = bronze.withColumn("_k", F.row_number().over(Window.partitionBy("product_id").orderBy(*INPUT_ORDER)))
    first = (ranked.filter(col("_k") == 1)
             .withColumn("product", spelling_fixed(col("product_name")))
             .withColumn("category", spelling_fixed(initcap(col("category")))))
    silver = first.select(
        F.sha2(col("product"), 256).alias("product_code"),
        F.when(is_digits(col("product_id")), col("product_id")).otherwise(lit(INVALID_ID)).alias("product_id"),
        map_values(col("category"), RULES["divisionByCategory"], lit(RULES["otherDivision"])).alias("division"),
        "category", "product",
        F.when(col("product").isNotNull(), F.regexp_extract("product", r"[(]([^)]*)[)]", 1)).alias("variant"),
        *INPUT_ORDER)
    return silver, ranked.filter(col("_k") > 1).drop("_k").withColumn("_reason", lit("duplicate"))


def product_lookup(products: DataFrame, order: list) -> DataFrame:
    """§8.6: the first silver product row of each product_id."""
    return first_by(products, ["product_id"], order).select(col("product_id").alias("_lookup_id"), col("product_code").alias("_lookup_code"))


def silver_gross_price(bronze: DataFrame, lookup: DataFrame) -> tuple[DataFrame, DataFrame]:
    """§3.3: dropped as `unparseable_date`, then `unknown_product`."""
    typed = (bronze.withColumn("_month", parse_date(col("month"), RULES["grossPriceDateFormats"]))
             .join(F.broadcast(lookup), col("product_id") == col("_lookup_id"), "left")
             .withColumn("_reason", F.when(col("_month").isNull(), lit("unparseable_date"))
                         .when(col("_lookup_id").isNull(), lit("unknown_product"))))
    silver = typed.filter(col("_reason").isNull()).select(
        col("_lookup_code").alias("product_code"), "product_id", col("_month").alias("month"),
        gross_price_value(col("gross_price")).alias("gross_price"), *INPUT_ORDER)
    return silver, typed.filter(col("_reason").isNotNull())


def orders_steps(bronze: DataFrame, silver_keys: DataFrame, lookup: DataFrame) -> DataFrame:
    """§3.4 steps 1-5 over the batch's bronze orders: each row with its reason (NULL = silver)."""
    stripped = F.regexp_replace(col("order_placement_date"), "^[A-Za-z]+,[ \t\n\u000b\f\r]*", "")
    typed = (bronze
             .withColumn("_qty", whole_number(col("order_qty")))
             .withColumn("_raw_customer_ok", is_digits(col("customer_id")))
             .withColumn("_customer", F.when(col("_raw_customer_ok"), col("customer_id")).otherwise(lit(INVALID_ID)))
             .withColumn("_date", parse_date(stripped, RULES["orderDateFormats"]))
             .withColumn("_reason", F.when(col("order_qty").isNull(), lit("missing_quantity"))
                         .when(col("_qty").isNull(), lit("invalid_quantity"))
                         .when(col("_date").isNull(), lit("unparseable_date"))))
    # Step 4 across runs (§8.8): silver's keys come first, then the batch in input order.
    key = ["_k_order", "_k_date", "_k_customer", "_k_product", "_k_qty"]
    candidates = typed.filter(col("_reason").isNull()).select(
        col("order_id").alias("_k_order"), col("_date").alias("_k_date"), col("_customer").alias("_k_customer"),
        col("product_id").alias("_k_product"), col("_qty").alias("_k_qty"), lit(1).alias("_prio"), *INPUT_ORDER)
    stored = silver_keys.select(col("order_id").alias("_k_order"), col("order_date").alias("_k_date"),
                                col("customer_id").alias("_k_customer"), col("product_id").alias("_k_product"),
                                col("order_qty").alias("_k_qty"), lit(0).alias("_prio"),
                                lit(None).cast("string").alias("_source_file"), lit(None).cast("long").alias("_source_line"))
    ranked = (candidates.unionByName(stored)
              .withColumn("_rank", F.row_number().over(Window.partitionBy(*key).orderBy("_prio", *INPUT_ORDER)))
              .filter(col("_prio") == 1).select(*INPUT_ORDER, col("_rank")))
    return (typed.join(ranked, INPUT_ORDER, "left")
            .join(F.broadcast(lookup), col("product_id") == col("_lookup_id"), "left")
            .withColumn("_reason", F.when(col("_reason").isNotNull(), col("_reason"))
                        .when(col("_rank") > 1, lit("duplicate"))
                        .when(col("_lookup_id").isNull(), lit("unknown_product")))
            .withColumn("_repaired", col("order_qty").isNotNull() & col("_qty").isNotNull() & ~col("_raw_customer_ok")))


PARENT_TYPES = {
    "parent_dim_customers": {},
    "parent_dim_products": {},
    "parent_dim_gross_price": {"price_inr": "decimal", "year": "int"},
    "parent_fact_orders": {"date": "date", "sold_quantity": "bigint"},
}


def parent_typed(bronze: DataFrame, table: str) -> DataFrame:
    """§3.5, §8.3: the rows typed, with `_type_ok` (False: quarantined as `type_mismatch`)."""
    convert = {"int": safe_int, "bigint": safe_long,
               "decimal": lambda c: F.when(matches(c, "[+-]?[0-9]+([.][0-9]+)?"), money(c)),
               "date": lambda c: parse_date(c, ["yyyy-MM-dd"])}
    typed = {c: convert[t](col(c)) for c, t in PARENT_TYPES[table].items()}
    ok = lit(True)
    for c in typed:
        ok = ok & (col(c).isNull() | typed[c].isNotNull())
    columns = SOURCE_TABLES[table][1]
    return bronze.select(*[typed[c].alias(c) if c in typed else col(c) for c in columns],
                         *[c for c, _, _ in LINEAGE], ok.alias("_type_ok"),
                         *[col(c).alias(f"_text_{c}") for c in typed])


# --------------------------------------------------------------------------- gold (Rules §4, §8.7)


def keyed(child: DataFrame, parent_typed_rows: DataFrame, keys: list[str], columns: list[str], child_order: list) -> DataFrame:
    c = child.select(*columns, lit(0).alias("_prio"), *[col(o).cast("long").alias(f"_o{i}") for i, o in enumerate(child_order)],
                     lit(None).cast("long").alias("_p0"), lit(None).cast("string").alias("_p1"), lit(None).cast("long").alias("_p2"))
    p = parent_typed_rows.filter(col("_type_ok")).select(
        *columns, lit(1).alias("_prio"), *[lit(None).cast("long").alias(f"_o{i}") for i in range(len(child_order))],
        col("_batch_id").alias("_p0"), col("_source_file").alias("_p1"), col("_source_line").alias("_p2"))
    w = Window.partitionBy(*keys).orderBy(col("_prio"), *[col(f"_o{i}").asc_nulls_last() for i in range(len(child_order))],
                                          col("_p0").desc(), col("_p1").desc(), col("_p2").desc())
    return c.unionByName(p).withColumn("_k", F.row_number().over(w)).filter(col("_k") == 1).select(*columns)


def dim_customers(customers: DataFrame, parent: DataFrame) -> DataFrame:
    unknown = lit(RULES["unknownCity"])
    child = customers.select(
        col("customer_id").alias("customer_code"),
        F.when(col("customer_name").isNull(), F.coalesce(col("city"), unknown))
        .otherwise(F.concat(col("customer_name"), lit("-"), F.coalesce(col("city"), unknown))).alias("customer"),
        lit(RULES["childMarket"]).alias("market"), lit(RULES["childPlatform"]).alias("platform"),
        lit(RULES["childChannel"]).alias("channel"), "_ord")
    return keyed(child, parent, ["customer_code"], ["customer_code", "customer", "market", "platform", "channel"], ["_ord"])


def dim_products(products: DataFrame, parent: DataFrame) -> DataFrame:
    return keyed(products, parent, ["product_code"], ["product_code", "division", "category", "product", "variant"], ["_ord"])


def dim_gross_price(gross_price: DataFrame, parent: DataFrame) -> DataFrame:
    """§4.3: child yearly prices — a non-zero price first, then the latest month, then the first row."""
    yearly = (gross_price.withColumn("year", F.year("month"))
              .withColumn("_k", F.row_number().over(Window.partitionBy("product_code", "year").orderBy(
                  (col("gross_price") != 0).desc(), col("month").desc(), col("_ord"))))
              .filter(col("_k") == 1)
              .select("product_code", col("gross_price").alias("price_inr"), col("year").cast("int").alias("year"), "_ord"))
    return keyed(yearly, parent, ["product_code", "year"], ["product_code", "price_inr", "year"], ["_ord"])


def dim_date(spark: SparkSession, months: set[dt.date]) -> DataFrame:
    """§4.5: one row per month from the earliest fact month to the latest."""
    rows = []
    if months:
        lo, hi = min(months), max(months)
        y, m = lo.year, lo.month
        while (y, m) <= (hi.year, hi.month):
            q = (m - 1) // 3 + 1
            name = RULES["monthNames"][m - 1]
            rows.append((dt.date(y, m, 1), y * 100 + m, y, name, name[:3], f"Q{q}", f"{y}-Q{q}"))
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return spark.createDataFrame(rows, spark_schema("gold/dim_date"))


def enriched(fact: DataFrame, dates: DataFrame, customers: DataFrame, products: DataFrame, prices: DataFrame) -> DataFrame:
    """§4.6: every fact row, LEFT JOINed with the four dims; total = quantity x price."""
    f = fact.withColumn("_month", F.trunc("date", "month")).withColumn("_year", F.year("date"))
    d = dates.select(col("month_start_date").alias("_d_month"), "date_key", "year", "month_name", "month_short_name",
                     "quarter", "year_quarter")
    c = customers.select(col("customer_code").alias("_c_code"), "customer", "market", "platform", "channel")
    p = products.select(col("product_code").alias("_p_code"), "division", "category", "product", "variant")
    g = prices.select(col("product_code").alias("_g_code"), col("year").alias("_g_year"), "price_inr")
    joined = (f.join(F.broadcast(d), col("_month") == col("_d_month"), "left")
              .join(F.broadcast(c), col("customer_code") == col("_c_code"), "left")
              .join(F.broadcast(p), col("product_code") == col("_p_code"), "left")
              .join(F.broadcast(g), (col("product_code") == col("_g_code")) & (col("_year") == col("_g_year")), "left"))
    # DECIMAL(18,2) like the lake's other money; NULL when the product does not fit (Choices).
    total = col("sold_quantity").cast(T.DecimalType(20, 0)) * col("price_inr")
    fits = F.abs(total) < lit(10 ** 16)
    return joined.select(
        "date", "product_code", "customer_code", "date_key", "year", "month_name", "month_short_name", "quarter",
        "year_quarter", "customer", "market", "platform", "channel", "division", "category", "product", "variant",
        "sold_quantity", "price_inr", F.when(fits, total.cast(MONEY)).alias("total_amount_inr"))


# --------------------------------------------------------------------------- the run (Rules §5)


class Run:
    def __init__(self, spark: SparkSession, source: Store, lake: Store, quiet: bool, single_writer: bool = False):
        self.spark, self.source, self.quiet, self.single_writer = spark, source, quiet, single_writer
        self.lake = Lake(lake)
        self.started = time.time()
        self.stages: list[dict] = []
        self.flows: dict[str, dict] = {}

    def say(self, text: str) -> None:
        if not self.quiet:
            print(text, file=sys.stderr, flush=True)

    def stage(self, name: str, detail: str, since: float) -> None:
        self.stages.append({"stage": name, "seconds": time.time() - since, "detail": detail})
        self.say(f"{name}: {detail} ({time.time() - since:.1f} s)")

    def flow(self, table: str) -> dict:
        return self.flows.setdefault(table, {"table": table, "files": 0, "newRecords": 0, "rowsRead": 0, "silverRows": 0,
                                             "quarantine": {}, "rebuilt": False})

    def execute(self) -> int:
        found = discover(self.source)
        lock = self.lake.lock(self.single_writer)
        try:
            return self._locked(found)
        finally:
            if lock is not None:
                lock.close()

    def _locked(self, found: dict[str, list[dict]]) -> int:
        lake, spark = self.lake, self.spark
        manifests = lake.manifests()
        lake.recover(manifests)
        ledger = lake.ingested(manifests)
        batch = (manifests[-1]["batchId"] if manifests else 0) + 1
        mode = "incremental" if manifests else "backfill"
        started_at = f"{dt.datetime.now(dt.timezone.utc):%Y-%m-%dT%H:%M:%SZ}"

        # Which files (§1.5): a file is skipped when its path, size and hash are in the ledger;
        # the hashes come from the executors (read_sources), with the rows.
        t0 = time.time()
        candidates: dict[str, list[dict]] = {}
        touched: dict[str, str] = {}  # path -> ledger hash: same size, another mtime
        skipped = 0
        for table, files in found.items():
            for file in files:
                known = ledger.get(file["path"])
                if known and known["size"] == file["size"] and known["modified"] == file["modified"]:
                    skipped += 1  # unchanged since it was hashed
                    continue
                if known and known["size"] == file["size"]:
                    touched[file["path"]] = known["hash"]
                candidates.setdefault(table, []).append({**file, "hash": None, "table": table, "records": 0})
        self.stage("discovery", f"{sum(len(v) for v in candidates.values())} files to read", t0)
        if not candidates:
            print(f"nothing new: every file under {self.source.uri} is already ingested; nothing committed")
            return 0
        writer = Writer(lake)
        try:
            t0 = time.time()
            parsed = writer.materialized(read_sources(spark, self.source, candidates))
            file_rows = parsed.filter(col("_kind") == "file").select(
                "_source_file", "_hash", "_records", "_counts", "_extra", "_error").collect()
            stats = {r["_source_file"]: r for r in file_rows}
            twice = sorted(path for path, n in Counter(r["_source_file"] for r in file_rows).items() if n > 1)
            if twice:  # a reader that hands a file over more than once (Sail 0.7.2 did, for a 3 MB file)
                parsed = writer.materialized(parsed.filter(~col("_source_file").isin(*twice)).unionByName(
                    parsed.filter(col("_source_file").isin(*twice)).dropDuplicates(["_source_file", "_kind", "_source_line"])))
            new, unchanged = self._new_files(candidates, stats, touched)
            skipped += unchanged
            count = sum(len(v) for v in new.values())
            if not count:
                print(f"nothing new: every file under {self.source.uri} is already ingested; nothing committed")
                return 0
            lake.store.delete(f"{lake.meta}/clean")
            self._batch(batch, new, parsed if not unchanged else parsed.filter(
                col("_source_file").isin(*[f["path"] for files in new.values() for f in files])), stats, writer, t0)
            ledger_files = [f for t in SOURCE_TABLES for f in new.get(t, [])]
            summary = {"batchId": batch, "mode": mode, "committed": True, "newFiles": count, "skippedFiles": skipped,
                       "flows": [self.flows[t] for t in FLOW_ORDER if t in self.flows],
                       "touchedMonths": sorted(self.touched_text), "enrichedFullRefresh": True,
                       "tableVersions": {}, "rowsWritten": {}, "stages": self.stages, "spilledBytes": 0,
                       "seconds": time.time() - self.started, "extraColumns": self.extra, "warnings": []}
            for flow in summary["flows"]:
                if flow["rowsRead"] != flow["silverRows"] + sum(flow["quarantine"].values()):
                    raise JobError(f"{flow['table']}: rows read {flow['rowsRead']} != silver {flow['silverRows']}"
                                   f" + quarantine {sum(flow['quarantine'].values())} (Rules §5.4)")
            lake.commit(batch, mode, self.source.uri, started_at, ledger_files, summary)
        finally:
            writer.cleanup()
        lake.store.write(f"{lake.meta}/clean", b"the last run ended cleanly\n")
        self.report(batch, summary)
        return 0

    def _new_files(self, candidates: dict[str, list[dict]], stats: dict, touched: dict[str, str]):
        """The candidates whose content is new (a touched file with the ledger's hash is not),
        each with its hash and record count; a file the executors could not read fails the run."""
        new: dict[str, list[dict]] = {}
        unchanged, errors = 0, []
        for table, files in candidates.items():
            for file in files:
                row = stats.get(file["path"])
                if row is None:
                    errors.append(f"{self.source.spark(file['path'])}: Spark's binaryFile reader returned no content")
                    continue
                file["hash"], file["records"] = row["_hash"], row["_records"]
                if touched.get(file["path"]) == file["hash"]:
                    unchanged += 1
                elif row["_error"]:
                    errors.append(row["_error"])
                else:
                    new.setdefault(table, []).append(file)
        if errors:
            more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
            raise JobError(errors[0] + more)
        return new, unchanged

    def report(self, batch: int, summary: dict) -> None:
        print(f"batch {batch} ({summary['mode']}): {summary['newFiles']} new files")
        print(f"{'table':<24}{'files':>7}{'read':>9}{'silver':>9}  quarantine")
        for flow in summary["flows"]:
            reasons = ", ".join(f"{k} {v}" for k, v in sorted(flow["quarantine"].items())) or "-"
            print(f"{flow['table']:<24}{flow['files']:>7}{flow['rowsRead']:>9}{flow['silverRows']:>9}  {reasons}")
        print(f"committed {len(summary['tableVersions'])} tables in {summary['seconds']:.1f} s; lake: {self.lake.path}")

    # -- one batch

    def _batch(self, batch: int, new: dict[str, list[dict]], parsed: DataFrame, stats: dict, writer: Writer,
               t0: float) -> None:
        bronze_new, rejects_new, self.extra = {}, {}, []
        for table, files in new.items():
            columns = SOURCE_TABLES[table][1]
            flow = self.flow(table)
            flow["files"] = len(files)
            for file in files:
                row = stats[file["path"]]
                flow["newRecords"] += row["_records"]
                for reason, n in json.loads(row["_counts"]).items():
                    flow["quarantine"][reason] = flow["quarantine"].get(reason, 0) + n
                extra = json.loads(row["_extra"])
                if extra:
                    self.extra.append({"table": table, "file": file["path"], "columns": extra})
            rows = parsed.filter(col("_table") == table)
            lineage = [col("_source_file"), col("_source_line"), lit(batch).cast("long").alias("_batch_id")]
            bronze_new[table] = rows.filter(col("_kind") == "row").select(*columns, *lineage)
            rejects_new[table] = rows.filter(col("_kind") == "reject").select(
                *[lit(None).cast("string").alias(c) for c in columns], *lineage, "_reason", "_raw_record", "_raw_bytes")
            self._write(writer, f"bronze/{table}", bronze_new[table], "append", "ingest")
        self.stage("bronze", f"{sum(len(f) for f in new.values())} files read on the executors", t0)

        t0 = time.time()
        dims = self._child_dims(batch, new, bronze_new, rejects_new, writer)
        self.stage("child dims", "rebuilt" if dims["rebuilt"] else "unchanged", t0)
        t0 = time.time()
        parents = self._parents(batch, new, bronze_new, rejects_new, writer)
        self.stage("parent tables", "typed", t0)
        t0 = time.time()
        monthly_new = self._orders(batch, new, bronze_new, rejects_new, dims, writer)
        self.stage("orders", f"{self.flow('orders')['silverRows'] if 'orders' in new else 0} to silver", t0)
        t0 = time.time()
        self._gold(new, dims, parents, monthly_new, writer)
        self.stage("gold", f"{len(self.touched_text)} fact months recomputed, enriched rebuilt in full", t0)

    def _write(self, writer: Writer, name: str, frame: DataFrame, mode: str, operation: str, replace=None,
               one_file: bool = False) -> None:
        adds, rows = writer.write(name, frame, one_file)
        self.lake.stage(name, adds, mode, operation, rows, replace)

    def _child_dims(self, batch, new, bronze_new, rejects_new, writer) -> dict:
        """§3.1-§3.3, §8.11: all three rebuilt from all their bronze rows when a file of one arrives."""
        spark, lake = self.spark, self.lake
        rebuild = any(t in new for t in CHILD_DIMS) or not lake.table("silver/products").exists
        if not rebuild:
            return {"rebuilt": False,
                    "customers": read_small_in_order(spark, lake, "silver/customers"),
                    "products": read_small_in_order(spark, lake, "silver/products"),
                    "gross_price": read_small_in_order(spark, lake, "silver/gross_price")}
        bronze = {}
        for t in CHILD_DIMS:
            stored = read_table(spark, lake, f"bronze/{t}")
            bronze[t] = stored.unionByName(bronze_new[t]) if t in bronze_new else stored
        customers, customer_drops = silver_customers(bronze["customers"])
        products, product_drops = silver_products(bronze["products"])
        products = products.withColumn("_ord", F.row_number().over(Window.orderBy(*INPUT_ORDER)))
        lookup = product_lookup(products, ["_ord"])
        prices, price_drops = silver_gross_price(bronze["gross_price"], lookup)
        customers = customers.withColumn("_ord", F.row_number().over(Window.orderBy(*INPUT_ORDER)))
        prices = prices.withColumn("_ord", F.row_number().over(Window.orderBy(*INPUT_ORDER)))
        out = {"rebuilt": True}
        for t, silver, drops in (("customers", customers, customer_drops), ("products", products, product_drops),
                                 ("gross_price", prices, price_drops)):
            silver = writer.materialized(silver.orderBy("_ord"))
            out[t] = silver
            self._write(writer, f"silver/{t}", silver.orderBy("_ord"), "overwrite", "rebuild", one_file=True)
            # The rebuild replaces every reason but the reader's (kept from the runs that read them).
            kept = read_table(spark, lake, f"quarantine/{t}").filter(col("_reason").isin("malformed_row", "invalid_utf8"))
            columns = [c for c, _, _ in SHAPES[f"quarantine/{t}"][0]]
            drops = drops.withColumn("_raw_record", lit(None).cast("string")).withColumn("_raw_bytes", lit(None).cast("binary"))
            quarantine = kept.unionByName(rejects_new[t].select(*columns) if t in rejects_new else kept.limit(0)) \
                .unionByName(drops.select(*columns))
            self._write(writer, f"quarantine/{t}", quarantine, "overwrite", "rebuild")
            flow = self.flow(t)
            flow["rebuilt"] = True
            counts = {r["_reason"]: r["n"] for r in drops.groupBy("_reason").agg(F.count(lit(1)).alias("n")).collect()}
            for reason, n in counts.items():
                flow["quarantine"][reason] = flow["quarantine"].get(reason, 0) + n
            flow["silverRows"] = silver.count()
            flow["rowsRead"] = bronze[t].count() + sum(n for r, n in flow["quarantine"].items()
                                                        if r in ("malformed_row", "invalid_utf8"))
        return out

    def _parents(self, batch, new, bronze_new, rejects_new, writer) -> dict:
        """§3.5: new rows typed (mismatches quarantined); gold reads all typed rows."""
        spark, lake = self.spark, self.lake
        out = {}
        for t in PARENT_TABLES:
            stored = read_table(spark, lake, f"bronze/{t}")
            if t in new:
                typed = parent_typed(bronze_new[t], t)
                columns = [c for c, _, _ in SHAPES[f"quarantine/{t}"][0]]
                bad = (typed.filter(~col("_type_ok"))
                       .select(*[col(f"_text_{c}").alias(c) if c in PARENT_TYPES[t] else col(c) for c in SOURCE_TABLES[t][1]],
                               *[c for c, _, _ in LINEAGE])
                       .withColumn("_reason", lit("type_mismatch")).withColumn("_raw_record", lit(None).cast("string"))
                       .withColumn("_raw_bytes", lit(None).cast("binary")))
                self._write(writer, f"quarantine/{t}", rejects_new[t].select(*columns).unionByName(bad.select(*columns)),
                            "append", "ingest")
                flow = self.flow(t)
                mismatches = bad.count()
                if mismatches:
                    flow["quarantine"]["type_mismatch"] = mismatches
                flow["rowsRead"] = flow["newRecords"]
                flow["silverRows"] = flow["newRecords"] - sum(flow["quarantine"].values())
                out[f"new_{t}"] = typed.filter(col("_type_ok"))
            whole = stored.unionByName(bronze_new[t]) if t in bronze_new else stored
            out[t] = writer.materialized(parent_typed(whole, t))
        return out

    def _orders(self, batch, new, bronze_new, rejects_new, dims, writer):
        """§3.4: the batch's orders cleaned, deduplicated against the batch and silver, joined."""
        spark, lake = self.spark, self.lake
        if "orders" not in new:
            return None
        lookup = product_lookup(dims["products"], ["_ord"])
        orders = bronze_new["orders"]
        # Silver keys on the batch's order months only: a duplicate has the same date.
        stripped = F.regexp_replace(col("order_placement_date"), "^[A-Za-z]+,[ \t\n\u000b\f\r]*", "")
        months = {r["m"].isoformat() for r in orders.select(F.trunc(parse_date(stripped, RULES["orderDateFormats"]), "month")
                                                           .alias("m")).distinct().collect() if r["m"] is not None}
        silver_keys = read_table(spark, lake, "silver/orders", lambda v: v.get("order_month") in months)
        steps = orders_steps(orders, silver_keys, lookup)
        steps = writer.materialized(steps)
        silver = steps.filter(col("_reason").isNull()).select(
            "order_id", col("_date").alias("order_date"), col("_customer").alias("customer_id"), "product_id",
            col("_lookup_code").alias("product_code"), col("_qty").alias("order_qty"), *[c for c, _, _ in LINEAGE],
            F.trunc(col("_date"), "month").alias("order_month"))
        self._write(writer, "silver/orders", silver, "append", "ingest")
        columns = [c for c, _, _ in SHAPES["quarantine/orders"][0]]
        drops = (steps.filter(col("_reason").isNotNull()).withColumn("_raw_record", lit(None).cast("string"))
                 .withColumn("_raw_bytes", lit(None).cast("binary")).select(*columns))
        self._write(writer, "quarantine/orders", rejects_new["orders"].select(*columns).unionByName(drops), "append", "ingest")
        flow = self.flow("orders")
        stats = steps.groupBy("_reason").agg(F.count(lit(1)).alias("n"), F.sum(col("_repaired").cast("int")).alias("r")).collect()
        flow["customerRepaired"] = int(sum(r["r"] or 0 for r in stats))
        for r in stats:
            if r["_reason"] is None:
                flow["silverRows"] = r["n"]
            else:
                flow["quarantine"][r["_reason"]] = flow["quarantine"].get(r["_reason"], 0) + r["n"]
        flow["rowsRead"] = flow["newRecords"]
        return (silver.groupBy(col("order_month").alias("date"), "product_code", col("customer_id").alias("customer_code"))
                .agg(F.sum("order_qty").cast("long").alias("sold_quantity")))

    def _gold(self, new, dims, parents, monthly_new, writer) -> None:
        spark, lake = self.spark, self.lake
        # Touched months: months of the new silver orders and of the new typed parent fact rows.
        touched: set[str] = set()
        if monthly_new is not None:
            monthly_new = writer.materialized(monthly_new)
            touched |= {r["date"].isoformat() for r in monthly_new.select("date").distinct().collect()}
        if "new_parent_fact_orders" in parents:
            touched |= {r["m"].isoformat() for r in parents["new_parent_fact_orders"]
                        .select(F.trunc("date", "month").alias("m")).distinct().collect() if r["m"] is not None}
        self.touched_text = touched
        in_touched = lambda c: F.date_format(F.trunc(c, "month"), "yyyy-MM-dd").isin(*sorted(touched)) if touched else lit(False)

        # Child monthly sums of the touched months: the stored partials plus this run's.
        stored = read_table(spark, lake, "_medallion/state/orders_monthly", lambda v: v.get("date") in touched)
        partials = stored.unionByName(monthly_new) if monthly_new is not None else stored
        child = (partials.groupBy("date", "product_code", "customer_code")
                 .agg(F.sum("sold_quantity").cast("long").alias("sold_quantity")))
        child = writer.materialized(child)
        if touched:
            self._write(writer, "_medallion/state/orders_monthly", child, "replace", "recompute months", ("date", touched))
        parent_fact = parents["parent_fact_orders"].filter(in_touched(col("date")))
        fact_columns = ["date", "product_code", "customer_code", "sold_quantity"]
        fact_new = keyed(child.withColumn("_ord", lit(0)), parent_fact, fact_columns[:3], fact_columns, ["_ord"])
        fact_new = writer.materialized(fact_new)
        if touched:
            self._write(writer, "gold/fact_orders", fact_new, "replace", "recompute months", ("date", touched))

        # Dims (rebuilt every run: equal inputs give equal rows).
        customers = dim_customers(dims["customers"], parents["parent_dim_customers"])
        products = dim_products(dims["products"], parents["parent_dim_products"])
        prices = dim_gross_price(dims["gross_price"], parents["parent_dim_gross_price"])
        customers, products, prices = (writer.materialized(d) for d in (customers, products, prices))
        for name, frame in (("gold/dim_customers", customers), ("gold/dim_products", products), ("gold/dim_gross_price", prices)):
            self._write(writer, name, frame.orderBy(*SHAPES[name][0][0][0:1]), "overwrite", "rebuild", one_file=True)
        untouched = read_table(spark, lake, "gold/fact_orders", lambda v: v.get("date") not in touched)
        months = {dt.date.fromisoformat(m) for m in touched}
        months |= {dt.date.fromisoformat(v[:8] + "01") for v in lake.table("gold/fact_orders").partition_values("date")}
        dates = dim_date(spark, months)
        self._write(writer, "gold/dim_date", dates, "overwrite", "rebuild", one_file=True)
        fact_all = untouched.unionByName(fact_new.select(*fact_columns))
        self._write(writer, "gold/fact_orders_enriched", enriched(fact_all, dates, customers, products, prices),
                    "overwrite", "rebuild")


def _utf8_or_none(raw: bytes):
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return None


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="medallion's SportsBar pipeline on Spark: one run (backfill or incremental).")
    parser.add_argument("--source", required=True, help="the source folder or URI (1_parent_company/…, 2_child_company/…)")
    parser.add_argument("--lake", required=True, help="the lake folder or URI (created by the first run)")
    parser.add_argument("--quiet", action="store_true", help="no stage lines on stderr")
    parser.add_argument("--single-writer", action="store_true",
                        help="a lake on an object store: no other run writes it meanwhile (the job cannot lock it there)")
    args = parser.parse_args(argv)
    try:
        source, lake = Store(args.source, "--source"), Store(args.lake, "--lake")
    except JobError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    spark = SparkSession.builder.appName("medallion-sportsbar").getOrCreate()
    try:
        return Run(spark, source, lake, args.quiet, args.single_writer).execute()
    except JobError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
