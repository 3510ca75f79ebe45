# Sourced by race.sh and suite.sh: the race's Python venv ($RACE_VENV, default perf/race/.venv),
# created with its packages on first use. Sets PYTHON.
RACE_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
VENV="${RACE_VENV:-$RACE_DIR/.venv}"
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
PYTHON="$VENV/bin/python"
