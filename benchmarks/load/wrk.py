"""Drive wrk: one run at a fixed load, its output parsed, and the Lua script that POSTs request bodies."""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

LUA_BODIES = Path(__file__).resolve().parent / "bodies.lua"


@dataclass
class WrkResult:
    """What one wrk run reports."""

    rps: float
    p50_ms: float
    p99_ms: float
    requests: int
    seconds: float
    non_2xx: int = 0
    socket_errors: dict[str, int] = field(default_factory=dict)

    @property
    def errors(self) -> int:
        return self.non_2xx + sum(self.socket_errors.values())


_UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _to_ms(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value).groups()
    return float(number) * _UNITS_MS[unit]


def wrk_parse(output: str) -> WrkResult:
    """Read requests/second, p50, p99 and errors from wrk's --latency output."""
    latency = dict(re.findall(r"^\s+(50|99)%\s+(\S+)\s*$", output, re.MULTILINE))  # wrk pads "1.00s "
    total = re.search(r"(\d+) requests in ([\d.]+)(us|ms|s|m)", output)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return WrkResult(
        rps=float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        p50_ms=_to_ms(latency["50"]),
        p99_ms=_to_ms(latency["99"]),
        requests=int(total.group(1)),
        seconds=_to_ms(total.group(2) + total.group(3)) / 1000,
        non_2xx=int(non_2xx.group(1)) if non_2xx else 0,
        socket_errors=dict(zip(("connect", "read", "write", "timeout"), map(int, errors.groups()), strict=True))
        if errors
        else {},
    )


def wrk_median(results: Sequence[WrkResult]) -> WrkResult:
    """Combine repeated runs: the median run's throughput and latencies, every run's requests and errors.

    With keep-alive, each run's connections stay with the worker that accepted them; now and then
    one worker takes nearly all of them and the run measures one process instead of two. The
    median of a few runs is the typical figure, not that accident.
    """
    ordered = sorted(results, key=lambda result: result.rps)
    middle = ordered[len(ordered) // 2]
    socket_errors: dict[str, int] = {}
    for result in results:
        for name, count in result.socket_errors.items():
            socket_errors[name] = socket_errors.get(name, 0) + count
    return WrkResult(
        rps=middle.rps,
        p50_ms=middle.p50_ms,
        p99_ms=middle.p99_ms,
        requests=sum(result.requests for result in results),
        seconds=sum(result.seconds for result in results),
        non_2xx=sum(result.non_2xx for result in results),
        socket_errors=socket_errors,
    )


@dataclass
class Load:
    """How hard wrk pushes: the same for every run."""

    threads: int = 2
    connections: int = 16
    duration: int = 10
    warmup: int = 3

    def run(
        self, url: str, *, seconds: int | None = None, script: Path | None = None, headers: Sequence[str] = ()
    ) -> WrkResult:
        command = [
            "wrk",
            f"-t{self.threads}",
            f"-c{self.connections}",
            f"-d{seconds or self.duration}s",
            "--latency",
            "--timeout",
            "10s",
        ]
        for header in headers:
            command += ["-H", header]
        if script:
            command += ["-s", str(script)]
        command.append(url)
        if script:
            command += ["--", str(self.threads)]
        done = subprocess.run(command, capture_output=True, text=True, check=True)
        return wrk_parse(done.stdout)


def bodies_script_write(path: Path, bodies: Sequence[str]) -> Path:
    """Write one JSON body per line to `path` and, next to it, the wrk script that POSTs them."""
    path.write_text("\n".join(bodies) + "\n")
    script = path.with_suffix(".lua")
    script.write_text(f"local bodies_path = {json.dumps(str(path))}\n" + LUA_BODIES.read_text())
    return script
