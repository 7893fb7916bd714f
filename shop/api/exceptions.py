"""Error responses in one JSON shape.

A 400 names each field at fault: ``{"price": ["Enter a number."]}`` (a body
that is not JSON is the field ``body``); every other error is
``{"detail": "…"}``. Errors raised before DRF runs (Django's own 400, 404,
413 and 500 under /api/) take the same shape through shop.views.
"""

from rest_framework.exceptions import ParseError, ValidationError
from rest_framework.views import exception_handler as drf_exception_handler


def exception_handler(exc, context):
    """Answer a body that is not JSON with a field-style message, like other 400s."""
    if isinstance(exc, ParseError):
        exc = ValidationError({"body": [f"The request body is not valid JSON: {exc.detail}"]})
    return drf_exception_handler(exc, context)
