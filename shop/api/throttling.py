"""Rate limits as fixed-window counters: one Redis round trip per request, whatever the limit.

DRF's stock throttles keep every request time in a pickled list, which grows
with the limit and is read and rewritten on each request; a counter per
client per window costs the same at 100 requests a minute or 100,000.
"""

import time

from django.core.cache import cache
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from shop.cache import cache_is_away
from shop.client_address import client_address


class FixedWindowThrottle(SimpleRateThrottle):
    """Allow `rate` requests per client per window; reset at each window boundary."""

    def allow_request(self, request, view):
        counter = self.counter(request, view)
        if counter is None:
            return True
        return self.verdict(_increment(counter, timeout=self.duration + 1))

    def counter(self, request, view) -> str | None:
        """Return the key counting this client's requests in the current window; None when not limited."""
        if self.rate is None:
            return None
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return None
        return f"{self.key}:{int(time.time() // self.duration)}"

    def verdict(self, count: int | None) -> bool:
        """Whether a request counted as `count` in its window is allowed (None: it could not be counted)."""
        self.wait_seconds = self.duration - (time.time() % self.duration)
        return count is None or count <= self.num_requests

    def wait(self):
        return getattr(self, "wait_seconds", None)

    def get_ident(self, request):
        """Identify a client by the address shop.client_address trusts."""
        return client_address(request)


def throttle_waits(request, view) -> list[float | None]:
    """Run a view's rate limits on a request as DRF's `check_throttles` does; return the refusals' waits."""
    return [throttle.wait() for throttle in view.get_throttles() if not throttle.allow_request(request, view)]


def longest_wait(waits: list[float | None]) -> float | None:
    """The wait DRF reports for refusals: the longest known one, or None."""
    return max((wait for wait in waits if wait is not None), default=None)


def _increment(key: str, *, timeout: int) -> int | None:
    """Count one request in a window; None when the cache cannot count (the request is let through)."""
    if cache_is_away():
        return None  # the circuit is open: skip Redis at once
    try:
        from django_redis import get_redis_connection

        client = get_redis_connection("default")
    except (ImportError, NotImplementedError):
        client = None
    if client is not None:
        try:
            pipe = client.pipeline(transaction=False)
            pipe.incr(key)
            pipe.expire(key, timeout, nx=True)
            return pipe.execute()[0]
        except Exception:  # Redis away: do not turn an outage into refused requests
            return None
    if cache.add(key, 1, timeout):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout)
        return 1


def _staff(request) -> bool:
    user = request.user
    return bool(user and user.is_authenticated and user.is_staff and user.is_active)


class AnonThrottle(FixedWindowThrottle):
    """Anonymous clients, and signed-in users who are not staff (worth what anonymous is worth), by address."""

    scope = "anon"
    THROTTLE_RATES = api_settings.DEFAULT_THROTTLE_RATES

    def get_cache_key(self, request, view):
        if _staff(request):
            return None
        return f"throttle:anon:{self.get_ident(request)}"


class AddressThrottle(FixedWindowThrottle):
    """Every client, signed in or not, by address: for endpoints that write on anyone's behalf."""

    THROTTLE_RATES = api_settings.DEFAULT_THROTTLE_RATES

    def get_cache_key(self, request, view):
        return f"throttle:{self.scope}:{self.get_ident(request)}"


class EventThrottle(AddressThrottle):
    """App-reported shopper events."""

    scope = "events"


class UserThrottle(FixedWindowThrottle):
    """Staff, signed in or by token, by account."""

    scope = "user"
    THROTTLE_RATES = api_settings.DEFAULT_THROTTLE_RATES

    def get_cache_key(self, request, view):
        if _staff(request):
            return f"throttle:user:{request.user.pk}"
        return None
