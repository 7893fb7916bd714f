"""Measure one index rebuild of the filled database: its time, its RSS growth and its tracemalloc peak."""

from __future__ import annotations

import gc
import os
import resource
import time
import tracemalloc


def _rss_bytes() -> int:
    """This process's resident set size now."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def _peak_rss_bytes() -> int:
    """This process's highest resident set size so far."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def index_rebuild_measure(*, trace_memory: bool = True) -> dict[str, float]:
    """Rebuild the index once for time and RSS, then (optionally) once more under tracemalloc."""
    from recommendations.index.build import index_rebuild
    from recommendations.models import IndexSnapshot

    gc.collect()
    rss_before, peak_before = _rss_bytes(), _peak_rss_bytes()
    started = time.perf_counter()
    index = index_rebuild(force=True)
    seconds = time.perf_counter() - started
    rss_after, peak_after = _rss_bytes(), _peak_rss_bytes()
    snapshot = IndexSnapshot.objects.order_by("-pk").first()
    figures: dict[str, float] = {
        "rebuild_s": seconds,
        "build_s": snapshot.build_seconds,
        "publish_s": seconds - snapshot.build_seconds,
        "catalogue_products": snapshot.product_count,
        "index_products": len(index.products) if index else 0,
        "conditions": snapshot.condition_count,
        "payload_bytes": snapshot.size_bytes,
        "rss_before_bytes": rss_before,
        "rss_after_bytes": rss_after,
        "rss_delta_bytes": rss_after - rss_before,
        # Peak RSS of the process; only meaningful as a delta if the rebuild set a new peak.
        "peak_rss_delta_bytes": max(peak_after - max(peak_before, rss_before), 0),
    }
    if trace_memory:
        del index
        gc.collect()
        tracemalloc.start()
        traced = time.perf_counter()
        index_rebuild(force=True)
        figures["traced_rebuild_s"] = time.perf_counter() - traced
        figures["tracemalloc_peak_bytes"] = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return figures
