"""System checks for Limber's configuration."""

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured

MISSING_KEY = "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off (set DJANGO_DEBUG=true for local development)."


@checks.register(checks.Tags.security, deploy=True)
def secret_key_check(app_configs, **kwargs):
    """Report a missing secret key outside debug mode."""
    if settings.LIMBER_SECRET_KEY_MISSING:
        return [checks.Error(MISSING_KEY, id="shop.E001")]
    return []


def require_secret_key() -> None:
    """Stop a web process from starting without a secret key."""
    if settings.LIMBER_SECRET_KEY_MISSING:
        raise ImproperlyConfigured(MISSING_KEY)
