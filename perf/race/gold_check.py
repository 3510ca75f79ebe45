"""Order-independent fingerprints of the gold tables, to check that engines agree.

A fingerprint of `fact_orders` / `fact_orders_enriched` holds: row count, sum of
sold_quantity, sum of total_amount_inr (exact decimal), the number of distinct
(date, product_code, customer_code) keys, and a SHA-256 of the table's rows rendered
canonically (every column of Rules §4 as text, NULL as `\\N`) and sorted, so the row order, the
file layout and the physical types (INT vs BIGINT, DECIMAL precision, dictionary
strings, a partition column restored as text) do not matter, the values do.
"""
from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, asdict
from decimal import Decimal

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as ds

#: The Rules §4 columns of the two compared tables, in this order.
COLUMNS = {
    "fact_orders": ["date", "product_code", "customer_code", "sold_quantity"],
    "fact_orders_enriched": ["date", "product_code", "customer_code", "date_key", "year", "month_name",
                             "month_short_name", "quarter", "year_quarter", "customer", "market", "platform",
                             "channel", "division", "category", "product", "variant", "sold_quantity",
                             "price_inr", "total_amount_inr"],
}
KEY = ["date", "product_code", "customer_code"]


@dataclass
class Fingerprint:
    rows: int
    sum_sold_quantity: int
    sum_total_amount_inr: str | None
    distinct_keys: int
    rows_sha256: str

    def as_dict(self) -> dict:
        return asdict(self)


def read_peer_table(out: str, table: str) -> pa.Table:
    """A peer's gold table: `<out>/gold/<table>.parquet` (a file, or Spark's folder of parts)."""
    return ds.dataset(os.path.join(out, "gold", table + ".parquet"), format="parquet").to_table()


def read_delta_table(lake: str, table: str) -> pa.Table:
    """medallion's gold table: the Delta table `<lake>/gold/<table>/` (Rules §7.1)."""
    from deltalake import DeltaTable
    return DeltaTable(os.path.join(lake, "gold", table)).to_pyarrow_table()


def canonical_text(column: pa.ChunkedArray) -> pa.ChunkedArray:
    """One column as canonical text: ISO dates, decimals with their scale, NULL as \\N."""
    if pa.types.is_dictionary(column.type):
        column = column.cast(column.type.value_type)
    if pa.types.is_timestamp(column.type):
        column = column.cast(pa.date32())
    if pa.types.is_decimal(column.type) and column.type.scale != 2:
        column = column.cast(pa.decimal128(38, 2))
    return pc.fill_null(column.cast(pa.string()), "\\N")


def fingerprint(table: pa.Table, name: str) -> Fingerprint:
    columns = COLUMNS[name]
    missing = [c for c in columns if c not in table.column_names]
    if missing:
        raise ValueError(f"{name}: missing column(s) {', '.join(missing)}")
    texts = [canonical_text(table[c]) for c in columns]
    rows = pc.binary_join_element_wise(*texts, "\x1f")
    ordered = pc.take(rows, pc.sort_indices(rows))
    digest = hashlib.sha256()
    for chunk in ordered.chunks if isinstance(ordered, pa.ChunkedArray) else [ordered]:
        for value in chunk.to_pylist():
            digest.update(value.encode())
            digest.update(b"\x1e")
    keys = pc.binary_join_element_wise(*[canonical_text(table[c]) for c in KEY], "\x1f")
    total = None
    if "total_amount_inr" in columns:
        amounts = table["total_amount_inr"].cast(pa.decimal128(38, 2))
        total = str(pc.sum(amounts).as_py() or Decimal("0.00"))
    quantity = pc.sum(table["sold_quantity"]).as_py() or 0
    return Fingerprint(rows=table.num_rows, sum_sold_quantity=int(quantity), sum_total_amount_inr=total,
                       distinct_keys=pc.count_distinct(keys).as_py(), rows_sha256=digest.hexdigest())


def differences(reference: Fingerprint, other: Fingerprint) -> list[str]:
    """The fields where `other` differs from `reference`, as readable lines."""
    a, b = reference.as_dict(), other.as_dict()
    return [f"{k}: {b[k]} (expected {a[k]})" for k in a if a[k] != b[k]]
