"""The benchmark's PostgreSQL database and Redis database, and the production settings its servers read."""

from __future__ import annotations

import os
import re
import secrets
from dataclasses import dataclass
from pathlib import Path

import psycopg
import redis


@dataclass
class Services:
    """Where the benchmark's data lives; nothing here touches the development database."""

    postgres: str  # server URL without a database name
    database: str
    redis_url: str

    @property
    def database_url(self) -> str:
        return f"{self.postgres}/{self.database}"

    def reset(self) -> None:
        """Drop and recreate the benchmark database; empty the benchmark's Redis database."""
        if not re.fullmatch(r"[a-z_][a-z0-9_]*", self.database):
            raise ValueError(f"unsafe database name {self.database!r}")
        with psycopg.connect(f"{self.postgres}/postgres", autocommit=True) as connection:
            connection.execute(f"DROP DATABASE IF EXISTS {self.database} WITH (FORCE)")
            connection.execute(f"CREATE DATABASE {self.database}")
        redis.Redis.from_url(self.redis_url).flushdb()

    def analyze(self) -> None:
        """Vacuum and analyze the freshly filled database, as autovacuum eventually would after a bulk load."""
        with psycopg.connect(self.database_url, autocommit=True) as connection:
            connection.execute("VACUUM (ANALYZE)")

    def forget(self, pattern: str) -> int:
        """Delete the benchmark Redis database's keys that match a pattern; return how many."""
        client = redis.Redis.from_url(self.redis_url)
        keys = list(client.scan_iter(match=pattern, count=1000))
        for start in range(0, len(keys), 500):
            client.delete(*keys[start : start + 500])
        return len(keys)


def server_env(services: Services, *, static_root: Path, throttle: str) -> dict[str, str]:
    """Production settings for the benchmark's processes, from a clean environment."""
    kept = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "VIRTUAL_ENV")}
    return kept | {
        "DJANGO_SETTINGS_MODULE": "benchmarks.settings",
        "LIMBER_BENCH_STATIC_ROOT": str(static_root),
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_SECURE_COOKIES": "false",
        "DJANGO_HSTS_SECONDS": "0",
        "DATABASE_URL": services.database_url,
        "REDIS_URL": services.redis_url,
        "API_THROTTLE_ANON": throttle,
        "API_THROTTLE_USER": throttle,
        "LIMBER_INDEX_CHECK_SECONDS": "1",
        "CELERY_TASK_ALWAYS_EAGER": "true",
        "DJANGO_LOG_LEVEL": "WARNING",
        "PYTHONUNBUFFERED": "1",
    }
