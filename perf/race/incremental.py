"""medallion's incremental runs, measured against its backfill of the same data: a linked copy
of the generated folder is backfilled into a fresh lake, then one more day of orders arrives
(`medallion generate --append-days 1`: a new file under 2_child_company/incremental_load/orders/)
and a run reads it; then a new customers file arrives (a dimension change) and a run reads that.
Each run's wall time is reported as % of the backfill's."""
from __future__ import annotations

import os
from dataclasses import dataclass

import datasets
import engines
from measure import Measurement


@dataclass
class Step:
    name: str                 # backfill, +1 day, +customers file
    delivered: list[str]      # files added to the source before this run (relative)
    measurement: Measurement

    @property
    def report(self) -> dict:
        return self.measurement.report


def measure_incremental(shape: datasets.Shape, source: str, data_root: str, out: str, binary: str,
                        workers: int) -> list[Step]:
    copy = datasets.linked_copy(source, os.path.join(data_root, shape.folder_name + "-incremental"))
    lake = os.path.join(out, "medallion-incremental-lake")
    log = lambda name: os.path.join(out, f"medallion-incremental-{name}.log")
    steps = [Step("backfill", [], engines.run_medallion(binary, copy, lake, workers, log("backfill"),
                                                        label="medallion backfill", fingerprint=False))]
    if not steps[0].measurement.ok:
        return steps
    day = datasets.deliver_one_day(binary, shape, copy)
    steps.append(Step("+1 day of orders", [os.path.relpath(p, copy) for p in day],
                      engines.run_medallion(binary, copy, lake, workers, log("day"), label="medallion +1 day",
                                            fresh=False, fingerprint=False)))
    customers = datasets.deliver_new_customers(copy)
    steps.append(Step("+new customers file", [os.path.relpath(customers, copy)],
                      engines.run_medallion(binary, copy, lake, workers, log("customers"),
                                            label="medallion +customers", fresh=False)))
    return steps
