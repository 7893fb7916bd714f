"""Admin login lockout: django-axes, for every login that arrives over HTTP."""

from axes.backends import AxesStandaloneBackend


class LoginLockoutBackend(AxesStandaloneBackend):
    """Refuse a locked-out user name and address; leave logins made by code (no request) to the next backend.

    Every HTTP login (the admin's form, DRF) passes its request; only code
    such as a test client's ``login()`` or a shell authenticates without one,
    and there is no address to lock out then.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
