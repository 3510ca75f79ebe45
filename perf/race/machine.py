"""What a figure was measured on and with: date, machine, load, the repository's commit."""
from __future__ import annotations

import datetime
import os
import platform
import subprocess

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def now_utc() -> str:
    return f"{datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC"


def cpu_model() -> str:
    try:
        with open("/proc/cpuinfo") as handle:
            for line in handle:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def memory_gb() -> float:
    try:
        with open("/proc/meminfo") as handle:
            for line in handle:
                if line.startswith("MemTotal:"):
                    return int(line.split()[1]) / 1024 / 1024
    except OSError:
        pass
    return 0.0


def describe() -> str:
    """`nproc 2, AMD EPYC 7B13, 23 GB, Linux 6.1 x86_64`."""
    return (f"nproc {os.cpu_count()}, {cpu_model()}, {memory_gb():.0f} GB, "
            f"{platform.system()} {platform.release()} {platform.machine()}")


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} / {five:.2f} / {fifteen:.2f}"


def commit(path: str = REPO) -> str:
    """The short commit of the work tree at `path`, `-dirty` when it has uncommitted changes."""
    def git(*args: str) -> str:
        return subprocess.run(["git", "-C", path, *args], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                              text=True).stdout.strip()
    head = git("rev-parse", "--short", "HEAD") or "unknown"
    return head + ("-dirty" if git("status", "--porcelain", "--untracked-files=no") else "")
