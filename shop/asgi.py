"""ASGI entry point; refuses to start without a secret key outside debug mode."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings")

application = get_asgi_application()

from shop.checks import require_secret_key  # noqa: E402 - settings are loaded above

require_secret_key()

from shop.memory import long_lived_settle  # noqa: E402

long_lived_settle("start-up")
