"""DuckDB's half of the `ask` cross-check (issue #14): every golden answer's SQL runs
unchanged in DuckDB over the same lake, and must give the same rows.

    python duckdb_check.py check              # prints "ok duckdb <version>"
    python duckdb_check.py run LAKE IN OUT    # IN: JSON list of SQL strings; OUT: JSON list of
                                              # {"rows": [[cell, ...], ...]} or {"error": "..."}

The tables the answers read (gold.fact_orders_enriched and the dimension tables the value
index reads) are loaded from their Delta snapshots through delta-rs, as
Tests/SQLTests/Differential/differential.py does, under their `layer.table` names.
Cells are text: decimals and integers as written, doubles by repr, dates yyyy-MM-dd, NULL null.
"""
import datetime
import decimal
import json
import os
import sys

TABLES = ["gold.fact_orders_enriched", "gold.dim_products", "gold.dim_customers"]


def cell(v):
    if v is None:
        return None
    if isinstance(v, (datetime.date, datetime.datetime)):
        return v.isoformat()[:10]
    if isinstance(v, float):
        return repr(v)
    return str(v)


def main():
    if sys.argv[1] == "check":
        import deltalake  # noqa: F401
        import duckdb
        print("ok duckdb", duckdb.__version__)
        return
    _, _, lake, src, out = sys.argv
    import deltalake
    import duckdb
    con = duckdb.connect()
    con.execute("SET threads = 1")
    for name in TABLES:
        layer, table = name.split(".")
        con.execute(f"CREATE SCHEMA IF NOT EXISTS {layer}")
        dataset = deltalake.DeltaTable(os.path.join(lake, layer, table)).to_pyarrow_dataset()
        con.register(f"_{layer}_{table}", dataset)
        con.execute(f"CREATE TABLE {name} AS SELECT * FROM _{layer}_{table}")
        con.unregister(f"_{layer}_{table}")
    results = []
    with open(src) as f:
        statements = json.load(f)
    for sql in statements:
        try:
            rows = con.execute(sql).fetchall()
            results.append({"rows": [[cell(v) for v in r] for r in rows]})
        except Exception as e:  # noqa: BLE001 — reported per statement, the test names it
            results.append({"error": str(e)})
    with open(out, "w") as f:
        json.dump(results, f)


if __name__ == "__main__":
    main()
