"""A PostgreSQL cluster of the benchmark's own, so a scenario may restart it (never the machine's shared one)."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

PORT = 5449  # the fault benchmark's own; tests use the others of 5440-5449


def _bin(name: str) -> str:
    found = shutil.which(name) or next(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), None)
    if found is None:
        raise RuntimeError(f"{name} is not installed")
    return str(found)


class OwnPostgres:
    """initdb, start, restart and stop one cluster in a temporary folder (as `postgres` when run as root)."""

    def __init__(self, *, port: int = PORT):
        self.directory = Path(tempfile.mkdtemp(prefix="limber-faults-pg-", dir="/tmp"))
        self.port = port
        self.as_user: list[str] = []
        if os.geteuid() == 0:
            shutil.chown(self.directory, "postgres")
            self.as_user = ["runuser", "-u", "postgres", "--"]

    @property
    def server_url(self) -> str:
        """The server's address without a database, as `Stack` takes it."""
        return f"postgres://postgres@127.0.0.1:{self.port}"

    def _ctl(self, *args: str) -> None:
        options = f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1 -c max_connections=200"
        command = [*self.as_user, _bin("pg_ctl"), "-D", str(self.directory / "data"), "-l", str(self.directory / "log")]
        subprocess.run([*command, "-o", options, "-w", *args], check=True, capture_output=True, timeout=120)

    def start(self) -> None:
        initdb = [_bin("initdb"), "-D", str(self.directory / "data"), "-A", "trust", "-U", "postgres", "-E", "UTF8"]
        subprocess.run([*self.as_user, *initdb], check=True, capture_output=True, timeout=300)
        self._ctl("start")

    def restart(self) -> float:
        """Restart as an operator would (fast shutdown cuts every connection); return the seconds it took."""
        started = time.monotonic()
        self._ctl("-m", "fast", "restart")
        return time.monotonic() - started

    def stop(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError, subprocess.TimeoutExpired):
            self._ctl("-m", "fast", "stop")
        shutil.rmtree(self.directory, ignore_errors=True)
