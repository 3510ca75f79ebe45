"""Writes a section of perf/RESULTS.md between marker comments, replacing the previous text of
the same section (`<!-- race-suite NAME BEGIN -->` … `<!-- race-suite NAME END -->`); a new
section is appended at the end of the file."""
from __future__ import annotations

import os


def markers(name: str) -> tuple[str, str]:
    return f"<!-- race-suite {name} BEGIN -->", f"<!-- race-suite {name} END -->"


def replace_section(path: str, name: str, body: str) -> None:
    begin, end = markers(name)
    block = f"{begin}\n{body.rstrip()}\n{end}\n"
    text = open(path).read() if os.path.exists(path) else ""
    start, stop = text.find(begin), text.find(end)
    if start >= 0 and stop > start:
        stop += len(end)
        if text[stop:stop + 1] == "\n":
            stop += 1
        text = text[:start] + block + text[stop:]
    else:
        text = text.rstrip("\n") + ("\n\n" if text else "") + block
    with open(path, "w") as handle:
        handle.write(text)
