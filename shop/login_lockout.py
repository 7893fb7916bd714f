"""Admin login lockout (django-axes) that slows guessing without letting a stranger lock staff out for long.

Failures count per user name, whatever the address, and per address, whatever
the user name (`AXES_LOCKOUT_PARAMETERS`). After `AXES_FAILURE_LIMIT` of them
the name or address waits a cool-off, which doubles each time it is reached
again within a day (1, 2, 4, 8 minutes ... never more than the cap, 15 minutes
by default) and starts over after a successful login. Attempts made while
locked out are refused without being counted, so hammering a name does not
lengthen its wait: the longest a stranger can keep a staff member out is the
cap.
"""

from datetime import timedelta

from axes.backends import AxesStandaloneBackend
from axes.helpers import get_client_username
from axes.models import AccessFailureLog, AccessLog
from django.conf import settings
from django.db.models import Max
from django.utils import timezone

from shop.client_address import client_address

STRIKES_KEPT = timedelta(days=1)


class LoginLockoutBackend(AxesStandaloneBackend):
    """Refuse a locked-out user name or address; leave logins made by code (no request) to the next backend.

    Every HTTP login (the admin's form, DRF) passes its request; only code
    such as a test client's ``login()`` or a shell authenticates without one,
    and there is no address to lock out then.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def _failures_since_last_success(**who) -> int:
    """Count failed logins of one user name or address in the last day, since its last successful login."""
    since = timezone.now() - STRIKES_KEPT
    last_success = AccessLog.objects.filter(**who, attempt_time__gte=since).aggregate(at=Max("attempt_time"))["at"]
    return AccessFailureLog.objects.filter(**who, attempt_time__gt=last_success or since).count()


def login_cool_off(request=None) -> timedelta:
    """Return how long failures count and a lockout lasts for this login's user name and address."""
    first = timedelta(minutes=settings.LIMBER_LOGIN_COOLOFF_MINUTES)
    cap = timedelta(minutes=settings.LIMBER_LOGIN_COOLOFF_MAX_MINUTES)
    if request is None:
        return cap
    address = getattr(request, "axes_ip_address", None) or client_address(request)
    username = get_client_username(request, getattr(request, "axes_credentials", None))
    failures = _failures_since_last_success(ip_address=address)
    if username:
        failures = max(failures, _failures_since_last_success(username=username))
    # Counting this attempt as failed already: the expiry axes stores with a failure must cover the wait it causes.
    times_locked = (failures + 1) // settings.AXES_FAILURE_LIMIT
    return min(first * 2 ** max(times_locked - 1, 0), cap)
