"""The API's worked examples: requests a client developer can copy, with the answers they get.

The examples are data (`shop/api/examples.yaml`), one list per operation. Each example is a request
(path and query parameters, headers, a body) and the response it gets from the demo shop. It becomes
OpenAPI examples of one name on each part it fills: the parameters, the request body and the
response with its status. tests/shop/test_api_examples.py sends every one and checks the status
and the body against the schema. After a change to the API or the demo data, `manage.py api_examples`
(on a database with the demo data) rewrites the answers from what the shop now says.
"""

from functools import cache
from pathlib import Path

import yaml
from drf_spectacular.utils import OpenApiExample

EXAMPLES_FILE = Path(__file__).with_name("examples.yaml")
# Where each kind of parameter sits in an OpenAPI operation.
PARAMETER_LOCATIONS = {"path": "path", "query": "query", "headers": "header"}


@cache
def examples_data() -> dict[str, list[dict]]:
    """Return the examples file: operation id -> its examples."""
    return yaml.safe_load(EXAMPLES_FILE.read_text(encoding="utf-8"))


def operation_examples(operation: str) -> list[OpenApiExample]:
    """Return an operation's examples as drf-spectacular takes them in `extend_schema(examples=...)`."""
    built = []
    for example in examples_data()[operation]:
        name, words = (
            example["name"],
            {"summary": example.get("summary", ""), "description": example.get("description", "")},
        )
        for kind, location in PARAMETER_LOCATIONS.items():
            for parameter, value in (example.get(kind) or {}).items():
                built.append(OpenApiExample(name, value=value, parameter_only=(parameter, location), **words))
        if "body" in example:
            built.append(OpenApiExample(name, value=example["body"], request_only=True, **words))
        built.append(
            OpenApiExample(
                name, value=example.get("response"), response_only=True, status_codes=[example["status"]], **words
            )
        )
    return built
