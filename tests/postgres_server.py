"""A PostgreSQL cluster of the test's own, on a port of 5440–5449: restarted at will.

Fault tests restart it instead of the machine's shared PostgreSQL, which must never be restarted.
When the tests run as root (CI containers) the cluster runs as the `postgres` user, as PostgreSQL
refuses to run as root.
"""

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import psycopg
import pytest

PORTS = range(5440, 5450)


def _bin(name: str) -> str:
    found = shutil.which(name) or next(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), None)
    if found is None:
        pytest.fail(f"{name} is not installed", pytrace=False)
    return str(found)


def _free_port() -> int:
    for port in PORTS:
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    pytest.fail("no free port in 5440-5449 for a private PostgreSQL", pytrace=False)


class PrivatePostgres:
    """One PostgreSQL cluster in a temporary folder; `url(database)` addresses it."""

    def __init__(self):
        self.directory = Path(tempfile.mkdtemp(prefix="limber-pg-", dir="/tmp"))
        self.port = _free_port()
        self.as_user: list[str] = []
        if os.geteuid() == 0:
            shutil.chown(self.directory, "postgres")
            self.as_user = ["runuser", "-u", "postgres", "--"]

    def url(self, database: str = "postgres") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def _ctl(self, *args: str) -> None:
        options = f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1 -c fsync=off"
        command = [*self.as_user, _bin("pg_ctl"), "-D", str(self.directory / "data"), "-l", str(self.directory / "log")]
        subprocess.run([*command, "-o", options, "-w", *args], check=True, capture_output=True, timeout=120)

    def start(self) -> None:
        if not (self.directory / "data").exists():
            initdb = [_bin("initdb"), "-D", str(self.directory / "data"), "-A", "trust", "-U", "postgres"]
            subprocess.run([*self.as_user, *initdb, "--no-sync", "-E", "UTF8"], check=True, capture_output=True)
        self._ctl("start")

    def restart(self) -> float:
        """Restart the server as an operator would (fast shutdown: connections are cut); return the seconds it took."""
        started = time.monotonic()
        self._ctl("-m", "fast", "restart")
        return time.monotonic() - started

    def stop(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):
            self._ctl("-m", "immediate", "stop")
        shutil.rmtree(self.directory, ignore_errors=True)

    def database_create_from(self, source_url: str, name: str) -> str:
        """Create a database holding a copy of another one (pg_dump into it); return its address."""
        with psycopg.connect(self.url(), autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        dump = [_bin("pg_dump"), "--no-owner", "--no-privileges", source_url]
        copy = subprocess.run(dump, check=True, capture_output=True)
        load = [_bin("psql"), "-q", "-v", "ON_ERROR_STOP=1", self.url(name)]
        subprocess.run(load, input=copy.stdout, check=True, capture_output=True)
        return self.url(name)
