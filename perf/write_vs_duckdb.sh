#!/usr/bin/env bash
# Parquet write: medallion vs DuckDB COPY on the same rows (see write_vs_duckdb.py).
# usage: perf/write_vs_duckdb.sh [--rows N] [--runs R] [--no-build] [--no-results]
set -euo pipefail
PERF_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(cd "$PERF_DIR/.." && pwd)"
ROWS=10000000; RUNS=3; BUILD=1; RESULTS="$PERF_DIR/RESULTS.md"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --rows) ROWS="$2"; shift 2 ;;
    --runs) RUNS="$2"; shift 2 ;;
    --no-build) BUILD=0; shift ;;
    --no-results) RESULTS=""; shift ;;
    *) echo "write_vs_duckdb: unknown argument '$1'" >&2; exit 2 ;;
  esac
done
VENV="$PERF_DIR/.venv"
[[ -x "$VENV/bin/python" ]] || python3 -m venv "$VENV"
"$VENV/bin/python" -c 'import duckdb, pyarrow' 2>/dev/null || "$VENV/bin/pip" install -q duckdb pyarrow
if [[ $BUILD -eq 1 ]]; then
  (cd "$REPO_DIR" && swift build -c release --scratch-path .build-release --product medallion)
fi
BIN="$REPO_DIR/.build-release/release/medallion"
[[ -x "$BIN" ]] || { echo "write_vs_duckdb: $BIN missing (build it or drop --no-build)" >&2; exit 3; }
exec "$VENV/bin/python" "$PERF_DIR/write_vs_duckdb.py" --medallion "$BIN" --rows "$ROWS" --runs "$RUNS" ${RESULTS:+--results "$RESULTS"}
