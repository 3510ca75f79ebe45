#!/usr/bin/env bash
# Side-by-side scan timings: DuckDB vs `medallion scan`, on generated orders data
# (plain CSV, multi-frame zstd, multi-member gzip). See perf/README.md.
#
# usage: perf/scan_vs_duckdb.sh [--rows N] [--seed S] [--runs R] [--inputs LIST|all]
#                               [--medallion BIN] [--no-build] [--no-results] [--data DIR]
#
#   --rows N         data rows (default 10000000)
#   --seed S         generator seed (default 42)
#   --runs R         timed runs per measurement, best kept (default 3)
#   --inputs LIST    plain,zstd,gzip (default) or 'all' (adds zstd-single)
#   --medallion BIN  use this binary instead of building (skips the build)
#   --no-build       don't build; use .build-release/release/medallion if present
#   --no-results     don't update perf/RESULTS.md
#   --data DIR       data directory (default perf/data)
#
# Steps: venv perf/.venv (duckdb, zstandard, numpy) -> data in perf/data ->
# `swift build -c release --scratch-path .build-release` -> timings -> table and
# perf/RESULTS.md. Exit status: 0 all good; 1 a failure or a result mismatch;
# 3 medallion could not be built / has no `scan` (DuckDB half still measured).
set -euo pipefail

die() { echo "scan_vs_duckdb: error: $*" >&2; exit 1; }
say() { echo "scan_vs_duckdb: $*"; }

PERF_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(cd "$PERF_DIR/.." && pwd)"
VENV="$PERF_DIR/.venv"
DATA="$PERF_DIR/data"
COMMAND_LINE="perf/scan_vs_duckdb.sh${*:+ $*}"

ROWS=10000000
SEED=42
RUNS=3
INPUTS="plain,zstd,gzip"
MEDALLION=""
BUILD=1
RESULTS="$PERF_DIR/RESULTS.md"

need_arg() { [[ $# -ge 2 && -n "$2" ]] || die "$1 needs a value"; }
while [[ $# -gt 0 ]]; do
  case "$1" in
    --rows)       need_arg "$@"; ROWS="$2"; shift 2 ;;
    --seed)       need_arg "$@"; SEED="$2"; shift 2 ;;
    --runs)       need_arg "$@"; RUNS="$2"; shift 2 ;;
    --inputs)     need_arg "$@"; INPUTS="$2"; shift 2 ;;
    --medallion)  need_arg "$@"; MEDALLION="$2"; BUILD=0; shift 2 ;;
    --no-build)   BUILD=0; shift ;;
    --no-results) RESULTS=""; shift ;;
    --data)       need_arg "$@"; DATA="$2"; shift 2 ;;
    -h|--help)    sed -n '2,23p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument '$1' (see --help)" ;;
  esac
done
[[ "$ROWS" =~ ^[1-9][0-9]*$ ]] || die "--rows must be a positive integer, got '$ROWS'"
[[ "$SEED" =~ ^[0-9]+$ ]] || die "--seed must be a non-negative integer, got '$SEED'"
[[ "$RUNS" =~ ^[1-9][0-9]*$ ]] || die "--runs must be a positive integer, got '$RUNS'"

# --- 1. venv -----------------------------------------------------------------
command -v python3 >/dev/null || die "python3 not found"
if [[ ! -x "$VENV/bin/python" ]]; then
  say "creating venv $VENV"
  python3 -m venv "$VENV" || die "python3 -m venv failed (on Debian: apt-get install python3-venv)"
fi
PY="$VENV/bin/python"
if ! "$PY" -c 'import duckdb, zstandard, numpy' 2>/dev/null; then
  say "installing duckdb zstandard numpy into $VENV"
  "$PY" -m pip install --quiet --disable-pip-version-check duckdb zstandard numpy \
    || die "pip install duckdb zstandard numpy failed (needs PyPI)"
  "$PY" -c 'import duckdb, zstandard, numpy' || die "venv $VENV still lacks duckdb/zstandard/numpy"
fi

# --- 2. data -----------------------------------------------------------------
"$PY" "$PERF_DIR/gen_orders.py" --rows "$ROWS" --seed "$SEED" --out "$DATA" \
  || die "data generation failed"

# --- 3. medallion ------------------------------------------------------------
NOTE=""
if [[ "$BUILD" == 1 ]]; then
  command -v swift >/dev/null || die "swift not found on PATH"
  say "building medallion (release) in $REPO_DIR/.build-release"
  BUILD_LOG="$DATA/build-release.log"
  if (cd "$REPO_DIR" && swift build -c release --scratch-path .build-release --product medallion) >"$BUILD_LOG" 2>&1; then
    BIN_DIR="$(cd "$REPO_DIR" && swift build -c release --scratch-path .build-release --show-bin-path)"
    MEDALLION="$BIN_DIR/medallion"
  else
    echo "--------------------------------------------------------------------------" >&2
    echo "scan_vs_duckdb: MEDALLION RELEASE BUILD FAILED -- timing DuckDB only." >&2
    echo "  command: (cd $REPO_DIR && swift build -c release --scratch-path .build-release --product medallion)" >&2
    echo "  full log: $BUILD_LOG; last lines:" >&2
    grep -E 'error:' "$BUILD_LOG" | head -n 15 >&2 || tail -n 15 "$BUILD_LOG" >&2
    echo "--------------------------------------------------------------------------" >&2
    NOTE="medallion release build failed; DuckDB only"
    MEDALLION=""
  fi
elif [[ -z "$MEDALLION" ]]; then
  MEDALLION="$REPO_DIR/.build-release/release/medallion"
fi

if [[ -n "$MEDALLION" ]]; then
  if ! command -v "$MEDALLION" >/dev/null 2>&1; then
    echo "scan_vs_duckdb: medallion binary '$MEDALLION' not found or not executable -- timing DuckDB only" >&2
    NOTE="medallion binary not found; DuckDB only"
    MEDALLION=""
  elif ! "$MEDALLION" scan --help >/dev/null 2>&1; then
    echo "scan_vs_duckdb: '$MEDALLION scan --help' failed: no scan command yet? -- timing DuckDB only" >&2
    NOTE="medallion has no working 'scan' command; DuckDB only"
    MEDALLION=""
  else
    MEDALLION="$(command -v "$MEDALLION")"
    say "medallion: $MEDALLION"
  fi
fi

# --- 4. timings --------------------------------------------------------------
args=(--data "$DATA" --runs "$RUNS" --inputs "$INPUTS" --medallion "$MEDALLION"
      --command-line "$COMMAND_LINE" --note "$NOTE")
[[ -n "$RESULTS" ]] && args+=(--results "$RESULTS")
"$PY" "$PERF_DIR/scan_vs_duckdb.py" "${args[@]}" || die "benchmark failed (see above)"

if [[ -n "$NOTE" ]]; then
  echo "scan_vs_duckdb: NOTE: $NOTE" >&2
  exit 3
fi
