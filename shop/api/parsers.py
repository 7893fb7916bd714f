"""The API's JSON parser: bounded in size and depth, and no NUL characters in any string."""

import json

from django.conf import settings
from rest_framework import parsers
from rest_framework.exceptions import APIException, ParseError


class RequestTooLarge(APIException):
    """A request body over the API's limit."""

    status_code = 413
    default_code = "request_too_large"


def body_limit_message() -> str:
    """Say how large a request body may be."""
    return f"The request body is larger than {settings.LIMBER_API_MAX_BODY_BYTES} bytes."


class BoundedJSONParser(parsers.JSONParser):
    """Parse JSON of at most LIMBER_API_MAX_BODY_BYTES, nested at most LIMBER_API_MAX_JSON_DEPTH deep."""

    def parse(self, stream, media_type=None, parser_context=None):
        limit = settings.LIMBER_API_MAX_BODY_BYTES
        raw = stream.read(limit + 1) if stream is not None else b""
        if len(raw) > limit:
            raise RequestTooLarge(body_limit_message())
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        try:
            data = json.loads(raw.decode(encoding), parse_constant=_refuse_constant)
        except RecursionError:
            raise ParseError(_too_deep()) from None
        except ValueError as exc:
            raise ParseError(str(exc)) from None
        json_check(data)
        return data


def json_check(data) -> None:
    """Refuse JSON nested too deeply or holding a NUL character in any key or string."""
    limit = settings.LIMBER_API_MAX_JSON_DEPTH
    pending = [(data, 1)]
    while pending:
        value, depth = pending.pop()
        if isinstance(value, dict | list):
            if depth > limit:
                raise ParseError(_too_deep())
            items = value.items() if isinstance(value, dict) else enumerate(value)
            for key, item in items:
                if isinstance(key, str) and "\x00" in key:
                    raise ParseError("Null characters are not allowed.")
                pending.append((item, depth + 1))
        elif isinstance(value, str) and "\x00" in value:
            raise ParseError("Null characters are not allowed.")


def _too_deep() -> str:
    return f"It is nested more than {settings.LIMBER_API_MAX_JSON_DEPTH} levels deep."


def _refuse_constant(name: str):
    raise ValueError(f"{name} is not a JSON number.")
