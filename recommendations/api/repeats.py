"""Answers to request bodies this process has already answered, found by the raw bytes before any parsing.

Most symptom checks repeat: the same few answers, sent as the same bytes. A body whose exact
bytes (with the same content type, site address and index version) were validated and answered
before needs neither parsing nor validation again: its answer and its validated answers are
kept here, next to the result cache. Only answers that passed every check are kept, so an
invalid body always goes the whole way and gets its 400.
"""

import hashlib
import threading
from dataclasses import dataclass

from cachetools import LRUCache
from django.core.exceptions import RequestDataTooBig

ACCEPTED = frozenset({"", "*/*", "application/json"})


@dataclass(frozen=True)
class Answered:
    """A body's answer as the result cache holds it, and its answers as validation returned them."""

    result: dict
    answers: dict


_answered: LRUCache = LRUCache(maxsize=2048)
_lock = threading.Lock()


def repeat_key(request, *, version: str, variant: str) -> str | None:
    """Return the key of a body's exact bytes, or None when the request must take DRF's whole cycle.

    The whole cycle is kept for anything that could answer differently: a query string
    (``?format=``), an Accept header that content negotiation might refuse, an Authorization
    header or a signed-in user (authentication, CSRF, the per-user rate limit).
    """
    meta = request.META
    if meta.get("QUERY_STRING") or "HTTP_AUTHORIZATION" in meta:
        return None
    if meta.get("HTTP_ACCEPT", "").strip() not in ACCEPTED:
        return None
    try:
        length = int(meta.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return None
    user = getattr(request, "user", None)
    if length <= 0 or (user is not None and user.is_authenticated):
        return None
    digest = hashlib.sha256()
    for part in (version, variant, meta.get("CONTENT_TYPE", "")):
        digest.update(part.encode())
        digest.update(b"\x1f")
    try:
        body = request.body
    except RequestDataTooBig:  # refused before reading: DRF's parser answers it
        return None
    digest.update(body)
    return digest.hexdigest()


def repeat_get(key: str) -> Answered | None:
    """Return what this process answered to the same bytes, if it still holds it."""
    with _lock:
        return _answered.get(key)


def repeat_keep(key: str, answered: Answered) -> None:
    """Remember an answer to a body that passed every check."""
    with _lock:
        _answered[key] = answered


def repeats_forget() -> None:
    """Forget every remembered answer (tests)."""
    with _lock:
        _answered.clear()
