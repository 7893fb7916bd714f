"""Settings of the recommendation index, read caching and memory; imported by `shop.settings`."""

import environ

env = environ.Env()

__all__ = [
    "LIMBER_CONTENT_CHECK_SECONDS",
    "LIMBER_GC_FREEZE",
    "LIMBER_INDEX_CHECK_SECONDS",
    "LIMBER_INDEX_DEBOUNCE_SECONDS",
    "LIMBER_LOCAL_READS_BYTES",
    "LIMBER_READ_CACHE_SECONDS",
    "LIMBER_SHARED_MAX_AGE",
    "LIMBER_STALE_WHILE_REVALIDATE",
]

# --- Recommendation index ------------------------------------------------------------

# How often a process asks whether a newer index exists (one cache read or query).
LIMBER_INDEX_CHECK_SECONDS = env.float("LIMBER_INDEX_CHECK_SECONDS", default=1.0)
# Edits within this window after the first share one rebuild.
LIMBER_INDEX_DEBOUNCE_SECONDS = env.float("LIMBER_INDEX_DEBOUNCE_SECONDS", default=1.0)

# --- Read caching (speed) ------------------------------------------------------------

# How often a process re-reads the content version that keys cached anonymous reads.
LIMBER_CONTENT_CHECK_SECONDS = env.float("LIMBER_CONTENT_CHECK_SECONDS", default=1.0)
# How long a rendered anonymous page or API answer is kept under one content version.
LIMBER_READ_CACHE_SECONDS = env.int("LIMBER_READ_CACHE_SECONDS", default=600)
# Memory each process may hold of the reads it served lately, so a repeat costs no round trip.
LIMBER_LOCAL_READS_BYTES = env.int("LIMBER_LOCAL_READS_BYTES", default=16 * 1024 * 1024)
# Cache-Control of public API reads for a CDN in front: fresh this long, then served stale while it revalidates.
LIMBER_SHARED_MAX_AGE = env.int("LIMBER_SHARED_MAX_AGE", default=30)
LIMBER_STALE_WHILE_REVALIDATE = env.int("LIMBER_STALE_WHILE_REVALIDATE", default=300)

# --- Memory ----------------------------------------------------------------------

# After start-up and after each new index, move what is alive out of the cyclic garbage collector's
# sight (gc.freeze), so a full collection does not walk the index (about 0.1 s per collection).
LIMBER_GC_FREEZE = env.bool("LIMBER_GC_FREEZE", default=True)
