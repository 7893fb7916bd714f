"""Exact sliding-window limits for rare, costly actions: placing an order, emailing an address.

Each limit keeps the times of the actions it allowed within its window (a Redis sorted set, one
per key), so "3 an hour" means at most 3 in any hour, with no burst at a window's edge as a
counter per clock hour allows. The limits these guard are small (a few per hour), so the log is
a handful of entries. Several limits are taken together, all or none, in one round trip (an
atomic script), and a slot taken for an action that then did not happen (an order refused for
stock) can be given back.

When Redis is not configured or is away (its circuit open, a call failing), each process keeps
the same log in its own memory: limits still hold, per process, instead of refusing everyone or
letting everyone through. The API's general request throttles are counters of their own
(`shop.api.throttling`).
"""

import logging
import os
import re
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field

from cachetools import LRUCache

from shop.cache import cache_is_away, cache_is_shared, log_outage, log_recovery

logger = logging.getLogger(__name__)

PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
RATE = re.compile(r"^\s*(\d{1,6})\s*/\s*(\d{0,6})\s*([smhd])[a-z]*\s*$")
KEY_PREFIX = "limber:limit:"
# Keys this process remembers while Redis is away (least recently used go first).
LOCAL_KEYS = 50_000

# KEYS: one sorted set per limit. ARGV[1]: now (ms), ARGV[2]: this action's member, then per limit
# its window (ms) and count. Returns {0, 0} when every limit allowed it (and it was logged in each),
# else {the refusing limit's position, ms until it allows one more}.
TAKE = """
local now = tonumber(ARGV[1])
local refused, wait = 0, 0
for i, key in ipairs(KEYS) do
  local window = tonumber(ARGV[1 + 2 * i])
  local count = tonumber(ARGV[2 + 2 * i])
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
  if redis.call('ZCARD', key) >= count then
    local held = redis.call('ZRANGE', key, -count, -count, 'WITHSCORES')
    local until_free = tonumber(held[2]) + window - now
    if refused == 0 or until_free > wait then refused, wait = i, until_free end
  end
end
if refused == 0 then
  for i, key in ipairs(KEYS) do
    redis.call('ZADD', key, now, ARGV[2])
    redis.call('PEXPIRE', key, tonumber(ARGV[1 + 2 * i]))
  end
end
return {refused, wait}
"""


@dataclass(frozen=True)
class Rate:
    """At most `count` actions in any `seconds`-long stretch."""

    count: int
    seconds: int

    @classmethod
    def parse(cls, text: str) -> "Rate":
        """Read "3/hour", "10/15min" or "100/day"; raise ValueError naming the expected shape."""
        match = RATE.match(text or "")
        if not match or int(match[1]) < 1 or match[2] == "0":
            raise ValueError(f"{text!r} is not a rate such as 3/hour, 10/15min or 100/day (at least 1).")
        return cls(count=int(match[1]), seconds=int(match[2] or 1) * PERIODS[match[3]])

    def __str__(self) -> str:
        return f"{self.count} per {self.seconds} s"


@dataclass(frozen=True)
class Limit:
    """One limit on one subject, e.g. orders from one client address."""

    key: str
    rate: Rate


@dataclass(frozen=True)
class Verdict:
    """Whether an action may happen now; if not, which limit refused it and for how long."""

    allowed: bool
    wait: float = 0.0
    refused_by: Limit | None = None
    taken: tuple[str, ...] = field(default=(), repr=False)  # keys this action was logged under
    member: str = field(default="", repr=False)
    local: bool = field(default=False, repr=False)


_local: LRUCache = LRUCache(maxsize=LOCAL_KEYS)
_local_lock = threading.Lock()


def rate_limits_take(limits: Sequence[Limit], *, now: float | None = None) -> Verdict:
    """Log one action under every limit if each allows it, else none; one round trip to Redis."""
    now = time.time() if now is None else now
    member = os.urandom(8).hex()
    if not limits:
        return Verdict(allowed=True)
    if cache_is_shared() and not cache_is_away():
        try:
            refused, wait_ms = _script()(
                keys=[KEY_PREFIX + limit.key for limit in limits],
                args=[int(now * 1000), member, *_window_args(limits)],
            )
        except Exception as exc:  # any Redis failure, the breaker's CircuitOpen included
            log_outage(logger, "Redis (order limits)", "Redis unavailable; limits are kept per process (%s).", exc)
        else:
            log_recovery(logger, "Redis (order limits)")
            if refused:
                return Verdict(allowed=False, wait=int(wait_ms) / 1000, refused_by=limits[int(refused) - 1])
            return Verdict(allowed=True, taken=tuple(limit.key for limit in limits), member=member)
    return _local_take(limits, now=now, member=member)


def rate_limits_give_back(verdict: Verdict) -> None:
    """Forget the action a verdict allowed (it did not happen after all); never raise."""
    if not verdict.taken:
        return
    if verdict.local:
        with _local_lock:
            for key in verdict.taken:
                entries = _local.get(key)
                if entries is not None:
                    _local[key] = [(at, member) for at, member in entries if member != verdict.member]
        return
    try:
        client = _redis()
        pipe = client.pipeline(transaction=False)
        for key in verdict.taken:
            pipe.zrem(KEY_PREFIX + key, verdict.member)
        pipe.execute()
    except Exception as exc:  # the slot then simply runs out with its window
        logger.info("Could not give back a rate-limit slot (%s).", exc)


def rate_limits_forget() -> None:
    """Forget this process's own log (tests; Redis keys are cleared with the cache)."""
    with _local_lock:
        _local.clear()


def _window_args(limits: Sequence[Limit]) -> list[int]:
    args = []
    for limit in limits:
        args += [limit.rate.seconds * 1000, limit.rate.count]
    return args


def _local_take(limits: Sequence[Limit], *, now: float, member: str) -> Verdict:
    """The script's rule on this process's own memory."""
    with _local_lock:
        logs = []
        refusal: tuple[float, Limit] | None = None
        for limit in limits:
            entries = [entry for entry in _local.get(limit.key, ()) if entry[0] > now - limit.rate.seconds]
            logs.append(entries)
            if len(entries) >= limit.rate.count:
                until_free = entries[-limit.rate.count][0] + limit.rate.seconds - now
                if refusal is None or until_free > refusal[0]:
                    refusal = (until_free, limit)
        if refusal is not None:
            return Verdict(allowed=False, wait=refusal[0], refused_by=refusal[1])
        for limit, entries in zip(limits, logs, strict=True):
            _local[limit.key] = [*entries, (now, member)]
    return Verdict(allowed=True, taken=tuple(limit.key for limit in limits), member=member, local=True)


def _redis():
    from django_redis import get_redis_connection

    return get_redis_connection("default")


def _script():
    """The script, registered once per connection: sent by its digest, loaded again if Redis forgot it."""
    client = _redis()
    script = getattr(client, "limber_rate_limits_take", None)
    if script is None:
        script = client.limber_rate_limits_take = client.register_script(TAKE)
    return script
