"""The race at realistic shapes (issue #11): one command runs the SportsBar race over several
generated data shapes and sizes, plus medallion with a memory limit and medallion's
incremental runs, and writes the figures to perf/RESULTS.md.

    perf/race/suite.sh                       # everything below, all four engines
    perf/race/suite.sh --shapes default,2000x300,50000x1000 --shape-orders 10M \\
                       --scale 1M,10M,30M --scale-shape 2000x300 \\
                       --engines medallion,duckdb,polars,spark --spark-max-orders 10M \\
                       --memory-limit 1GB --memory-limit-orders 30M \\
                       --incremental 10M:2000x300 \\
                       --data-root /work/perfdata --results perf/RESULTS.md --section realistic

Cases: every `--shapes` entry (`default` = the generator's defaults, or CUSTOMERSxPRODUCTS)
at `--shape-orders`, and the scale curve: `--scale-shape` at every `--scale` size; a case in
both runs once. `none` turns a list off. Per case every engine runs once on the same files
(perf/race/engines.py; PySpark is skipped above `--spark-max-orders`), gold is checked
(perf/race/agreement.py); then, at the `--memory-limit-orders` sizes of the scale curve,
medallion again with `--memory-limit`; then, for the `--incremental` cases, medallion's
backfill, one more day, and a new customers file (perf/race/incremental.py).
"""
from __future__ import annotations

import argparse
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import agreement  # noqa: E402
import gold_check  # noqa: E402
import datasets  # noqa: E402
import engines  # noqa: E402
import incremental  # noqa: E402
import machine  # noqa: E402
import results_md  # noqa: E402
import suite_report  # noqa: E402
from measure import Measurement  # noqa: E402
from suite_report import CaseResult  # noqa: E402


def count_list(text: str) -> list[int]:
    return [] if text == "none" else [datasets.parse_count(t) for t in text.split(",") if t.strip()]


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__.split("\n\n", 1)[1])
    parser.add_argument("--shapes", default="default,2000x300,50000x1000",
                        help="data shapes at --shape-orders: `default` or CUSTOMERSxPRODUCTS, comma-separated, or none")
    parser.add_argument("--shape-orders", default="10M", help="orders of the shape cases (default 10M)")
    parser.add_argument("--scale", default="1M,10M,30M", help="orders of the scale curve, comma-separated, or none")
    parser.add_argument("--scale-shape", default="2000x300", help="shape of the scale curve (default 2000x300)")
    parser.add_argument("--engines", default=",".join(engines.ENGINES),
                        help="comma-separated subset of " + ",".join(engines.ENGINES))
    parser.add_argument("--spark-max-orders", default="10M",
                        help="skip PySpark on cases with more orders than this (default 10M; none: never skip)")
    parser.add_argument("--memory-limit", default="1GB", help="medallion's --memory-limit for the extra run (none: no such run)")
    parser.add_argument("--memory-limit-orders", default="30M",
                        help="scale-curve sizes that get the memory-limited medallion run (default 30M; all; none)")
    parser.add_argument("--incremental", default="10M:2000x300",
                        help="ORDERS:SHAPE cases that get the incremental measurement, comma-separated (all; none)")
    parser.add_argument("--compression", choices=["zstd", "gzip", "none"], default="zstd")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--medallion", default=os.path.join(machine.REPO, ".build-rel", "release", "medallion"),
                        help="medallion binary (default .build-rel/release/medallion)")
    parser.add_argument("--data-root", default=datasets.DEFAULT_DATA_ROOT,
                        help="generated data sets (default $RACE_DATA or /work/perfdata)")
    parser.add_argument("--out", help="lakes, peer outputs and logs (default DATA_ROOT/race-out)")
    parser.add_argument("--results", default=os.path.join(machine.REPO, "perf", "RESULTS.md"),
                        help="Markdown file to write the section to (default perf/RESULTS.md)")
    parser.add_argument("--section", default="realistic", help="section name in --results (replaced on each run)")
    parser.add_argument("--title", help="section heading (default: derived from the cases)")
    parser.add_argument("--no-results", action="store_true", help="print only; leave --results alone")
    args = parser.parse_args()
    args.engines = [e.strip() for e in args.engines.split(",") if e.strip()]
    unknown = [e for e in args.engines if e not in engines.ENGINES]
    if unknown:
        parser.error(f"unknown engine(s): {', '.join(unknown)}")
    args.medallion = os.path.abspath(args.medallion)
    args.data_root = os.path.abspath(args.data_root)
    args.out = os.path.abspath(args.out or os.path.join(args.data_root, "race-out"))
    args.spark_max = None if args.spark_max_orders == "none" else datasets.parse_count(args.spark_max_orders)
    args.memory_limit = None if args.memory_limit == "none" else args.memory_limit
    return args


def planned_cases(args: argparse.Namespace) -> tuple[list[datasets.Shape], list[datasets.Shape], list[datasets.Shape]]:
    """(all cases in run order, the shape cases, the scale cases)."""
    shape_orders = datasets.parse_count(args.shape_orders)
    shapes = [] if args.shapes == "none" else [datasets.Shape.parse(s.strip(), shape_orders, args.compression)
                                               for s in args.shapes.split(",") if s.strip()]
    scale = [datasets.Shape.parse(args.scale_shape, n, args.compression) for n in count_list(args.scale)]
    ordered = list(dict.fromkeys(sorted(scale, key=lambda s: s.orders) + shapes))
    return ordered, shapes, scale


def wants(spec: str, case: datasets.Shape) -> bool:
    """Whether an `ORDERS:SHAPE` list (or all / none) names `case`."""
    if spec == "none":
        return False
    if spec == "all":
        return True
    for entry in spec.split(","):
        orders, _, dims = entry.strip().partition(":")
        if datasets.Shape.parse(dims or "default", datasets.parse_count(orders), case.compression) == case:
            return True
    return False


def run_case(case: datasets.Shape, args: argparse.Namespace, scale: list[datasets.Shape]) -> CaseResult:
    source = datasets.generated_source(case, args.data_root, args.medallion)
    out = os.path.join(args.out, case.folder_name)
    os.makedirs(out, exist_ok=True)
    print(f"\nrace: == {case.label}: {source} ({datasets.describe_source(source)})", file=sys.stderr, flush=True)
    result = CaseResult(case, source=source, description=datasets.describe_source(source))
    for engine in args.engines:
        if engine == "spark" and args.spark_max is not None and case.orders > args.spark_max:
            result.engines.append(Measurement(engine, note=f"skipped: more than {datasets.short_count(args.spark_max)} orders (--spark-max-orders)"))
            continue
        result.engines.append(engines.run_engine(engine, source, out, args.workers, args.medallion))
    result.agree = agreement.check(result.engines)
    limited_sizes = {c.orders for c in scale} if args.memory_limit_orders == "all" else set(count_list(args.memory_limit_orders))
    if args.memory_limit and case in scale and case.orders in limited_sizes:
        limited = engines.run_medallion(args.medallion, source, os.path.join(out, "medallion-limited-lake"), args.workers,
                                        os.path.join(out, "medallion-limited.log"), args.memory_limit,
                                        label=f"medallion --memory-limit {args.memory_limit}")
        result.limited = limited
        reference = next((r for r in result.engines if r.check == "reference"), None)
        if limited.ok and reference:
            same = all(not gold_check.differences(reference.prints[t], limited.prints[t]) for t in limited.prints)
            limited.check = f"= {reference.engine}" if same else "MISMATCH"
            result.agree = result.agree and same
        elif not limited.ok:
            limited.check, result.agree = "FAILED", False
    if wants(args.incremental, case):
        result.incremental = incremental.measure_incremental(case, source, args.data_root, out, args.medallion, args.workers)
        result.agree = result.agree and all(step.measurement.ok for step in result.incremental)
    return result


def main() -> int:
    args = arguments()
    cases, shape_cases, scale_cases = planned_cases(args)
    if not cases:
        raise SystemExit("race: no cases (--shapes none and --scale none)")
    load_before = machine.load()
    results = {case: run_case(case, args, scale_cases) for case in cases}
    context = suite_report.Context(command="perf/race/suite.sh " + " ".join(sys.argv[1:]), load_before=load_before,
                                   load_after=machine.load(), args=args)
    body = suite_report.render(results, shape_cases, scale_cases, context)
    print()
    print(body)
    if not args.no_results:
        results_md.replace_section(args.results, args.section, body)
        print(f"race: section `{args.section}` written to {args.results}", file=sys.stderr)
    return 0 if all(r.agree for r in results.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
