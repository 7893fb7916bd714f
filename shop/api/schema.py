"""The OpenAPI contract's shared parts: the error shapes and the errors every operation may answer.

drf-spectacular documents what each view returns on success; this hook adds
what any operation can answer instead, with the body shop.api.exceptions
and shop.views give it, so generated clients know every response.
"""

from drf_spectacular.utils import OpenApiResponse

ERROR = {
    "type": "object",
    "description": "Any error other than a 400: what went wrong, for a person to read.",
    "properties": {"detail": {"type": "string", "description": "What went wrong, in words to show a person."}},
    "required": ["detail"],
}
FIELD_ERRORS = {
    "type": "object",
    "description": (
        "A 400: each field, query parameter or part of the request at fault (`body` for a body that is "
        "not acceptable JSON, `path` for the address) with its messages."
    ),
    "additionalProperties": {"type": "array", "items": {"type": "string"}},
    "example": {"price_min": ["Enter a number."]},
}

WRITE_METHODS = {"post", "put", "patch", "delete"}


def field_errors_response(description: str = "The request is invalid; each field at fault is named."):
    """Declare an operation's 400 in `extend_schema(responses=...)`, so it can carry an example of its own."""
    return OpenApiResponse({"$ref": "#/components/schemas/FieldErrors"}, description=description)


def _response(description: str, schema: str) -> dict:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}},
    }


def error_responses_hook(result, generator, request, public):
    """Add the error responses and their shapes to every operation."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas["Error"] = ERROR
    schemas["FieldErrors"] = FIELD_ERRORS
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            # Every operation answers anonymous callers; a write then refuses them with 401 or 403.
            security = operation.setdefault("security", [])
            if {} not in security:
                security.append({})
            responses = operation.setdefault("responses", {})
            has_input = bool(operation.get("parameters")) or "requestBody" in operation
            paginated = any(parameter.get("name") == "page" for parameter in operation.get("parameters", []))
            extra = {
                "400": ("The request is invalid; each field at fault is named.", "FieldErrors") if has_input else None,
                "401": ("Credentials were given but are not valid.", "Error"),
                "403": ("This needs a staff account with permission for it.", "Error")
                if method in WRITE_METHODS
                else None,
                "404": ("There is nothing at this address (or no such page).", "Error")
                if "{" in path or paginated
                else None,
                "413": ("The request body is too large.", "Error") if "requestBody" in operation else None,
                "415": ("The request body is not JSON.", "Error") if "requestBody" in operation else None,
                "429": ("Too many requests; wait and retry.", "Error"),
            }
            for status, spec in extra.items():
                if spec is not None and status not in responses:
                    responses[status] = _response(*spec)
    return result
