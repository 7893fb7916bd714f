"""The one rule for a client's address, used by rate limits, login lockout and analytics.

With no trusted proxy (``DJANGO_NUM_PROXIES=0``) ``X-Forwarded-For`` is
ignored, since anyone can send it. With N proxies in front, each appends the
address it received the request from, so the Nth entry from the right is the
address the outermost proxy saw: the client. Anything further left was
written by the client and is never trusted.
"""

from django.conf import settings


def client_address(request) -> str:
    """Return the client's address under the configured number of trusted proxies."""
    meta = getattr(request, "META", request)
    remote = meta.get("REMOTE_ADDR", "") or ""
    proxies = settings.LIMBER_NUM_PROXIES
    if proxies <= 0:
        return remote
    forwarded = [part.strip() for part in meta.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(forwarded) < proxies:
        # Fewer hops than proxies: the request did not come through all of them.
        return remote
    return forwarded[-proxies]
