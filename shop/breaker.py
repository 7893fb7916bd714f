"""A circuit breaker around Redis: after a failure, stop asking for a few seconds.

A Redis that refuses connections fails fast, but a hung one (paused, overloaded, a network that
drops packets) makes every call wait its full socket timeout, several times per request. The
breaker turns that into one short wait: the first call that fails opens the circuit, and for
``LIMBER_REDIS_BREAKER_SECONDS`` every Redis call in this process fails at once with
``redis.ConnectionError`` (callers already treat that as "Redis is away" and use their local
fallback). After the pause one call is let through to try again (half-open); if it succeeds the
circuit closes, otherwise it stays open for another pause.

It is wired in as django-redis's client class (``REDIS_CLIENT_CLASS``), so the cache, the result
cache, rate limits, the content and index versions and the shopper-event stream all pass through
it; ``redis_available()`` lets other callers (the Celery broker's publish) ask before trying.
"""

import logging
import threading
import time

import redis
from django.conf import settings
from redis.backoff import NoBackoff
from redis.retry import Retry

logger = logging.getLogger(__name__)

# What a hung or absent Redis raises; anything else (a wrong type, a script error) is a bug, not an outage.
OUTAGE_ERRORS = (redis.ConnectionError, redis.TimeoutError, OSError)


class CircuitOpen(redis.ConnectionError):
    """Raised instead of calling Redis while the circuit is open."""


class Breaker:
    """The state of one process's circuit: closed, open until a time, or half-open with one trial call."""

    def __init__(self, name: str):
        self.name = name
        self._lock = threading.Lock()
        self._open_until = 0.0
        self._trial_running = False
        self.failures = 0  # outages seen by this process (each opening of the circuit)
        self.skipped = 0  # calls answered at once while the circuit was open

    @property
    def is_open(self) -> bool:
        return self._open_until > 0.0

    def allow(self) -> bool:
        """Whether a call may go to Redis now; while open, only one trial call after each pause."""
        if self._open_until == 0.0:
            return True
        with self._lock:
            if self._open_until == 0.0:
                return True
            if time.monotonic() >= self._open_until and not self._trial_running:
                self._trial_running = True
                return True
            self.skipped += 1
            return False

    def succeeded(self) -> None:
        if self._open_until == 0.0:
            return
        with self._lock:
            was_open = self._open_until > 0.0
            self._open_until = 0.0
            self._trial_running = False
        if was_open:
            logger.info("%s is reachable again; the circuit is closed.", self.name)

    def failed(self, exc: BaseException) -> None:
        with self._lock:
            first = self._open_until == 0.0
            self._open_until = time.monotonic() + settings.LIMBER_REDIS_BREAKER_SECONDS
            self._trial_running = False
            if first:
                self.failures += 1
        if first:
            logger.warning(
                "%s failed (%s); calls skip it for %.0f s at a time until it answers again.",
                self.name,
                exc,
                settings.LIMBER_REDIS_BREAKER_SECONDS,
            )

    def reset(self) -> None:
        """Close the circuit and forget what it counted (tests)."""
        with self._lock:
            self._open_until = 0.0
            self._trial_running = False
            self.failures = 0
            self.skipped = 0

    def call(self, function, *args, **kwargs):
        """Run one Redis call through the breaker."""
        if not self.allow():
            raise CircuitOpen(f"{self.name} skipped: the circuit is open after a recent failure")
        try:
            result = function(*args, **kwargs)
        except OUTAGE_ERRORS as exc:
            if not isinstance(exc, CircuitOpen):
                self.failed(exc)
            raise
        except Exception:
            self.succeeded()  # Redis answered, with an error of the call's own
            raise
        self.succeeded()
        return result


redis_breaker = Breaker("Redis")


def redis_available() -> bool:
    """Whether Redis is worth trying now (the circuit is closed, or due for a trial call)."""
    return not redis_breaker.is_open or time.monotonic() >= redis_breaker._open_until


class BreakerPipeline(redis.client.Pipeline):
    """A pipeline whose `execute` goes through the breaker."""

    def execute(self, raise_on_error: bool = True):
        try:
            return redis_breaker.call(super().execute, raise_on_error)
        except CircuitOpen:
            self.reset()
            raise


class BreakerRedis(redis.Redis):
    """`redis.Redis` with every command and pipeline behind this process's breaker.

    It never retries a failed call itself (redis-py's own default, for a client it builds its
    pool for, is ten retries with backoff): the breaker decides when to try again.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("retry", Retry(NoBackoff(), 0))
        super().__init__(*args, **kwargs)

    def execute_command(self, *args, **options):
        return redis_breaker.call(super().execute_command, *args, **options)

    def pipeline(self, transaction=True, shard_hint=None):
        return BreakerPipeline(self.connection_pool, self.response_callbacks, transaction, shard_hint)
