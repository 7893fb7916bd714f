"""The anonymous visitor id: one random cookie, so events of one browser can be joined ("viewed together")."""

import secrets

VISITOR_COOKIE = "limber_vid"
VISITOR_COOKIE_AGE = 365 * 24 * 3600


def visitor_id(request) -> str:
    """Return the visitor id from its cookie, or a new one (the page that records views sets the cookie)."""
    value = request.COOKIES.get(VISITOR_COOKIE, "")
    return value if len(value) == 32 and value.isalnum() else secrets.token_hex(16)
