"""A synthetic stand-in source folder made from the real data (for testing the race only).

    python replicate.py --source REAL --out DIR [--rows 10000000] [--years 6]
                        [--compression zstd|gzip|none] [--dirty]

The parent files and the child dimension files are copied as they are. Every real order
day-file becomes `--years` day-files (its year shifted by 0..years-1, in the file name and
in every order date, whatever its layout), each holding `copies` copies of the original
rows with `Rnnn` appended to order_id, so copies are not duplicates of each other but
keep the real data's dirt (duplicates, missing quantities, invalid ids, four date
layouts) at the real rates. `copies` is chosen to reach about `--rows` order rows.

`--dirty` adds the Rules §1/§8 CSV cases to some order files (CRLF, BOM, reordered columns
plus an extra column, blank lines, a quoted newline, `""` fields, a row with a wrong
field count, an unterminated quote, odd quantities and dates, gzip bytes under a `.csv`
name, plain bytes under a `.csv.zst` name), so the peers can be checked against each
other on them.
"""
from __future__ import annotations

import argparse
import csv
import gzip
import io
import os
import re
import shutil
import sys

import zstandard

ORDERS = re.compile(r"^2_child_company/.*orders/.*\.csv$")
DAY = re.compile(r"(\d{4})_(\d{2})_(\d{2})")
FRAME = 1 << 20  # bytes of CSV per zstd frame / gzip member


def compress(data: bytes, codec: str) -> bytes:
    """Multi-frame zstd / multi-member gzip, one frame (member) per MiB of CSV."""
    if codec == "none":
        return data
    chunks = [data[i:i + FRAME] for i in range(0, len(data), FRAME)] or [b""]
    if codec == "zstd":
        z = zstandard.ZstdCompressor(level=3)
        return b"".join(z.compress(c) for c in chunks)
    return b"".join(gzip.compress(c, compresslevel=6) for c in chunks)


SUFFIX = {"zstd": ".zst", "gzip": ".gz", "none": ""}


def shift_year(date: str, years: int) -> str:
    """The order date with its 4-digit year shifted (any of the four layouts)."""
    return re.sub(r"\b(\d{4})\b", lambda m: str(int(m.group(1)) + years), date, count=1) if years else date


def day_file_rows(rows: list[list[str]], years: int, copies: int) -> list[list[str]]:
    out = []
    for copy in range(copies):
        tag = f"R{copy:03d}"
        for order_id, date, customer, product, qty in rows:
            out.append([order_id + tag if order_id else order_id, shift_year(date, years), customer, product, qty])
    return out


def dirty(rows: list[list[str]], index: int) -> tuple[list[str], list[list[str]], dict]:
    """Applies some of the rules' CSV cases to one day-file's rows (deterministic by index)."""
    header = ["order_id", "order_placement_date", "customer_id", "product_id", "order_qty"]
    options = {"crlf": index % 7 == 1, "bom": index % 7 == 2, "blank": index % 11 == 4,
               "unterminated": index % 17 == 6}
    odd_values = ["1.5e2", "+150", "150.5", "-3", "abc", "0.0", "1E1", "  7", ""]
    for k, row in enumerate(rows):
        if k % 97 == 3:
            row[4] = odd_values[(k // 97) % len(odd_values)]
        if k % 89 == 5 and "," in row[1]:
            row[1] = row[1].replace(", ", ",\t", 1)
        if k % 193 == 7:
            row[1] = "2025/13/01"
    if index % 7 == 3:  # reordered columns and an extra one
        header = ["note", "product_id", "order_qty", "order_id", "customer_id", "order_placement_date"]
        rows = [["x, y" if k % 5 == 0 else "", r[3], r[4], r[0], r[2], r[1]] for k, r in enumerate(rows)]
    return header, rows, options


def render(header: list[str], rows: list[list[str]], options: dict) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n" if options.get("crlf") else "\n")
    writer.writerow(header)
    for k, row in enumerate(rows):
        writer.writerow(row)
        if options.get("blank") and k % 50 == 10:
            buffer.write("\n")
        if options.get("blank") and k == 20:  # a quoted newline and an empty quoted field
            buffer.write('"ORD\nSPLIT",2025/07/02,789101,25891101,""\n')
            buffer.write('"ORD\r\nSPLIT2",2025/07/02,789101,25891101,12\n')
        if options.get("crlf") and k == 30:  # a row with a wrong field count
            buffer.write("ORDBAD,2025/07/02,789101,25891101,12,extra\r\n")
    if options.get("unterminated"):
        lines = buffer.getvalue().split("\n")
        middle = len(lines) // 2
        lines.insert(middle, 'ORDOPEN,"2025/07/03,789101,25891101,5')
        text = "\n".join(lines)
    else:
        text = buffer.getvalue()
    data = text.encode()
    return (b"\xef\xbb\xbf" + data) if options.get("bom") else data


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--years", type=int, default=6)
    parser.add_argument("--compression", choices=["zstd", "gzip", "none"], default="zstd")
    parser.add_argument("--dirty", action="store_true")
    args = parser.parse_args()

    sources = []
    for folder, _, files in os.walk(args.source):
        for name in files:
            sources.append(os.path.relpath(os.path.join(folder, name), args.source).replace(os.sep, "/"))
    sources.sort()
    orders = [r for r in sources if ORDERS.match(r)]
    real_rows = {r: list(csv.reader(open(os.path.join(args.source, r), newline="", encoding="utf-8-sig")))[1:]
                 for r in orders}
    total_real = sum(len(v) for v in real_rows.values())
    copies = max(1, round(args.rows / (total_real * args.years)))
    if os.path.exists(args.out):
        shutil.rmtree(args.out)
    for rel in sources:
        if rel not in real_rows:
            os.makedirs(os.path.dirname(os.path.join(args.out, rel)), exist_ok=True)
            shutil.copyfile(os.path.join(args.source, rel), os.path.join(args.out, rel))
    written, index = 0, 0
    for rel in orders:
        for years in range(args.years):
            name = DAY.sub(lambda m: f"{int(m.group(1)) + years}_{m.group(2)}_{m.group(3)}", rel)
            rows = day_file_rows(real_rows[rel], years, copies)
            header = ["order_id", "order_placement_date", "customer_id", "product_id", "order_qty"]
            options: dict = {}
            codec = args.compression
            if args.dirty:
                header, rows, options = dirty(rows, index)
                codec = ["zstd", "gzip", "none"][index % 3]
            data = compress(render(header, rows, options), codec)
            target = name + SUFFIX[codec]
            if args.dirty and index % 19 == 9:      # gzip bytes under a plain name
                data, target = compress(render(header, rows, options), "gzip"), name
            elif args.dirty and index % 19 == 10:   # plain bytes under a zstd name
                data, target = render(header, rows, options), name + ".zst"
            path = os.path.join(args.out, target)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "wb") as handle:
                handle.write(data)
            written += len(rows)
            index += 1
    print(f"replicate: {written:,} order rows in {index} day-files ({copies} copies x {args.years} years) "
          f"-> {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
