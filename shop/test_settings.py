"""Settings for the test suite: the environment's settings, made safe and quick to test.

`DATABASE_URL` and `REDIS_URL` still choose PostgreSQL and Redis, so the same
suite runs on the embedded default and on the production services.
"""

import os
import re

# Under pytest-xdist each test process has a Redis database of its own (15, 14, … from REDIS_URL's), so one
# process's cache, queues and flushes never reach another's; worker processes its tests start inherit it.
# A worker process started by a test inherits both the moved address and the marker, so it moves nothing again.
_XDIST_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
if _XDIST_WORKER.startswith("gw") and os.environ.get("LIMBER_TEST_REDIS_DATABASE_FOR") != _XDIST_WORKER:
    for _name in ("REDIS_URL", "CELERY_BROKER_URL"):
        if os.environ.get(_name, "").startswith("redis"):
            _url, _db = re.match(r"^(.*?)(?:/(\d+))?/?$", os.environ[_name]).groups()
            os.environ[_name] = f"{_url}/{(int(_db or 0) - int(_XDIST_WORKER[2:])) % 16}"
    os.environ["LIMBER_TEST_REDIS_DATABASE_FOR"] = _XDIST_WORKER

from shop.settings import *  # noqa: E402, F403
from shop.settings import env  # noqa: E402

SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="limber-test-key-never-use-in-production")
LIMBER_SECRET_KEY_MISSING = False

# Tests serve static files through the finders; there is no collectstatic output.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

# The test client speaks plain HTTP; production's redirects and secure cookies are tested on their own.
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0

# Fast password hashing: tests create many users.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Edits reach cached reads at once.
LIMBER_CONTENT_CHECK_SECONDS = 0
# A full collection per index load would slow the suite; tests/shop/test_memory.py turns it on.
LIMBER_GC_FREEZE = False

# A loaded two-core CI machine can answer slower than production's short Redis timeouts, and one slow
# answer would open the circuit breaker for seconds; fault tests start servers with production's own.
if REDIS_URL and not env.str("LIMBER_REDIS_TIMEOUT", default=""):  # noqa: F405
    CACHES["default"]["OPTIONS"].update(SOCKET_CONNECT_TIMEOUT=2.0, SOCKET_TIMEOUT=2.0)  # noqa: F405
