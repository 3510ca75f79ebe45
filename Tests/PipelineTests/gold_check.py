"""Reads a medallion lake's gold tables with delta-rs (the `deltalake` package) and
prints, per table, the row count; for the fact tables also sum(sold_quantity) and
sum(total_amount_inr), as JSON. Used by PipelineTests to check an independent
reader sees what medallion's own reader sees.

    python gold_check.py check            -> {"ok": true, "deltalake": "<version>"}
    python gold_check.py read LAKE        -> {"gold/fact_orders": {...}, ...}
"""
import json
import os
import sys
from decimal import Decimal


def check():
    import deltalake  # noqa: F401
    import pyarrow  # noqa: F401
    print(json.dumps({"ok": True, "deltalake": deltalake.__version__}))


def read(lake):
    import pyarrow.compute as pc
    from deltalake import DeltaTable

    out = {}
    for name in ["dim_customers", "dim_products", "dim_gross_price", "dim_date", "fact_orders", "fact_orders_enriched"]:
        table = DeltaTable(f"{lake}/gold/{name}").to_pyarrow_table()
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


if __name__ == "__main__":
    if sys.argv[1] == "check":
        check()
    else:
        read(sys.argv[2])
    # Skip interpreter teardown: native thread pools (delta-rs, arrow) being destroyed
    # at exit can abort the process ("terminate called without an active exception")
    # after the answer was already printed.
    sys.stdout.flush()
    os._exit(0)
