"""Error responses: every 400 names the field at fault."""

from rest_framework.exceptions import ParseError, ValidationError
from rest_framework.views import exception_handler as drf_exception_handler


def exception_handler(exc, context):
    """Answer a body that is not JSON with a field-style message, like other 400s."""
    if isinstance(exc, ParseError):
        exc = ValidationError({"body": [f"The request body is not valid JSON: {exc.detail}"]})
    return drf_exception_handler(exc, context)
