#!/usr/bin/env bash
# Load test of `medallion serve` (issue #13): builds release, starts the server over a
# lake (read only: the server never writes into it), checks one dashboard query answers,
# then runs `wrk -t2 -c50 -d30s --latency` POSTing that query to /api/sql and prints
# requests/s, p50/p90/p99 latency and every kind of error wrk counts (socket connect/read/
# write/timeout errors and non-2xx answers). Exits 1 if there was any error.
#
#   perf/serve/load.sh [--lake DIR | --sample] [--connections 50] [--duration 30s] [--threads 2]
#                      [--max-concurrent N] [--no-build] [--scratch-path .build]
#
# --sample builds the sample data's lake (Tests/Fixtures) in a temporary folder first.
# Default lake: /work/perfdata/sqllake-2000x300 (10M generated orders).
set -euo pipefail
cd "$(dirname "$0")/../.."

lake=/work/perfdata/sqllake-2000x300
sample=0 connections=50 duration=30s threads=2 build=1 scratch=.build concurrent=""
while [ $# -gt 0 ]; do
  case "$1" in
    --lake) lake="$2"; shift 2 ;;
    --sample) sample=1; shift ;;
    --connections) connections="$2"; shift 2 ;;
    --duration) duration="$2"; shift 2 ;;
    --threads) threads="$2"; shift 2 ;;
    --max-concurrent) concurrent="$2"; shift 2 ;;
    --no-build) build=0; shift ;;
    --scratch-path) scratch="$2"; shift 2 ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
done

command -v wrk >/dev/null || { echo "wrk is not installed (Debian: apt-get install wrk)" >&2; exit 1; }
command -v curl >/dev/null || { echo "curl is not installed" >&2; exit 1; }

if [ "$build" = 1 ]; then nice swift build -c release --product medallion --scratch-path "$scratch" >&2; fi
binary="$scratch/release/medallion"
[ -x "$binary" ] || { echo "no release binary at $binary (drop --no-build)" >&2; exit 1; }

work=$(mktemp -d /tmp/medallion-serve-load.XXXXXX)
server_pid=""
cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then kill -TERM "$server_pid"; wait "$server_pid" || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

if [ "$sample" = 1 ]; then
  lake="$work/sample-lake"
  "$binary" run --source Tests/Fixtures/atliqon-sportsbar --lake "$lake" --workers 2 >/dev/null
fi
[ -d "$lake" ] || { echo "lake folder not found: $lake" >&2; exit 1; }

args=(serve --lake "$lake" --port 0)
[ -n "$concurrent" ] && args+=(--max-concurrent-queries "$concurrent")
"$binary" "${args[@]}" >"$work/stdout" 2>"$work/server.log" &
server_pid=$!
for _ in $(seq 1 300); do
  grep -q "http://" "$work/stdout" 2>/dev/null && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log" >&2; exit 1; }
  sleep 0.1
done
url=$(grep -o 'http://[^/]*/' "$work/stdout" | head -1)
[ -n "$url" ] || { echo "the server printed no URL" >&2; cat "$work/server.log" >&2; exit 1; }

sql() {  # POST one statement, print the JSON answer
  curl -sS -X POST -H 'Content-Type: application/json' --data-binary "$(python3 -c 'import json,sys; print(json.dumps({"sql": sys.argv[1]}))' "$1")" "${url}api/sql"
}
year=$(sql "SELECT max(year) AS y FROM gold.fact_orders_enriched" | python3 -c 'import json,sys; print(json.load(sys.stdin)["rows"][0][0])')
query="SELECT date AS month, channel, sum(total_amount_inr) AS revenue, sum(sold_quantity) AS quantity, count(*) AS orders FROM gold.fact_orders_enriched WHERE date >= DATE '${year}-01-01' AND date < DATE '$((year + 1))-01-01' GROUP BY date, channel ORDER BY month, channel"
probe=$(sql "$query")
echo "$probe" | python3 -c '
import json, sys
answer = json.load(sys.stdin)
assert "rows" in answer, answer
print("probe: %s rows, %s ms, lakeVersion %s" % (answer["rowCount"], answer["elapsedMs"], answer["lakeVersion"]))
' >&2
shape=$(sql "SELECT count(*) AS n FROM gold.fact_orders_enriched" | python3 -c 'import json,sys; print(json.load(sys.stdin)["rows"][0][0])')

export SERVE_LOAD_BODY
SERVE_LOAD_BODY=$(python3 -c 'import json,sys; print(json.dumps({"sql": sys.argv[1]}))' "$query")
load_before=$(cut -d' ' -f1 /proc/loadavg)
wrk -t"$threads" -c"$connections" -d"$duration" --latency --timeout 60s -s perf/serve/post_sql.lua "${url}api/sql" | tee "$work/wrk.txt" >&2
load_after=$(cut -d' ' -f1 /proc/loadavg)
kill -TERM "$server_pid"; status=0; wait "$server_pid" || status=$?; server_pid=""

python3 - "$work/wrk.txt" "$work/server.log" <<PY
import re, sys
text = open(sys.argv[1]).read()
log = open(sys.argv[2]).read()
def latency(p):
    m = re.search(r"^\s*%s%%\s+([\d.]+)(us|ms|s)\b" % p, text, re.M)
    if not m: return "n/a"
    v, unit = float(m.group(1)), m.group(2)
    return "%.1f ms" % (v / 1000 if unit == "us" else v * 1000 if unit == "s" else v)
m = re.search(r"(\d+) requests in ([\d.]+)(\w+)", text)
requests = int(m.group(1)) if m else 0
socket = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
socket_errors = sum(int(x) for x in socket.groups()) if socket else 0
non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
non2xx = int(non2xx.group(1)) if non2xx else 0
rps = re.search(r"Requests/sec:\s+([\d.]+)", text)
answered = len(re.findall(r"POST /api/sql 200 ", log))
print(f"lake: $lake ({int('$shape'):,} rows in gold.fact_orders_enriched, lakeVersion from the probe above)")
print(f"query: revenue, quantity, orders by month and channel for $year")
print(f"wrk -t$threads -c$connections -d$duration: {requests} requests, {rps.group(1) if rps else 'n/a'} req/s")
print(f"latency p50 {latency(50)}, p90 {latency(90)}, p99 {latency(99)}")
print(f"errors: socket {socket.groups() if socket else '(none)'} non-2xx {non2xx}; server logged {answered} answered 200")
print(f"load average {'$load_before'} before, {'$load_after'} after; server exit status $status")
sys.exit(1 if socket_errors or non2xx or $status != 0 else 0)
PY
