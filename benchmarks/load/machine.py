"""The machine the benchmark shares: how busy its CPUs are, and how much of them other processes use."""

from __future__ import annotations

import os
import time
from pathlib import Path


def cpu_busy(seconds: float = 1.0) -> float:
    """Share of all CPUs busy over an interval (0..1), from /proc/stat."""

    def sample() -> tuple[int, int]:
        fields = [int(value) for value in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
        return sum(fields), fields[3] + fields[4]  # total, idle + iowait

    total, idle = sample()
    time.sleep(seconds)
    total_after, idle_after = sample()
    return 1 - (idle_after - idle) / max(total_after - total, 1)


def wait_until_quiet(*, threshold: float, patience: float) -> float:
    """Wait (up to `patience` seconds) until other processes leave the CPUs mostly idle; return the last share."""
    deadline = time.monotonic() + patience
    busy = cpu_busy()
    while busy > threshold and time.monotonic() < deadline:
        print(f"  the machine is {busy:.0%} busy with other work; waiting...", flush=True)
        time.sleep(4)
        busy = cpu_busy()
    return busy


class OtherWork:
    """CPU time that processes outside the benchmark spend while it measures, read from /proc.

    The benchmark's own work is: this process, wrk, the server's process group, Redis, and the
    PostgreSQL backends connected to the benchmark's database. Everything else (another test
    run, an editor, a second server) is someone else's, and makes a run's figures unreliable.
    """

    TICKS = os.sysconf("SC_CLK_TCK")

    def __init__(self, *, database: str):
        self.database = database
        self.group: int | None = None
        self.started: dict[int, int] = {}
        self.at = 0.0

    def _others(self) -> dict[int, int]:
        ticks = {}
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                name_end = (text := stat.read_text()).rindex(")")
                name, fields = text[text.index("(") + 1 : name_end], text[name_end + 2 :].split()
                pid = int(stat.parent.name)
                if pid == os.getpid() or int(fields[2]) == self.group or name in ("wrk", "redis-server"):
                    continue
                if name.startswith("postgres"):
                    command = (stat.parent / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
                    if f" {self.database} " in command:
                        continue
                ticks[pid] = int(fields[11]) + int(fields[12])  # utime + stime
            except (OSError, ValueError, IndexError):
                continue
        return ticks

    def start(self, group: int | None) -> None:
        self.group, self.started, self.at = group, self._others(), time.monotonic()

    def share(self) -> float:
        """Share of all CPUs (0..1) that other processes used since `start()`."""
        now, elapsed = self._others(), time.monotonic() - self.at
        used = sum(max(ticks - self.started.get(pid, 0), 0) for pid, ticks in now.items()) / self.TICKS
        return used / max(elapsed * (os.cpu_count() or 1), 1e-9)
