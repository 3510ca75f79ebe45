"""Whether the engines of one race wrote the same gold: every finished engine's fingerprints
(perf/race/gold_check.py) against the reference's — medallion when it finished, else the first."""
from __future__ import annotations

import sys

import gold_check
from measure import Measurement


def check(results: list[Measurement]) -> bool:
    """Sets each result's `check` (reference, = engine, MISMATCH, FAILED, skipped); True if all agree."""
    finished = [r for r in results if r.ok]
    if not finished:
        return False
    reference = next((r for r in finished if r.engine == "medallion"), finished[0])
    agree = True
    for result in finished:
        problems = [f"{table} {line}" for table in gold_check.COLUMNS
                    for line in gold_check.differences(reference.prints[table], result.prints[table])]
        if result is reference:
            result.check = "reference"
        elif problems:
            agree = False
            result.check = "MISMATCH"
            print(f"race: MISMATCH {result.engine} vs {reference.engine}:", file=sys.stderr)
            for line in problems:
                print(f"  {line}", file=sys.stderr)
        else:
            result.check = f"= {reference.engine}"
    for result in results:
        if not result.ok and not result.note.startswith("skipped"):
            agree = False
            result.check = "FAILED"
        elif not result.ok:
            result.check = "skipped"
    return agree


def identical(result: Measurement) -> str:
    """The "gold identical" cell: yes, no, or why there is no answer."""
    if result.check == "reference" or result.check.startswith("="):
        return "yes"
    if result.check == "MISMATCH":
        return "NO"
    return result.check or "-"
