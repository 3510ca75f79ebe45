#!/usr/bin/env bash
# The race: the whole SportsBar pipeline in medallion, DuckDB, Polars and PySpark on the same
# source folder (see perf/race/README.md). Creates perf/race/.venv on first use, then runs
# perf/race/race.py with every argument given here.
#
#   perf/race/race.sh --source Tests/Fixtures/atliqon-sportsbar --engines duckdb,polars,spark
#   perf/race/race.sh --orders 10000000 --compression zstd --markdown /tmp/race.md
set -euo pipefail

RACE_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
VENV="$RACE_DIR/.venv"
PACKAGES=(duckdb polars pyspark pyarrow deltalake zstandard)

if [[ ! -x "$VENV/bin/python" ]]; then
    echo "race: creating $VENV" >&2
    python3 -m venv "$VENV"
fi
if ! "$VENV/bin/python" -c 'import duckdb, polars, pyspark, pyarrow, deltalake, zstandard' 2>/dev/null; then
    echo "race: pip install ${PACKAGES[*]}" >&2
    "$VENV/bin/pip" install --quiet "${PACKAGES[@]}"
fi
if ! command -v java >/dev/null 2>&1; then
    echo "race: warning: no java on PATH: the spark engine will fail" >&2
fi
exec "$VENV/bin/python" "$RACE_DIR/race.py" "$@"
