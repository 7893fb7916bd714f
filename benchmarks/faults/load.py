"""The mixed shopper load: wrk running in the background while a scenario injects its fault."""

from __future__ import annotations

import json
import subprocess
from dataclasses import asdict
from pathlib import Path

from benchmarks.load.machine import OtherWork
from benchmarks.load.wrk import WrkResult, wrk_parse
from benchmarks.synthetic.answers import request_bodies
from benchmarks.synthetic.plan import Plan

MIXED_LUA = Path(__file__).resolve().parent / "mixed.lua"


def mixed_script_write(work: Path, plan: Plan, *, seed: int, bodies: int = 200) -> tuple[Path, str, str]:
    """Write the mixed-load script for a plan; return it, a product's slug and a guide's slug."""
    path = work / "mixed-bodies.jsonl"
    path.write_text("\n".join(request_bodies(plan, bodies, seed=seed)) + "\n")
    product = next(p.slug for p in plan.products if p.is_active)
    guide = plan.conditions[0].guide_slug
    header = (
        f"local bodies_path = {json.dumps(str(path))}\n"
        f"local product_path = {json.dumps(f'/products/{product}/')}\n"
        f"local guide_path = {json.dumps(f'/guides/{guide}/')}\n"
    )
    script = work / "mixed.lua"
    script.write_text(header + MIXED_LUA.read_text())
    return script, product, guide


class MixedLoad:
    """One wrk run of the mixed load, started now and read when it ends."""

    def __init__(
        self, base: str, script: Path | None, *, seconds: int, other: OtherWork, connections: int = 16, threads: int = 2
    ):
        self.other = other
        self.other_cpu = 0.0  # share of the CPUs other processes used during the run
        command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "10s"]
        command += ["-s", str(script), base] if script else [base]
        self.seconds = seconds
        self.process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        other.start(other.group)

    def result(self) -> WrkResult:
        """Wait for wrk to finish (bounded) and return what it measured."""
        try:
            out, err = self.process.communicate(timeout=self.seconds + 30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            out, err = self.process.communicate()
        self.other_cpu = self.other.share()
        if self.process.returncode != 0:
            raise RuntimeError(f"wrk failed: {err.strip()}")
        try:
            return wrk_parse(out)
        except (AttributeError, KeyError) as exc:
            raise RuntimeError(f"wrk's output could not be read ({exc!r}):\n{out}\n{err}") from exc

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


def figures(load: MixedLoad, result: WrkResult) -> dict:
    """A wrk result as the JSON figures of a scenario, with the CPU share other work took meanwhile."""
    return asdict(result) | {"errors": result.errors, "other_cpu": load.other_cpu}
