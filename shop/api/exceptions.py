"""Error responses in one JSON shape.

A 400 names each field at fault, one level deep: ``{"price": ["Enter a
number."]}``, ``{"answers.knee-worse-with": ["…"]}`` for a nested field (a
body that is not JSON is the field ``body``); every other error is
``{"detail": "…"}``. Errors raised before DRF runs (Django's own 400, 404,
413 and 500 under /api/) take the same shape through shop.views.
"""

from rest_framework.exceptions import ParseError, ValidationError
from rest_framework.views import exception_handler as drf_exception_handler


def exception_handler(exc, context):
    """Answer every 400 as {field: [messages]}, one level deep; other errors as DRF does ({"detail": ...})."""
    if isinstance(exc, ParseError):
        exc = ValidationError({"body": [f"The request body is not valid JSON: {exc.detail}"]})
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(exc, ValidationError):
        response.data = field_errors_flatten(response.data)
    return response


def field_errors_flatten(errors, prefix: str = "") -> dict[str, list[str]]:
    """Turn DRF's nested error structure into {"a.b.0.c": [messages]}."""
    if isinstance(errors, dict):
        flat: dict[str, list[str]] = {}
        for key, value in errors.items():
            # A nested serializer's own errors belong to the field that holds it: "lines", not "lines.non_field_errors".
            name = prefix if key == "non_field_errors" and prefix else (f"{prefix}.{key}" if prefix else str(key))
            flat.update(field_errors_flatten(value, name))
        return flat
    if isinstance(errors, list) and any(isinstance(item, dict | list) for item in errors):
        flat = {}
        for index, item in enumerate(errors):
            flat.update(field_errors_flatten(item, f"{prefix}.{index}" if prefix else str(index)))
        return flat
    messages = errors if isinstance(errors, list) else [errors]
    return {prefix or "non_field_errors": [str(message) for message in messages]} if messages else {}
