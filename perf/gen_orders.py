#!/usr/bin/env python3
"""Generate an orders-like CSV (plus compressed copies) for scan benchmarks.

The rows are modelled on the SportsBar child-company order files
(order_id,order_placement_date,customer_id,product_id,order_qty):

  * order ids like FJUL33320501: "F" + month of the order + a day code +
    3 customer digits + 2 + 2 digits; an order has 1..11 lines
    (geometric, about 2 lines on average);
  * dates in the four styles of the real files, about 80% quoted long form
    "Tuesday, July 01, 2025" (with the right weekday) and about 6.7% each of
    2025/07/01, 01-07-2025 and 01/07/2025; rows are in date order
    (2025-07-01 .. 2025-11-30), like daily files put one after another;
  * customer ids of 6 digits, about 10% replaced by ABC987 / XYZ123 / INVALID;
  * product ids of 8 digits (18 real ones, ~5% junk 77777777 / 88888888 / 99999999);
  * order_qty "16.0" .. "500.0", about 5% empty.

Nothing of the real data is copied: only its shape.

Output (all in --out):
  orders.csv              the CSV
  orders.csv.zst          zstd, independent frames of <= --zstd-frame-mib MiB of
                          input each, every frame cut just after a newline
                          (level 3, frames concatenated)
  orders.single.csv.zst   zstd, one frame (level 3)
  orders.csv.gz           gzip, members of <= --gzip-member-mib MiB of input each,
                          cut after a newline (gzip.compress level 6, mtime 0,
                          members concatenated)
  orders.json             sidecar: parameters, sizes, row count, qty sum

Everything is deterministic for a given (--rows, --seed, parameters); when the
sidecar matches the request and all files are present with the recorded sizes,
nothing is regenerated (use --force to regenerate anyway).

The CSV is built in chunks of 1M rows: each field comes from a small table of
zero-padded byte strings (or from digit arithmetic), the fields are laid side by
side in a (rows x width) uint8 matrix and the zero padding is dropped.
"""
from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import os
import sys
import time
from concurrent.futures import ThreadPoolExecutor

try:
    import numpy as np
except ImportError:  # pragma: no cover - environment problem
    sys.exit("gen_orders.py: numpy is missing (pip install numpy, or run perf/scan_vs_duckdb.sh which makes perf/.venv)")

GENERATOR_VERSION = 1
CHUNK_ROWS = 1_000_000
HEADER = b"order_id,order_placement_date,customer_id,product_id,order_qty\n"

FIRST_DAY = dt.date(2025, 7, 1)
LAST_DAY = dt.date(2025, 11, 30)

PRODUCTS = [f"25891{a}0{b}" for a in range(1, 7) for b in range(1, 4)]  # 18 ids
JUNK_PRODUCTS = ["77777777", "88888888", "99999999"]
BAD_CUSTOMERS = ["ABC987", "XYZ123", "INVALID"]
# Customer suffixes like the real 789101, 789102, 789121, ..., 789903.
CUSTOMER_SUFFIXES = [a * 100 + b for a in range(1, 10) for b in (1, 2, 3, 20, 21, 22)]
# Histogram of order_qty in buckets of 50 (16..49, 50..99, ..., 450..499, 500),
# shaped like the real files.
QTY_BUCKET_WEIGHTS = [3346, 7984, 6732, 6670, 4933, 2962, 4551, 4578, 4137, 3261, 49]


def table(strings: list[str], sep: bytes) -> np.ndarray:
    """Zero-padded (len(strings) x width) uint8 table; each entry ends with sep."""
    enc = [s.encode("ascii") + sep for s in strings]
    width = max(len(e) for e in enc)
    out = np.zeros((len(enc), width), dtype=np.uint8)
    for i, e in enumerate(enc):
        out[i, : len(e)] = np.frombuffer(e, dtype=np.uint8)
    return out


def digits(values: np.ndarray, width: int) -> np.ndarray:
    """(n x width) ASCII digits of non-negative integers, zero-filled on the left."""
    out = np.empty((values.shape[0], width), dtype=np.uint8)
    v = values.astype(np.int64, copy=True)
    for k in range(width - 1, -1, -1):
        out[:, k] = (v % 10 + 48).astype(np.uint8)
        v //= 10
    return out


class Tables:
    def __init__(self) -> None:
        self.days = [FIRST_DAY + dt.timedelta(d) for d in range((LAST_DAY - FIRST_DAY).days + 1)]
        nd = len(self.days)
        # Order-id prefix per day: "F" + month + a day code (3..73 over the period).
        self.oid_prefix = table(
            [f"F{d.strftime('%b').upper()}{3 + i * 70 // (nd - 1)}" for i, d in enumerate(self.days)], b""
        )
        # Dates: index = day * 4 + style (0 long quoted, 1 yyyy/mm/dd, 2 dd-mm-yyyy, 3 dd/mm/yyyy).
        dates = []
        for d in self.days:
            dates.append('"' + d.strftime("%A, %B %d, %Y") + '"')
            dates.append(d.strftime("%Y/%m/%d"))
            dates.append(d.strftime("%d-%m-%Y"))
            dates.append(d.strftime("%d/%m/%Y"))
        self.dates = table(dates, b",")
        self.customers = table([f"789{s:03d}" for s in CUSTOMER_SUFFIXES] + BAD_CUSTOMERS, b",")
        self.n_good_customers = len(CUSTOMER_SUFFIXES)
        self.products = table(PRODUCTS + JUNK_PRODUCTS, b",")
        # qty index 0 = empty, i>0 = value 15+i ("16.0" .. "500.0").
        self.qty = table([""] + [f"{v}.0" for v in range(16, 501)], b"\n")
        w = np.array(QTY_BUCKET_WEIGHTS, dtype=np.float64)
        self.qty_bucket_p = w / w.sum()


def make_chunk(rng: np.random.Generator, t: Tables, first_row: int, n: int, total_rows: int,
               long_date_frac: float, empty_qty_frac: float) -> tuple[bytes, int, int]:
    """Returns (csv bytes, sum of order_qty, number of non-empty qty) for rows [first_row, first_row+n)."""
    nd = len(t.days)
    rows = np.arange(first_row, first_row + n, dtype=np.int64)
    day = (rows * nd // total_rows).astype(np.int64)

    # Orders: runs of 1..11 consecutive lines sharing the order id and customer.
    lens = np.minimum(rng.geometric(0.5, size=n), 11)
    order_of_row = np.repeat(np.arange(n), lens)[:n]
    n_orders = int(order_of_row[-1]) + 1
    cust = rng.integers(0, t.n_good_customers, size=n_orders)[order_of_row]
    seq = rng.integers(1, 37, size=n_orders)[order_of_row]
    last = rng.integers(1, 4, size=n_orders)[order_of_row]
    # An order's day is the day of its first line.
    first_line = np.concatenate(([0], np.flatnonzero(np.diff(order_of_row)) + 1))
    oday = day[first_line][order_of_row]
    suffix = np.array(CUSTOMER_SUFFIXES, dtype=np.int64)[cust]
    oid_digits = suffix * 10_000 + seq * 100 + last  # 7 digits: ccc ss ll

    # Per-row customer, with ~10% bad ids.
    bad = rng.random(n) < 0.10
    cust_row = np.where(bad, t.n_good_customers + rng.integers(0, len(BAD_CUSTOMERS), size=n), cust)

    # Dates.
    u = rng.random(n)
    short_frac = (1.0 - long_date_frac) / 3.0
    style = np.where(u < long_date_frac, 0,
                     np.where(u < long_date_frac + short_frac, 1,
                              np.where(u < long_date_frac + 2 * short_frac, 2, 3)))
    date_idx = day * 4 + style

    # Products: 18 real ids equally likely, ~5% junk.
    prod = np.where(rng.random(n) < 0.05,
                    len(PRODUCTS) + rng.integers(0, len(JUNK_PRODUCTS), size=n),
                    rng.integers(0, len(PRODUCTS), size=n))

    # Quantities.
    bucket = rng.choice(len(QTY_BUCKET_WEIGHTS), size=n, p=t.qty_bucket_p)
    lo = np.maximum(bucket * 50, 16)
    hi = np.where(bucket == 10, 501, bucket * 50 + 50)
    qty = lo + (rng.random(n) * (hi - lo)).astype(np.int64)
    empty = rng.random(n) < empty_qty_frac
    qty_idx = np.where(empty, 0, qty - 15)
    qty_sum = int(qty[~empty].sum())
    qty_count = int((~empty).sum())

    oid_tail = np.empty((n, 8), dtype=np.uint8)
    oid_tail[:, :7] = digits(oid_digits, 7)
    oid_tail[:, 7] = ord(",")
    mat = np.concatenate(
        [t.oid_prefix[oday], oid_tail, t.dates[date_idx], t.customers[cust_row],
         t.products[prod], t.qty[qty_idx]],
        axis=1,
    )
    flat = mat.ravel()
    return flat[flat != 0].tobytes(), qty_sum, qty_count


def newline_cuts(raw: bytes, target: int) -> list[tuple[int, int]]:
    """Split raw into pieces of at most `target` bytes (unless one line is longer),
    each ending just after a newline (the last piece ends at the end of raw)."""
    cuts, start, size = [], 0, len(raw)
    while start < size:
        end = start + target
        if end >= size:
            cuts.append((start, size))
            break
        nl = raw.rfind(b"\n", start, end)
        if nl < 0:  # a line longer than target: cut after its end
            nl = raw.find(b"\n", end)
            if nl < 0:
                cuts.append((start, size))
                break
        cuts.append((start, nl + 1))
        start = nl + 1
    return cuts


def write_atomic(path: str, parts) -> int:
    tmp = path + ".tmp"
    n = 0
    with open(tmp, "wb") as f:
        for p in parts:
            f.write(p)
            n += len(p)
    os.replace(tmp, path)
    return n


def main() -> int:
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=10_000_000, help="data rows (default 10,000,000)")
    ap.add_argument("--seed", type=int, default=42, help="random seed (default 42)")
    ap.add_argument("--out", default=os.path.join(here, "data"), help="output directory (default perf/data)")
    ap.add_argument("--zstd-frames", "--zstd-frame-mib", dest="zstd_frame_mib", type=float, default=4.0,
                    help="input MiB per zstd frame in orders.csv.zst (default 4)")
    ap.add_argument("--gzip-members", "--gzip-member-mib", dest="gzip_member_mib", type=float, default=8.0,
                    help="input MiB per gzip member in orders.csv.gz (default 8)")
    ap.add_argument("--long-date-frac", type=float, default=0.80,
                    help="share of quoted long dates (default 0.80, as in the real files)")
    ap.add_argument("--empty-qty-frac", type=float, default=0.05, help="share of empty order_qty (default 0.05)")
    ap.add_argument("--threads", type=int, default=os.cpu_count() or 1, help="compression threads")
    ap.add_argument("--force", action="store_true", help="regenerate even if the sidecar matches")
    args = ap.parse_args()

    if args.rows < 1:
        ap.error("--rows must be >= 1")
    if not 0.0 <= args.long_date_frac <= 1.0 or not 0.0 <= args.empty_qty_frac <= 1.0:
        ap.error("fractions must be within [0, 1]")
    if args.zstd_frame_mib <= 0 or args.gzip_member_mib <= 0:
        ap.error("frame / member sizes must be > 0")

    os.makedirs(args.out, exist_ok=True)
    names = {"csv": "orders.csv", "zstd_frames": "orders.csv.zst",
             "zstd_single": "orders.single.csv.zst", "gzip_members": "orders.csv.gz"}
    paths = {k: os.path.join(args.out, v) for k, v in names.items()}
    sidecar = os.path.join(args.out, "orders.json")
    params = {"generator_version": GENERATOR_VERSION, "rows": args.rows, "seed": args.seed,
              "zstd_frame_mib": args.zstd_frame_mib, "gzip_member_mib": args.gzip_member_mib,
              "long_date_frac": args.long_date_frac, "empty_qty_frac": args.empty_qty_frac}

    if not args.force and os.path.exists(sidecar):
        try:
            with open(sidecar) as f:
                meta = json.load(f)
            if (meta.get("params") == params
                    and all(os.path.exists(paths[k]) and os.path.getsize(paths[k]) == meta["files"][k]["bytes"]
                            for k in names)):
                print(f"gen_orders: {args.out} already holds {args.rows:,} rows (seed {args.seed}); skipping")
                return 0
        except (OSError, ValueError, KeyError, TypeError):
            pass
    # Invalidate the sidecar before touching any file.
    if os.path.exists(sidecar):
        os.remove(sidecar)

    t0 = time.perf_counter()
    rng = np.random.default_rng(args.seed)
    t = Tables()
    qty_sum = qty_count = 0

    def chunks():
        nonlocal qty_sum, qty_count
        yield HEADER
        for first in range(0, args.rows, CHUNK_ROWS):
            n = min(CHUNK_ROWS, args.rows - first)
            b, s, c = make_chunk(rng, t, first, n, args.rows, args.long_date_frac, args.empty_qty_frac)
            qty_sum += s
            qty_count += c
            yield b

    csv_bytes = write_atomic(paths["csv"], chunks())
    t_csv = time.perf_counter() - t0
    print(f"gen_orders: wrote {paths['csv']} ({args.rows:,} rows, {csv_bytes / 1e6:.1f} MB) in {t_csv:.1f}s", flush=True)

    try:
        import zstandard
    except ImportError:
        sys.exit("gen_orders.py: python 'zstandard' is missing (pip install zstandard)")

    with open(paths["csv"], "rb") as f:
        data = f.read()
    mv = memoryview(data)
    pool = ThreadPoolExecutor(max_workers=max(1, args.threads))

    # Multi-frame zstd: one independent frame per piece (content size recorded in each frame header).
    t1 = time.perf_counter()
    zcuts = newline_cuts(data, int(args.zstd_frame_mib * 1024 * 1024))

    def zframe(c):
        return zstandard.ZstdCompressor(level=3, write_content_size=True).compress(mv[c[0]:c[1]])

    frames = list(pool.map(zframe, zcuts))
    zst_bytes = write_atomic(paths["zstd_frames"], frames)
    del frames
    print(f"gen_orders: wrote {paths['zstd_frames']} ({len(zcuts)} frames, {zst_bytes / 1e6:.1f} MB) "
          f"in {time.perf_counter() - t1:.1f}s", flush=True)

    # Single-frame zstd (zstd's own worker threads still produce one frame).
    t1 = time.perf_counter()
    single = zstandard.ZstdCompressor(level=3, write_content_size=True, threads=2).compress(data)
    single_bytes = write_atomic(paths["zstd_single"], [single])
    del single
    print(f"gen_orders: wrote {paths['zstd_single']} (1 frame, {single_bytes / 1e6:.1f} MB) "
          f"in {time.perf_counter() - t1:.1f}s", flush=True)

    # Multi-member gzip.
    t1 = time.perf_counter()
    gcuts = newline_cuts(data, int(args.gzip_member_mib * 1024 * 1024))
    members = list(pool.map(lambda c: gzip.compress(mv[c[0]:c[1]], compresslevel=6, mtime=0), gcuts))
    gz_bytes = write_atomic(paths["gzip_members"], members)
    del members
    print(f"gen_orders: wrote {paths['gzip_members']} ({len(gcuts)} members, {gz_bytes / 1e6:.1f} MB) "
          f"in {time.perf_counter() - t1:.1f}s", flush=True)
    pool.shutdown()
    del mv, data

    meta = {
        "params": params,
        "header": HEADER.decode().strip(),
        "rows": args.rows,
        "order_qty": {"non_empty": qty_count, "sum": qty_sum},
        "files": {
            "csv": {"name": names["csv"], "bytes": csv_bytes},
            "zstd_frames": {"name": names["zstd_frames"], "bytes": zst_bytes, "frames": len(zcuts)},
            "zstd_single": {"name": names["zstd_single"], "bytes": single_bytes, "frames": 1},
            "gzip_members": {"name": names["gzip_members"], "bytes": gz_bytes, "members": len(gcuts)},
        },
        "seconds": round(time.perf_counter() - t0, 2),
    }
    with open(sidecar + ".tmp", "w") as f:
        json.dump(meta, f, indent=2)
        f.write("\n")
    os.replace(sidecar + ".tmp", sidecar)
    print(f"gen_orders: done in {meta['seconds']}s (order_qty: {qty_count:,} values, sum {qty_sum})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
