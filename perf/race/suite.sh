#!/usr/bin/env bash
# The race at realistic shapes and sizes (issue #11): perf/race/suite.py with every argument
# given here, in the race venv (perf/race/.venv or $RACE_VENV, created on first use). Data:
# $RACE_DATA or --data-root (default /work/perfdata). Writes its section of perf/RESULTS.md.
#
#   perf/race/suite.sh                                   # 3 shapes at 10M, scale 1M/10M/30M, all engines
#   perf/race/suite.sh --shapes 2000x300 --scale none --engines medallion,duckdb,polars
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/venv.sh"
exec "$PYTHON" "$RACE_DIR/suite.py" "$@"
