"""Reads a medallion lake's gold tables with delta-rs (the `deltalake` package) and
prints, per table, the row count; for the fact tables also sum(sold_quantity) and
sum(total_amount_inr), as JSON. Used by PipelineTests to check an independent
reader sees what medallion's own reader sees.

    python gold_check.py check            -> {"ok": true, "deltalake": "<version>"}
    python gold_check.py read LAKE        -> {"gold/fact_orders": {...}, ...}
    python gold_check.py lake LAKE        -> every Delta table of the lake read by
        delta-rs, pyarrow (its data files) and DuckDB (the same files): rows per engine,
        and for quarantine tables the [_reason, _source_line, _raw_record, _raw_bytes as
        hex] of rows whose _raw_bytes is set, as each engine returns them
"""
import json
import os
import sys
from decimal import Decimal


def check():
    import deltalake  # noqa: F401
    import pyarrow  # noqa: F401
    print(json.dumps({"ok": True, "deltalake": deltalake.__version__}))


def read(lake, endpoint=None, key=None, secret=None):
    import pyarrow.compute as pc
    from deltalake import DeltaTable

    # An s3:// lake on a local S3 server (moto): delta-rs's object-store options.
    options = None
    if endpoint:
        options = {"AWS_ENDPOINT_URL": endpoint, "AWS_ACCESS_KEY_ID": key, "AWS_SECRET_ACCESS_KEY": secret,
                   "AWS_REGION": "us-east-1", "AWS_ALLOW_HTTP": "true", "AWS_S3_ALLOW_UNSAFE_RENAME": "true"}
    out = {}
    for name in ["dim_customers", "dim_products", "dim_gross_price", "dim_date", "fact_orders", "fact_orders_enriched"]:
        table = DeltaTable(f"{lake}/gold/{name}", storage_options=options).to_pyarrow_table()
        entry = {"rows": table.num_rows, "types": {f.name: str(f.type) for f in table.schema}}
        if "sold_quantity" in table.column_names:
            entry["sold_quantity"] = int(pc.sum(table["sold_quantity"]).as_py() or 0)
        if "total_amount_inr" in table.column_names:
            total = pc.sum(table["total_amount_inr"]).as_py() or Decimal(0)
            entry["total_amount_inr"] = str(Decimal(total).quantize(Decimal("0.01")))
        if name == "fact_orders":
            entry["dates"] = sorted({d.isoformat() for d in table["date"].to_pylist() if d is not None})
        out[f"gold/{name}"] = entry
    print(json.dumps(out))


def lake_tables(lake):
    import duckdb
    import pyarrow.parquet as pq
    from deltalake import DeltaTable

    def raw_rows(rows):
        picked = [[r["_reason"], r["_source_line"], r["_raw_record"], r["_raw_bytes"].hex()]
                  for r in rows if r.get("_raw_bytes") is not None]
        return sorted(picked, key=lambda r: (r[1], r[3]))

    out = {}
    for root, dirs, _ in os.walk(lake):
        if "_delta_log" not in dirs:
            continue
        dirs[:] = []  # a table's folders hold no further tables
        name = os.path.relpath(root, lake)
        dt = DeltaTable(root)
        files = [u[len("file://"):] if u.startswith("file://") else u for u in dt.file_uris()]
        table = dt.to_pyarrow_table()
        entry = {"deltalake": table.num_rows, "pyarrow": sum(pq.ParquetFile(f).metadata.num_rows for f in files)}
        arrow_rows = [row for f in files for row in pq.read_table(f).to_pylist()]
        con = duckdb.connect()
        if files:
            # Every column of every file, so a value DuckDB cannot decode fails here.
            entry["duckdb"] = len(con.execute("select * from read_parquet(?, union_by_name=true)", [files]).fetchall())
        else:
            entry["duckdb"] = 0
        if "_raw_bytes" in table.column_names:
            entry["raw"] = {"deltalake": raw_rows(table.to_pylist()), "pyarrow": raw_rows(arrow_rows)}
            if files:
                cur = con.execute("select _reason, _source_line, _raw_record, _raw_bytes from read_parquet(?, union_by_name=true)",
                                  [files])
                names = [d[0] for d in cur.description]
                entry["raw"]["duckdb"] = raw_rows([dict(zip(names, r)) for r in cur.fetchall()])
            else:
                entry["raw"]["duckdb"] = []
        out[name] = entry
    print(json.dumps(out))


if __name__ == "__main__":
    if sys.argv[1] == "check":
        check()
    elif sys.argv[1] == "lake":
        lake_tables(sys.argv[2])
    else:
        read(*sys.argv[2:6])
    # Skip interpreter teardown: native thread pools (delta-rs, arrow) being destroyed
    # at exit can abort the process ("terminate called without an active exception")
    # after the answer was already printed.
    sys.stdout.flush()
    os._exit(0)
