#!/usr/bin/env bash
# How long `medallion ask` takes to answer (issue #14: < 200 ms on the sample lake, < 1 s on
# the 10M-order lake). Times one representative question per class — each a whole
# `medallion ask` process, as a user runs it: start, read the value index, parse, compile,
# run — best of --runs, and prints one line per question (wall time, and the CPU time,
# user + sys, of the best run: on a loaded machine the wall time is mostly waiting for a
# core, the CPU time is not), then the slowest.
#
#   perf/ask/ask_times.sh BIN LAKE [--runs 3]
#
# BIN: a (release) medallion binary; LAKE: a medallion lake (the sample data's, from
# `medallion run --source Tests/Fixtures/atliqon-sportsbar --lake DIR`, or a generated one
# such as /work/perfdata/sqllake-2000x300). Exits 1 if a question fails to answer.
set -euo pipefail

if [ $# -lt 2 ]; then
  echo "usage: $0 BIN LAKE [--runs N]" >&2
  exit 2
fi
bin="$1" lake="$2"
shift 2
runs=3
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
done
[ -x "$bin" ] || { echo "not an executable: $bin" >&2; exit 2; }
[ -d "$lake" ] || { echo "not a folder: $lake" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (apt-get install time)" >&2; exit 2; }

# class|question
questions=(
  "plain measure|total revenue"
  "by city|customers by city"
  "by product, top 10|top 10 products by revenue"
  "two distinct counts|customers and products"
  "growth (yoy)|year-over-year revenue growth"
  "share|share of revenue by channel"
  "trend|monthly revenue trend"
  "time range|revenue between March and June 2025 by channel"
  "filter by city|units of protein bars in Hyderabad"
  "comparison|revenue 2025 vs 2024 by category"
)

now_ms() { date +%s%3N; }
echo "lake: $lake"
echo "load: $(uptime | sed 's/.*load average: //')"
printf '%-22s %8s %8s  %s\n' "class" "best ms" "cpu ms" "question (all runs, ms)"
max=0 max_class="" max_cpu=0
for entry in "${questions[@]}"; do
  class="${entry%%|*}" question="${entry#*|}"
  best="" all="" cpu=""
  for _ in $(seq "$runs"); do
    start=$(now_ms)
    if ! /usr/bin/time -f "%U %S" -o /tmp/ask_times.$$.cpu "$bin" ask --lake "$lake" --format json "$question" > /dev/null 2> /tmp/ask_times.$$.err; then
      echo "FAILED: $question" >&2
      cat /tmp/ask_times.$$.err >&2
      rm -f /tmp/ask_times.$$.err
      exit 1
    fi
    took=$(( $(now_ms) - start ))
    all="$all $took"
    if [ -z "$best" ] || [ "$took" -lt "$best" ]; then
      best=$took
      cpu=$(awk '{ printf "%d", ($1 + $2) * 1000 }' /tmp/ask_times.$$.cpu)
    fi
  done
  printf '%-22s %8d %8d  %s (%s)\n' "$class" "$best" "$cpu" "$question" "${all# }"
  if [ "$best" -gt "$max" ]; then max=$best max_class="$class"; fi
  if [ "$cpu" -gt "$max_cpu" ]; then max_cpu=$cpu; fi
done
rm -f /tmp/ask_times.$$.err /tmp/ask_times.$$.cpu
echo "max: $max ms ($max_class); max cpu: $max_cpu ms"
