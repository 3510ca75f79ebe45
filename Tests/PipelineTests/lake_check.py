"""Reads every Delta table of a medallion lake with three independent readers and
prints what each saw, as JSON. Used by the hostile-input tests: whatever a user feeds
the pipeline, every table it leaves must stay readable by other engines.

    python lake_check.py check        -> {"ok": true, "deltalake": v, "pyarrow": v, "duckdb": v}
    python lake_check.py read LAKE    -> {"<layer>/<table>": {"deltalake": rows, "pyarrow": rows,
                                          "duckdb": rows, "errors": [..]}, ...}

- deltalake: the table through delta-rs (log replay + its Parquet reader);
- pyarrow: each active data file (as delta-rs lists them) read whole by pyarrow.parquet;
- duckdb: read_parquet over the same files, every column materialised (DuckDB checks
  that STRING columns hold valid UTF-8 while reading them).
A reader that fails records its error instead of a row count.
"""
import json
import os
import sys


def check():
    import deltalake
    import duckdb
    import pyarrow

    print(json.dumps({"ok": True, "deltalake": deltalake.__version__, "pyarrow": pyarrow.__version__,
                      "duckdb": duckdb.__version__}))


def tables(lake):
    for layer in sorted(os.listdir(lake)):
        folder = os.path.join(lake, layer)
        if layer.startswith("_") or not os.path.isdir(folder):
            continue
        for name in sorted(os.listdir(folder)):
            if os.path.isdir(os.path.join(folder, name, "_delta_log")):
                yield f"{layer}/{name}", os.path.join(folder, name)


def read_table(path):
    import duckdb
    import pyarrow.parquet as pq
    from deltalake import DeltaTable

    entry = {"errors": []}
    files = []
    try:
        table = DeltaTable(path)
        entry["deltalake"] = table.to_pyarrow_table().num_rows
        files = [uri[len("file://"):] if uri.startswith("file://") else uri for uri in table.file_uris()]
    except Exception as error:  # noqa: BLE001 - the error is the answer
        entry["errors"].append(f"deltalake: {error}")
        return entry
    try:
        entry["pyarrow"] = sum(pq.read_table(file).num_rows for file in files)
    except Exception as error:  # noqa: BLE001
        entry["errors"].append(f"pyarrow: {error}")
    try:
        if files:
            con = duckdb.connect()
            listed = "[" + ", ".join("'" + f.replace("'", "''") + "'" for f in files) + "]"
            # Fetch every value so DuckDB decodes (and validates) every column, not just counts.
            rows = con.execute(f"SELECT * FROM read_parquet({listed}, union_by_name = true)").fetchall()
            entry["duckdb"] = len(rows)
        else:
            entry["duckdb"] = 0
    except Exception as error:  # noqa: BLE001
        entry["errors"].append(f"duckdb: {error}")
    return entry


def read(lake):
    print(json.dumps({name: read_table(path) for name, path in tables(lake)}))


if __name__ == "__main__":
    if sys.argv[1] == "check":
        check()
    else:
        read(sys.argv[2])
    sys.stdout.flush()
    # Skip interpreter teardown: native thread pools can abort at exit after the answer.
    os._exit(0)
