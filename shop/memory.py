"""Keep Python's cyclic garbage collector off the objects a process holds for its whole life.

A web process holds Django's modules, compiled templates and, above all, the recommendation
index: a few hundred thousand objects. Every full collection walks all of them (about 0.1 s on
the benchmark machine, once every thousand or so requests), stalling every thread of the
process and making the slowest percent of requests ten times slower than the rest.
`gc.freeze()` moves what is alive into a generation the collector never walks; objects there
are still freed by reference counting when the last reference goes, as an old index is.
"""

import gc
import logging
import threading
import time

from django.conf import settings

logger = logging.getLogger(__name__)
_lock = threading.Lock()


def long_lived_settle(reason: str) -> None:
    """Collect what is garbage now, then freeze what is alive (after start-up and each new index).

    The previous freeze is undone first, so garbage cycles among objects frozen earlier (parts of
    an index just replaced) are collected too and nothing accumulates across index versions.
    """
    if not settings.LIMBER_GC_FREEZE:
        return
    with _lock:
        started = time.perf_counter()
        gc.unfreeze()
        gc.collect()
        gc.freeze()
    logger.debug(
        "Froze %d long-lived objects after %s in %.3fs.", gc.get_freeze_count(), reason, time.perf_counter() - started
    )
