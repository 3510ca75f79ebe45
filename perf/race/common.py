"""Shared, engine-independent helpers of the race peers (DuckDB, Polars, PySpark).

What lives here is *not* the engines' work: finding the source files (Rules §1.1 globs),
sniffing each file's compression from its magic bytes, the rules' tables as data,
the command line every peer shares, and the run report. Every rule itself (CSV record
assembly, typing, cleaning, dedup, joins, gold) runs inside each engine.

The CSV algorithm every peer implements in its own engine (Rules §1, §2, §8 — the rules are
Sources/SportsBar/SportsBar.docc/PipelineRules.md):

1. The engine reads each (decompressed) file as *physical lines* with their 1-based
   number; the line terminator (LF, or CRLF) is not part of the line; a UTF-8 BOM is
   dropped from line 1.
2. A record starts on a line whose preceding lines (of the same file) hold an even number
   of `"` characters; lines after an odd count continue the open record (quoted newline).
   With RFC 4180 quoting, quote parity is exactly the "inside a quoted field" state.
3. A line that would start a record but is empty is blank: skipped, still counted.
4. A record whose quote is still open at the end of the file is `malformed_row`: its
   first physical line alone is the quarantined record and parsing restarts on the next
   line (parity counted afresh from there). Engines loop until no file ends open.
5. A record's text is its lines joined by LF; its `_source_line` is its first line.
6. Fields: `,`-separated; a field starting with `"` is quoted (`""` escapes a quote);
   text after a closing quote keeps the field verbatim, quotes included (as medallion
   does); a quoted field that never closes inside the record is malformed. An empty
   field, quoted or not, is NULL.
7. The first record of a file is its header. Required columns are found by exact name
   (a missing one is an error naming the file; extra ones are ignored and reported); a
   record whose field count differs from the header's is `malformed_row`.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from dataclasses import dataclass, asdict
from pathlib import Path

# -------------------------------------------------------------------------- Rules §1

#: table name -> (glob of Rules §1.1 as a regex over the path relative to the source root,
#: required columns). `**/` is "zero or more folders", `*` stays inside one folder.
TABLES: dict[str, tuple[str, tuple[str, ...]]] = {
    "parent_dim_customers": (r"1_parent_company/full_load/dim_customers\.csv[^/]*",
                             ("customer_code", "customer", "market", "platform", "channel")),
    "parent_dim_products": (r"1_parent_company/full_load/dim_products\.csv[^/]*",
                            ("product_code", "division", "category", "product", "variant")),
    "parent_dim_gross_price": (r"1_parent_company/full_load/dim_gross_price\.csv[^/]*",
                               ("product_code", "price_inr", "year")),
    "parent_fact_orders": (r"1_parent_company/(?:.*/)?fact_orders[^/]*\.csv[^/]*",
                           ("date", "product_code", "customer_code", "sold_quantity")),
    "customers": (r"2_child_company/(?:.*/)?customers/[^/]*\.csv[^/]*",
                  ("customer_id", "customer_name", "city")),
    "products": (r"2_child_company/(?:.*/)?products/[^/]*\.csv[^/]*",
                 ("product_name", "product_id", "category")),
    "gross_price": (r"2_child_company/(?:.*/)?gross_price/[^/]*\.csv[^/]*",
                    ("product_id", "month", "gross_price")),
    "orders": (r"2_child_company/(?:.*/)?orders/(?:.*/)?[^/]*\.csv[^/]*",
               ("order_id", "order_placement_date", "customer_id", "product_id", "order_qty")),
}

#: Parent tables' types (Rules §3.5); every other column is text.
PARENT_TYPES: dict[str, dict[str, str]] = {
    "parent_dim_customers": {},
    "parent_dim_products": {},
    "parent_dim_gross_price": {"price_inr": "decimal", "year": "int"},
    "parent_fact_orders": {"date": "date", "sold_quantity": "bigint"},
}

# --------------------------------------------------------------------------- rule tables

#: §3.1 exact city typos, the allowed set, and the business-confirmed fixes of a NULL city.
CITY_TYPOS = {"Bengaluruu": "Bengaluru", "Bengalore": "Bengaluru",
              "Hyderabadd": "Hyderabad", "Hyderbad": "Hyderabad",
              "NewDelhi": "New Delhi", "NewDheli": "New Delhi", "NewDelhee": "New Delhi"}
ALLOWED_CITIES = ("Bengaluru", "Hyderabad", "New Delhi")
CITY_FIXES = {"789403": "New Delhi", "789420": "Bengaluru", "789521": "Hyderabad",
              "789603": "Hyderabad"}
#: §3.2 step 3: division of each (initcapped, corrected) category; anything else -> Other.
DIVISIONS = {"Energy Bars": "Nutrition Bars", "Protein Bars": "Nutrition Bars",
             "Granola & Cereals": "Breakfast Foods", "Recovery Dairy": "Dairy & Recovery",
             "Healthy Snacks": "Healthy Snacks", "Electrolyte Mix": "Hydration & Electrolytes"}
OTHER_DIVISION = "Other"
INVALID_ID = "999999"
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
UNKNOWN_CITY = "Unknown"
CHILD_MARKET, CHILD_PLATFORM, CHILD_CHANNEL = "India", "Sports Bar", "Acquisition"

#: §8 regular expressions, written with ASCII classes so that every engine's regex
#: dialect (RE2, Rust regex, java.util.regex) reads them the same way.
NUMBER_RE = r"^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$"
#: Same language as NUMBER_RE, split into sign / integer digits / fraction digits / exponent.
NUMBER_PARTS_RE = r"^([+-]?)([0-9]*)\.?([0-9]*)(?:[eE]([+-]?[0-9]+))?$"
GROSS_PRICE_RE = r"^-?[0-9]+(\.[0-9]+)?$"
PARENT_INT_RE = r"^[+-]?[0-9]+$"
PARENT_DECIMAL_RE = r"^[+-]?[0-9]+(\.[0-9]+)?$"
DIGITS_RE = r"^[0-9]+$"
#: `^[A-Za-z]+,\s*` with Java's `\s` spelled out (space, tab, LF, VT, FF, CR).
WEEKDAY_RE = r"^[A-Za-z]+,[ \t\n\x0B\f\r]*"
#: The CSV field tokenizer run on `',' || record`: every field follows a comma.
FIELD_RE = r',("(?:[^"]|"")*"[^,]*|[^,]*)'
QUOTED_FIELD_RE = r'^"((?:[^"]|"")*)"$'
BAD_QUOTED_FIELD_RE = r'^"(?:[^"]|"")*$'  # a quote opened and never closed in the record

#: Date layouts (§3.3, §3.4, §8) as (regex, group order). Shapes never overlap, so the
#: first format that parses is also the only one that can.
DATE_YMD_SLASH = (r"^([0-9]{4})/([0-9]{2})/([0-9]{2})$", "ymd")
DATE_DMY_SLASH = (r"^([0-9]{2})/([0-9]{2})/([0-9]{4})$", "dmy")
DATE_YMD_DASH = (r"^([0-9]{4})-([0-9]{2})-([0-9]{2})$", "ymd")
DATE_DMY_DASH = (r"^([0-9]{2})-([0-9]{2})-([0-9]{4})$", "dmy")
DATE_MONTH_NAME = (r"^([A-Za-z]+) ([0-9]{2}), ([0-9]{4})$", "Mdy")
GROSS_PRICE_DATE_FORMATS = (DATE_YMD_SLASH, DATE_DMY_SLASH, DATE_YMD_DASH, DATE_DMY_DASH)
ORDER_DATE_FORMATS = (DATE_YMD_SLASH, DATE_DMY_DASH, DATE_DMY_SLASH, DATE_MONTH_NAME)

QUARANTINE_REASONS = ("malformed_row", "missing_quantity", "invalid_quantity",
                      "unparseable_date", "duplicate", "unknown_product", "type_mismatch")
GOLD_TABLES = ("dim_customers", "dim_products", "dim_gross_price", "dim_date",
               "fact_orders", "fact_orders_enriched")

# --------------------------------------------------------------------------- discovery


@dataclass(frozen=True)
class SourceFile:
    file_id: int   # rank of the relative path in byte order: the "input order" of Rules §3
    rel: str       # path relative to the source root (`_source_file`)
    path: str      # absolute path
    codec: str     # "gzip" | "zstd" | "none", from the magic bytes


def sniff_codec(path: str) -> str:
    """The compression of a file from its first bytes, never from its name (Rules §1.2)."""
    with open(path, "rb") as handle:
        magic = handle.read(4)
    if magic[:2] == b"\x1f\x8b":
        return "gzip"
    if magic == b"\x28\xb5\x2f\xfd":
        return "zstd"
    return "none"


def discover(source: str, include: list[str] | None = None) -> dict[str, list[SourceFile]]:
    """Every table's files (Rules §1.1 globs), each list in byte order of the relative path.

    `include`: keep only files whose "/"-prefixed relative path contains one of these
    substrings (e.g. `/full_load/` for the Rules §6 backfill numbers).
    """
    root = Path(source).resolve()
    rels = []
    for folder, dirs, files in os.walk(root):
        dirs.sort()
        for name in files:
            rels.append(os.path.relpath(os.path.join(folder, name), root).replace(os.sep, "/"))
    if include:
        rels = [r for r in rels if any(s in "/" + r for s in include)]
    rels.sort(key=lambda r: r.encode("utf-8"))
    ids = {rel: i for i, rel in enumerate(rels)}
    found: dict[str, list[SourceFile]] = {}
    for table, (pattern, _) in TABLES.items():
        regex = re.compile(pattern + r"\Z")
        found[table] = [SourceFile(ids[r], r, str(root / r), sniff_codec(str(root / r)))
                        for r in rels if regex.match(r)]
    return found


def all_files(found: dict[str, list[SourceFile]]) -> list[SourceFile]:
    """The distinct files of all tables, in input order."""
    unique = {f.file_id: f for files in found.values() for f in files}
    return [unique[k] for k in sorted(unique)]


# --------------------------------------------------------------------------- CLI + report


def peer_arguments(engine: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=f"The SportsBar pipeline (one backfill batch) in {engine}.")
    parser.add_argument("--source", required=True, help="source folder (Rules §1.1 layout)")
    parser.add_argument("--out", required=True, help="output folder (gold/*.parquet, report.json)")
    parser.add_argument("--include", action="append", default=[],
                        help="keep only files whose /-prefixed relative path contains this (repeatable)")
    parser.add_argument("--threads", type=int, default=2, help="engine threads (default 2)")
    return parser.parse_args()


class Report:
    """Counts and timings of one peer run, written as `<out>/report.json`."""

    def __init__(self, engine: str, out: str):
        self.engine, self.out = engine, out
        self.counts: dict[str, int | str | None] = {}
        self.notes: list[str] = []
        self.stages: dict[str, float] = {}
        self._t0 = self._last = time.perf_counter()

    def stage(self, name: str) -> None:
        """Ends the stage `name` (time since the previous stage end)."""
        now = time.perf_counter()
        self.stages[name] = round(now - self._last, 3)
        self._last = now
        print(f"[{self.engine}] {name}: {self.stages[name]:.2f}s", file=sys.stderr, flush=True)

    def note(self, text: str) -> None:
        self.notes.append(text)
        print(f"[{self.engine}] note: {text}", file=sys.stderr, flush=True)

    def write(self) -> None:
        self.stages["total"] = round(time.perf_counter() - self._t0, 3)
        os.makedirs(self.out, exist_ok=True)
        with open(os.path.join(self.out, "report.json"), "w") as handle:
            json.dump({"engine": self.engine, "counts": self.counts, "stages": self.stages,
                       "notes": self.notes}, handle, indent=2, sort_keys=True)


def gold_dir(out: str) -> str:
    path = os.path.join(out, "gold")
    os.makedirs(path, exist_ok=True)
    return path


class MissingColumnError(Exception):
    """A required column is missing from a file's header (Rules §1.4: an error naming the file)."""


def header_positions(names: list, columns: list[str], rel: str, report: Report) -> list[int]:
    """0-based field positions of `columns` in a file's header `names` (None = empty name).
    A missing column is an error naming the file; extra columns are noted and ignored."""
    names = [n if n is not None else "" for n in names]
    missing = [c for c in columns if c not in names]
    if missing:
        raise MissingColumnError(f"{rel}: missing column(s) {', '.join(missing)}")
    extra = [n for n in names if n not in columns]
    if extra:
        report.note(f"{rel}: extra column(s) ignored: {', '.join(extra)}")
    return [names.index(c) for c in columns]
