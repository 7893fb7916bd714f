"""What a cached read showed that may change without an edit (stock), and whether it has changed since.

While a cached page or API body is built, apps note what it shows under a kind of their own
(`read_note`); the cache keeps the notes beside the body, and whoever serves it later asks each
kind's check, registered by its app (`read_check_register`), whether anything moved. The catalogue
registers stock: an order changes units on hand without an edit, so without a content version.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_noted: ContextVar[dict[str, dict] | None] = ContextVar("read_noted", default=None)
_checks: dict[str, Callable[[dict], bool]] = {}


def read_check_register(kind: str, moved: Callable[[dict], bool]) -> None:
    """Register how to tell whether what was noted under `kind` has moved since (an app's ready())."""
    _checks[kind] = moved


@contextmanager
def read_watch() -> Iterator[dict[str, dict]]:
    """Collect, in the yielded dict, what is noted while the block builds a read."""
    noted: dict[str, dict] = {}
    token = _noted.set(noted)
    try:
        yield noted
    finally:
        _noted.reset(token)


def read_notes(kind: str) -> dict | None:
    """Return the notes of `kind` for the read being built, or None outside a build."""
    noted = _noted.get()
    return None if noted is None else noted.setdefault(kind, {})


def read_moved(noted: dict | None) -> bool:
    """Whether anything a cached read noted has moved since it was built."""
    return any(kind in _checks and _checks[kind](values) for kind, values in (noted or {}).items() if values)
