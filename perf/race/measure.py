"""Measuring one child process tree: wall time, CPU time (user+sys of the whole tree), peak RSS
(summed over the tree), and the CPU the rest of the machine used meanwhile (the machine is
shared; that figure says how noisy the wall time is).
"""
from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field

PAGE = os.sysconf("SC_PAGE_SIZE")
# Linux carries a process's max RSS across fork and exec, so a command started straight from
# this (large: pyarrow, gold tables) interpreter reports at least its RSS as ru_maxrss. A tiny
# launcher (python -S -I, ~10 MB) forks the command instead and writes the command's own
# rusage (max RSS KB, user+sys s) to a file.
LAUNCHER = r"""
import os, sys
pid = os.fork()
if pid == 0:
    try:
        os.execvp(sys.argv[2], sys.argv[2:])
    finally:
        os._exit(127)
_, status, usage = os.wait4(pid, 0)
with open(sys.argv[1], "w") as handle:
    handle.write(f"{usage.ru_maxrss} {usage.ru_utime + usage.ru_stime}")
code = os.waitstatus_to_exitcode(status)
sys.exit(code if code >= 0 else 128 - code)
"""
TICKS = os.sysconf("SC_CLK_TCK")


class TreeSampler(threading.Thread):
    """Samples a process tree every `interval` s: peak of the summed RSS, CPU per process."""

    def __init__(self, root: int, interval: float = 0.05, skip_root_rss: bool = False):
        super().__init__(daemon=True)
        self.root, self.interval, self.skip_root_rss = root, interval, skip_root_rss
        self.peak_rss = 0
        self.cpu: dict[int, float] = {}  # pid -> last seen user+sys seconds
        self._halt = threading.Event()

    @staticmethod
    def _stat(pid: int) -> tuple[int, float, int] | None:
        """(parent pid, user+sys seconds, rss bytes) of a process, None if it is gone."""
        try:
            with open(f"/proc/{pid}/stat") as handle:
                text = handle.read()
        except OSError:
            return None
        fields = text[text.rindex(")") + 2:].split()
        return int(fields[1]), (int(fields[11]) + int(fields[12])) / TICKS, int(fields[21]) * PAGE

    def sample(self) -> None:
        stats = {}
        for name in os.listdir("/proc"):
            if name.isdigit():
                stat = self._stat(int(name))
                if stat:
                    stats[int(name)] = stat
        tree, frontier = set(), [self.root]
        children: dict[int, list[int]] = {}
        for pid, (ppid, _, _) in stats.items():
            children.setdefault(ppid, []).append(pid)
        while frontier:
            pid = frontier.pop()
            if pid in stats and pid not in tree:
                tree.add(pid)
                frontier.extend(children.get(pid, []))
        measured = tree - {self.root} if self.skip_root_rss else tree
        self.peak_rss = max(self.peak_rss, sum(stats[p][2] for p in measured))
        for pid in tree:
            self.cpu[pid] = stats[pid][1]

    def run(self) -> None:
        while not self._halt.is_set():
            self.sample()
            self._halt.wait(self.interval)

    def stop(self) -> None:
        self._halt.set()
        self.join()


def machine_cpu_seconds() -> float:
    """Busy CPU seconds of the whole machine since boot (/proc/stat: all but idle and iowait)."""
    with open("/proc/stat") as handle:
        values = [int(v) for v in handle.readline().split()[1:]]
    idle = values[3] + (values[4] if len(values) > 4 else 0)
    # guest time is already counted in user; steal is not ours either
    busy = sum(values[:8]) - idle - (values[7] if len(values) > 7 else 0)
    return busy / TICKS


@dataclass
class Measurement:
    engine: str
    wall: float = 0.0
    cpu: float = 0.0
    peak_rss_mb: float = 0.0
    ok: bool = False
    note: str = ""
    output: str = ""                     # peer out folder or medallion lake
    prints: dict = field(default_factory=dict)
    check: str = ""
    others_cpu: float = 0.0              # CPU s the rest of the machine used during the run
    load_before: float = 0.0             # 1-minute load average at the start
    stages: list = field(default_factory=list)  # medallion: (stage, seconds) from its run report
    report: dict = field(default_factory=dict)  # medallion: the run report JSON

    @property
    def gold_rows(self) -> int | None:
        fact = self.prints.get("fact_orders")
        return fact.rows if fact else None


def measure(engine: str, command: list[str], env: dict, log_path: str) -> Measurement:
    """Runs `command` to completion; wall, CPU (user+sys) and peak RSS of its process tree."""
    result = Measurement(engine, load_before=os.getloadavg()[0])
    machine_before = machine_cpu_seconds()
    started = time.perf_counter()
    usage_path = log_path + ".rusage"
    with open(log_path, "w") as log:
        process = subprocess.Popen([sys.executable, "-S", "-I", "-c", LAUNCHER, usage_path] + command,
                                   env=env, stdout=log, stderr=subprocess.STDOUT)
        sampler = TreeSampler(process.pid, skip_root_rss=True)
        sampler.start()
        # wait4: the launcher's rusage, CPU including the descendants it reaped.
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        sampler.stop()
    result.wall = time.perf_counter() - started
    max_rss_kb, command_cpu = 0, 0.0
    if os.path.exists(usage_path):
        with open(usage_path) as handle:
            kb, cpu = handle.read().split()
        max_rss_kb, command_cpu = int(kb), float(cpu)
        os.remove(usage_path)
    result.cpu = max(usage.ru_utime + usage.ru_stime, command_cpu, sum(sampler.cpu.values()))
    result.others_cpu = max(0.0, machine_cpu_seconds() - machine_before - result.cpu)
    # the sampler's summed tree (without the launcher) or the command's own max RSS, the larger
    result.peak_rss_mb = max(sampler.peak_rss, max_rss_kb * 1024) / 1e6
    result.ok = process.returncode == 0
    if not result.ok:
        result.note = f"exit {process.returncode}, see {log_path}"
    return result
