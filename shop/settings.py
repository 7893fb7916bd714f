"""Settings for Limber, read from the environment.

With nothing set, Limber runs on its embedded default: a SQLite file, the
local-memory cache and Celery tasks run in-process. `DATABASE_URL` and
`REDIS_URL` switch it to PostgreSQL and Redis. Every variable is listed,
with a comment, in `.env.example`.
"""

from pathlib import Path

import environ
from csp.constants import NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

# --- Core -------------------------------------------------------------------

DEBUG = env.bool("DJANGO_DEBUG", default=False)

# Required when debug is off: the web process refuses to start without it (shop/wsgi.py) and
# `manage.py check --deploy` reports shop.E001; commands that need no key (makemigrations) still run.
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
if not SECRET_KEY and DEBUG:
    SECRET_KEY = "limber-insecure-development-key-never-use-in-production"  # noqa: S105
LIMBER_SECRET_KEY_MISSING = not SECRET_KEY

ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # Django's admin with the shop's own site: headings in a shop's order, a reports panel.
    "shop.apps.LimberAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    # API tokens: stored hashed, shown once, expiring (shop/admin_tokens.py; docs/staff-roles.md).
    "shop.apps.ApiTokensConfig",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "import_export",
    # Knowledge-base history: each publish is one revision of every knowledge row (who, when, note).
    "reversion",
    "axes",
    "shop",
    "catalog",
    # In dependency order: guides extends the product admin with what a product is for;
    # recommendations extends the condition and question admin with rankings and trials.
    "guides",
    "analytics",
    "recommendations",
    "orders",
]

MIDDLEWARE = [
    # Outermost, so whatever a request records is written in one round trip before its response leaves.
    "analytics.recording.RecordsPerRequestMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Above whitenoise, so static files carry the same headers as pages.
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "shop.csp.CSPMiddleware",
    "shop.middleware.PermissionsPolicyMiddleware",
    "shop.middleware.RequestLimitsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Last, as django-axes asks: it answers a locked-out login with 429.
    "axes.middleware.AxesMiddleware",
    # Innermost: a read whose database connection dropped mid-request runs once more.
    "shop.middleware.SafeReadRetryMiddleware",
]

ROOT_URLCONF = "shop.urls"
WSGI_APPLICATION = "shop.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # The project's templates first, so admin/base_site.html overrides the admin's own.
        "DIRS": [BASE_DIR / "shop" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "orders.context_processors.cart",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A busy timeout and immediate transactions keep concurrent writers
    # (web process and an in-process task) from failing with "database is locked".
    DATABASES["default"]["OPTIONS"] = {"timeout": 20, "transaction_mode": "IMMEDIATE"}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# A read whose connection dropped (a database restart) is tried again on fresh connections for this
# long; a request the database still cannot answer gets 503 with this Retry-After (shop.middleware).
LIMBER_DB_RETRY_SECONDS = env.float("LIMBER_DB_RETRY_SECONDS", default=2.0)
LIMBER_DB_RETRY_AFTER_SECONDS = env.int("LIMBER_DB_RETRY_AFTER_SECONDS", default=5)

# --- Cache --------------------------------------------------------------------

REDIS_URL = env.str("REDIS_URL", default="")

if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "TIMEOUT": 300,
            "KEY_PREFIX": "limber",
            "OPTIONS": {
                "CLIENT_CLASS": "django_redis.client.DefaultClient",
                # Every call passes a circuit breaker: after a failure Redis is skipped for a few seconds.
                "REDIS_CLIENT_CLASS": "shop.breaker.BreakerRedis",
                # Short, bounded waits: a hung Redis costs a request at most one of them.
                "SOCKET_CONNECT_TIMEOUT": env.float("LIMBER_REDIS_CONNECT_TIMEOUT", default=0.25),
                "SOCKET_TIMEOUT": env.float("LIMBER_REDIS_TIMEOUT", default=0.25),
                # Cache misses instead of errors while Redis is down.
                "IGNORE_EXCEPTIONS": True,
            },
        }
    }
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
    DJANGO_REDIS_LOGGER = "shop.redis"
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "limber",
            "TIMEOUT": 300,
        }
    }

# After a Redis failure, how long each process answers from its local fallback before trying again.
LIMBER_REDIS_BREAKER_SECONDS = env.float("LIMBER_REDIS_BREAKER_SECONDS", default=5.0)

# --- Celery -------------------------------------------------------------------

CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL or "memory://localhost/")
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=300)
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=240)
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Workers and beat reconnect to the broker forever, at start-up too, with a short backoff
# (shop.celery.BrokerConsumer): a Redis outage pauses them, it never stops them.
CELERY_BROKER_CONNECTION_RETRY = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_CONNECTION_MAX_RETRIES = None
CELERY_WORKER_CONSUMER = "shop.celery:BrokerConsumer"
CELERY_BEAT_SCHEDULER = "shop.celery:BrokerScheduler"
# A task running when the connection drops cannot be acknowledged: stop it; it is redelivered (tasks are idempotent).
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = True
# The longest a task waits before a retry (orders' email backoff is capped at it).
LIMBER_TASK_RETRY_MAX_SECONDS = env.int("LIMBER_TASK_RETRY_MAX_SECONDS", default=240)
# A knowledge publish or restore whose worker reported no step for this long has lost its worker: its page
# says it stopped and offers to try again. Keep it above CELERY_TASK_TIME_LIMIT, which ends any task sooner.
LIMBER_PUBLISHING_STALL_MINUTES = env.float("LIMBER_PUBLISHING_STALL_MINUTES", default=10.0)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    # Longer than the longest task and the longest countdown or retry, so nothing is redelivered
    # while it runs or waits; a task whose worker was killed comes back within minutes.
    "visibility_timeout": max(CELERY_TASK_TIME_LIMIT, LIMBER_TASK_RETRY_MAX_SECONDS) + 60,
    "socket_connect_timeout": 1,
    "socket_timeout": 2,
    # A publish gives up after one quick retry instead of retrying for seconds.
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.1,
}
CELERY_BROKER_CONNECTION_TIMEOUT = 1
CELERY_TASK_PUBLISH_RETRY = False
# Publishing from a request (shop.enqueue) has tighter limits of its own: a staff edit waits at most this.
LIMBER_ENQUEUE_TIMEOUT = env.float("LIMBER_ENQUEUE_TIMEOUT", default=0.5)
from shop.settings_schedule import *  # noqa: E402, F403

# --- Authentication -------------------------------------------------------------

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "admin:login"

# Login lockout (django-axes; shop/login_lockout.py): failures count per user name (any address) and per
# address (any user name); each reaching the limit waits a cool-off that doubles on each repeat within a day
# (1, 2, 4 ... minutes, capped), so guessing is slowed and a stranger can keep nobody out for long.
# `manage.py axes_reset_username <name>` unlocks early (docs/staff-roles.md).
AUTHENTICATION_BACKENDS = [
    "shop.login_lockout.LoginLockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("LIMBER_LOGIN_FAILURE_LIMIT", default=5)
LIMBER_LOGIN_COOLOFF_MINUTES = env.float("LIMBER_LOGIN_COOLOFF_MINUTES", default=1)
LIMBER_LOGIN_COOLOFF_MAX_MINUTES = env.float("LIMBER_LOGIN_COOLOFF_MAX_MINUTES", default=15)
AXES_COOLOFF_TIME = "shop.login_lockout.login_cool_off"
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
# Each attempt keeps its own expiry, so one name's short cool-off never ends another's longer one.
AXES_USE_ATTEMPT_EXPIRATION = True
# Attempts refused while locked out are not counted: hammering a staff name does not lengthen its wait.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# Every failure is kept (for the growing cool-off and for staff to read), at most 1,000 per user name.
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "shop.client_address.client_address"
AXES_HTTP_RESPONSE_CODE = 429

# --- Internationalisation -------------------------------------------------------

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

LIMBER_CURRENCY = env.str("LIMBER_CURRENCY", default="USD")

# --- Recommendation index, read caching and memory: shop/settings_speed.py ---------------

from shop.settings_speed import *  # noqa: E402, F403

# --- Orders, payment and email ---------------------------------------------------

# The site's public address, for links in emails (which are sent without a request).
LIMBER_SITE_URL = env.str("LIMBER_SITE_URL", default="http://127.0.0.1:8000")
# How shoppers may pay, in the order offered; a provider whose settings are missing is not offered.
LIMBER_PAYMENT_PROVIDERS = [
    "orders.payments.invoice.InvoiceProvider",
    "orders.payments.stripe_checkout.StripeCheckoutProvider",
]
# The bank accounts an invoice quotes, per currency, and the days it gives to pay: shop/settings_orders.py.
# Stripe Checkout is offered only when both are set (no default: they are secrets).
STRIPE_SECRET_KEY = env.str("STRIPE_SECRET_KEY", default="")
STRIPE_WEBHOOK_SECRET = env.str("STRIPE_WEBHOOK_SECRET", default="")

# Stock holds of unpaid orders, order limits, order links: shop/settings_orders.py.
from shop.settings_orders import *  # noqa: E402, F403

# Days after an order is fulfilled that the "did it help?" email asks about each product.
LIMBER_FEEDBACK_DAYS = env.int("LIMBER_FEEDBACK_DAYS", default=14)
# Days the link in that email keeps working.
LIMBER_FEEDBACK_LINK_DAYS = env.int("LIMBER_FEEDBACK_LINK_DAYS", default=60)

# SMTP from EMAIL_URL (e.g. smtp+tls://user:password@smtp.example.com:587); printed to the console when unset.
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Limber <orders@limber.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Static and media files -----------------------------------------------------

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env.str("DJANGO_MEDIA_ROOT", default=str(BASE_DIR / "media")))
# Product images are served by Django only when asked; in production a web
# server or object store serves MEDIA_ROOT.
SERVE_MEDIA = env.bool("DJANGO_SERVE_MEDIA", default=DEBUG)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Without a collectstatic run (tests, quick local runs) whitenoise finds files
# in the apps directly.
WHITENOISE_USE_FINDERS = DEBUG

# --- REST API: shop/settings_api.py ------------------------------------------------

from shop.settings_api import *  # noqa: E402, F403

# --- Import / export and uploaded pictures: shop/settings_files.py --------------------
from shop.settings_files import *  # noqa: E402, F403

# --- Security -------------------------------------------------------------------

_PRODUCTION = not DEBUG
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=_PRODUCTION)
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env.bool("DJANGO_BEHIND_TLS_PROXY", default=False) else None
)
SESSION_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=_PRODUCTION)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=60 * 60 * 24 * 30 if _PRODUCTION else 0)
# Both bind every subdomain (and, for preload, browsers' built-in lists) for a long time: opt in.
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", default=False)
SECURE_HSTS_PRELOAD = env.bool("DJANGO_HSTS_PRELOAD", default=False)
# check --deploy recommends both; they are opt-in by choice, so their warnings are silenced until chosen.
SILENCED_SYSTEM_CHECKS = [
    *([] if SECURE_HSTS_INCLUDE_SUBDOMAINS else ["security.W005"]),
    *([] if SECURE_HSTS_PRELOAD else ["security.W021"]),
]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Pages load scripts, styles, images and fonts from Limber alone: no inline script or style anywhere
# (the API docs pages add inline styles for their bundled viewers, never inline scripts; shop/urls.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# --- Logging --------------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.request": {"level": "ERROR"},
        # django-axes announces its configuration at every start; failures still log as warnings.
        "axes.apps": {"level": "WARNING"},
        # One line per task is noise when tasks run in-process; failures still log.
        "celery.app.trace": {"level": "WARNING"},
        # django-redis logs every ignored exception; Limber logs an outage once.
        "shop.redis": {"level": "CRITICAL"},
    },
}
