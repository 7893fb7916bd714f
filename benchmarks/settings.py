"""Settings of the benchmark's servers: Limber's own, with static files collected to a temporary folder.

`shop.settings` fixes STATIC_ROOT inside the repository; the load benchmark runs
``collectstatic`` (production serves a manifest of hashed files) into
``LIMBER_BENCH_STATIC_ROOT`` instead, so a run writes nothing outside its temporary folder.
Everything else is read from the environment exactly as in production.
"""

import os
from pathlib import Path

from shop.settings import *  # noqa: F403

STATIC_ROOT = Path(os.environ.get("LIMBER_BENCH_STATIC_ROOT", str(STATIC_ROOT)))  # noqa: F405
