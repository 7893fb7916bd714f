"""WSGI entry point for gunicorn; refuses to start without a secret key outside debug mode."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings")

application = get_wsgi_application()

from shop.checks import require_secret_key  # noqa: E402 - settings are loaded above

require_secret_key()

from shop.memory import long_lived_settle  # noqa: E402

long_lived_settle("start-up")
