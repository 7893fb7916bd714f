"""The web servers under test, each in its own process group, and the commands run beside them."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
PYTHON = sys.executable


def free_port() -> int:
    """Return a port of 127.0.0.1 that is free now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def http(url: str, *, body: str | None = None, timeout: float = 30) -> tuple[int, bytes]:
    """Send one GET (or POST of a JSON body) and return the status and response body."""
    request = urllib.request.Request(url, data=body.encode() if body is not None else None)
    if body is not None:
        request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


class Server:
    """A web server started in its own process group, always stopped by `stop()`."""

    def __init__(self, name: str, command: list[str], *, env: dict[str, str], port: int, log: Path):
        self.name, self.command, self.env, self.port, self.log = name, command, env, port, log
        self.process: subprocess.Popen | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, *, timeout: float = 60) -> None:
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                self.command, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited with {self.process.returncode}:\n{self.log_tail()}")
            try:
                if http(f"{self.base}/healthz", timeout=2)[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"{self.name} did not answer /healthz within {timeout:.0f}s:\n{self.log_tail()}")

    def log_tail(self, lines: int = 30) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])

    def worker_rss_mb(self) -> list[float]:
        """Resident memory of each process in the server's group (workers; the master is lightest)."""
        if self.process is None:
            return []
        sizes = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
                if int(fields[3]) == self.process.pid:  # field 5 of stat: process group
                    pages = int((stat.parent / "statm").read_text().split()[1])
                    sizes.append(pages * os.sysconf("SC_PAGE_SIZE") / 1_048_576)
            except (OSError, IndexError, ValueError):
                continue
        return sorted(sizes, reverse=True)

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=5)
        except ProcessLookupError:
            pass


def gunicorn(port: int, env: dict[str, str], log: Path) -> Server:
    """Return gunicorn serving ``shop.wsgi`` with 2 sync workers of one thread each."""
    command = [PYTHON, "-m", "gunicorn", "shop.wsgi", "--workers", "2", "--threads", "1"]
    command += ["--worker-class", "sync", "--bind", f"127.0.0.1:{port}", "--log-level", "warning"]
    return Server("gunicorn", command, env=env, port=port, log=log)


def gunicorn_gthread(port: int, env: dict[str, str], log: Path) -> Server:
    """Return gunicorn with 2 gthread workers of 4 threads and at most 8 connections each, kept alive for 5 s.

    As in production (Procfile): the cap spreads kept-alive connections over the workers.
    """
    command = [PYTHON, "-m", "gunicorn", "shop.wsgi", "--workers", "2", "--threads", "4", "--keep-alive", "5"]
    command += ["--worker-connections", "8"]
    command += ["--worker-class", "gthread", "--bind", f"127.0.0.1:{port}", "--log-level", "warning"]
    return Server("gunicorn gthread keep-alive", command, env=env, port=port, log=log)


def granian(port: int, env: dict[str, str], log: Path, *, blocking_threads: int | None) -> Server:
    """Return granian serving ``shop.wsgi`` with 2 workers, optionally with a number of blocking threads."""
    command = [PYTHON, "-m", "granian", "--interface", "wsgi", "shop.wsgi:application", "--workers", "2"]
    command += ["--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"]
    name = "granian"
    if blocking_threads:
        command += ["--blocking-threads", str(blocking_threads)]
        name = f"granian --blocking-threads {blocking_threads}"
    return Server(name, command, env=env, port=port, log=log)


# Every server the benchmark can compare, by the name `--servers` takes, in the order they run.
SERVERS = {
    "gunicorn": lambda port, env, log: gunicorn(port, env, log),
    "gthread": lambda port, env, log: gunicorn_gthread(port, env, log),
    "granian": lambda port, env, log: granian(port, env, log, blocking_threads=None),
    "granian-1": lambda port, env, log: granian(port, env, log, blocking_threads=1),
}


def run(command: list[str], env: dict[str, str]) -> None:
    """Run a command from the repository's root with the benchmark's environment; fail if it fails."""
    subprocess.run(command, cwd=ROOT, env=env, check=True)
