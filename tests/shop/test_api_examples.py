"""Every example in the OpenAPI schema works: sent as documented, it gets the documented status and a valid body.

An example is the set of OpenAPI examples of one name on an operation: its parameters, its request
body and the response example that says which status it gets (shop/api/examples.yaml).
"""

import copy
import io
import json
from dataclasses import dataclass, field, replace
from decimal import Decimal

import pytest
import requests
import schemathesis
import yaml
from django.core.management import CommandError, call_command
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from knox.models import AuthToken
from schemathesis.core.transport import Response

from catalog.models import Product
from orders.models import Order, ShippingMethod
from orders.services import LineRequest, ShippingAddress, order_place
from shop.api.examples import examples_data
from shop.api.throttling import AnonThrottle, EventThrottle, UserThrottle
from shop.management.commands import api_examples

schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", get_wsgi_application())
LOCATIONS = {"path": "path_parameters", "query": "query", "header": "headers"}


@dataclass(frozen=True)
class Example:
    """One named example of an operation: the request it documents and the status it says it gets."""

    path: str
    method: str
    name: str
    status: int | None
    parts: dict = field(default_factory=dict)  # path_parameters, query, headers, body
    answer: object = None  # the documented response body, if the response has one

    def __str__(self):
        return f"{self.method.upper()} {self.path} “{self.name}”"


def schema_examples(raw: dict) -> list[Example]:
    """Collect every named example of every operation in an OpenAPI document."""
    found = []
    for path, operations in raw["paths"].items():
        for method, operation in operations.items():
            parts: dict[str, dict] = {}
            for parameter in operation.get("parameters", []):
                for name, example in parameter.get("examples", {}).items():
                    parts.setdefault(name, {}).setdefault(LOCATIONS[parameter["in"]], {})[parameter["name"]] = example[
                        "value"
                    ]
            body = operation.get("requestBody", {}).get("content", {}).get("application/json", {})
            for name, example in body.get("examples", {}).items():
                parts.setdefault(name, {})["body"] = example["value"]
            answers = {
                name: (int(status), example.get("value"))
                for status, response in operation["responses"].items()
                for name, example in response.get("content", {}).get("application/json", {}).get("examples", {}).items()
            }
            # A request whose answer has no body (a 202) names no response example: it expects that status.
            bodiless = [int(s) for s, r in operation["responses"].items() if s.startswith("2") and "content" not in r]
            for name in sorted(set(parts) | set(answers)):
                status, answer = answers.get(name, (bodiless[0] if len(bodiless) == 1 else None, None))
                found.append(Example(path, method, name, status, parts.get(name, {}), answer))
    return found


EXAMPLES = schema_examples(schema.raw_schema)


@pytest.fixture
def _store(demo, shipping_methods, monkeypatch):
    """The demo shop, with the orders the examples read, and no rate limit in the way."""
    for throttle in (AnonThrottle, UserThrottle, EventThrottle):
        monkeypatch.setattr(throttle, "THROTTLE_RATES", {throttle.scope: "100000/minute"})
    for example in examples_data()["orders_retrieve"]:
        order_with_number(example["path"]["number"])
    # As Django's test client does: a request through the bare WSGI app must not close the test's connection.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def order_with_number(number: str) -> Order:
    """Place an order as a shopper would, under the number an example reads."""
    order = order_place(
        lines=[LineRequest(Product.objects.available().filter(stock_quantity__gt=0).first(), 1)],
        email="sam@example.com",
        address=ShippingAddress(
            name="Sam Runner", line1="1 Track Lane", city="Springfield", region="IL", postcode="62704", country="US"
        ),
        shipping_method=ShippingMethod.objects.filter(is_active=True).first(),
        payment_method="invoice",
    )
    Order.objects.filter(pk=order.pk).update(number=number)
    return order


@pytest.fixture
def staff_token(_store, admin_user) -> str:
    """A staff API token: writes need one, and it reads any order."""
    return AuthToken.objects.create(user=admin_user)[1]


def example_send(example: Example, token: str):
    """Send an example's request as a client would, with the token; return schemathesis's case and response."""
    case = schema[example.path][example.method].Case(**example.parts)
    return case, case.call(headers={"Authorization": f"Token {token}"})


def test_every_operation_has_an_example_with_a_documented_status():
    operations = {(path, method) for path, ops in schema.raw_schema["paths"].items() for method in ops}

    assert operations == {(example.path, example.method) for example in EXAMPLES}
    assert [str(example) for example in EXAMPLES if example.status is None] == []


@pytest.mark.parametrize("example", EXAMPLES, ids=str)
def test_the_example_gets_its_documented_status_and_a_body_the_schema_describes(example, staff_token):
    _case, response = example_send(example, staff_token)

    assert response.status_code == example.status, response.text[:500]
    schema[example.path][example.method].validate_response(response)


@pytest.mark.parametrize("example", [example for example in EXAMPLES if example.answer is not None], ids=str)
def test_the_documented_answer_is_one_the_schema_describes(example):
    documented = Response(
        status_code=example.status,
        headers={"Content-Type": ["application/json"]},
        content=json.dumps(example.answer).encode(),
        request=requests.Request(example.method.upper(), f"http://localhost{example.path}").prepare(),
        elapsed=0,
        verify=True,
    )

    schema[example.path][example.method].validate_response(documented)


def test_an_example_with_a_question_the_shop_does_not_ask_fails(staff_token):
    runners_knee = next(e for e in EXAMPLES if e.path == "/api/v1/recommendations/" and e.parts["body"]["answers"])
    answers = {"no-such-question": "knee", **runners_knee.parts["body"]["answers"]}
    broken = replace(
        runners_knee, parts={**runners_knee.parts, "body": {**runners_knee.parts["body"], "answers": answers}}
    )

    _case, response = example_send(broken, staff_token)

    assert response.status_code != broken.status
    assert "answers.no-such-question" in response.json()


def test_the_quote_example_prices_what_the_order_example_then_charges(staff_token):
    quote = next(e for e in EXAMPLES if e.path == "/api/v1/orders/quote/" and e.status == 200)
    order = next(e for e in EXAMPLES if e.path == "/api/v1/orders/" and e.method == "post" and e.status == 201)
    assert quote.parts["body"]["lines"] == [
        {key: line[key] for key in ("product", "quantity")} for line in order.parts["body"]["lines"]
    ]

    quoted = example_send(quote, staff_token)[1].json()
    placed = example_send(order, staff_token)[1].json()

    assert (quoted["subtotal"], quoted["shipping"]["price"], quoted["total"]) == (
        placed["subtotal"],
        placed["shipping"]["price"],
        placed["total"],
    )
    assert Decimal(quoted["total"]) > Decimal(quoted["subtotal"])


@pytest.mark.usefixtures("demo", "shipping_methods")
def test_the_examples_command_rewrites_the_answers_from_the_shop_and_keeps_nothing(tmp_path, monkeypatch):
    stale = copy.deepcopy(examples_data())
    for example in (example for examples in stale.values() for example in examples):
        example["response"] = None
    written = tmp_path / "examples.yaml"
    written.write_text("# header\n\n" + yaml.safe_dump(stale, sort_keys=False), encoding="utf-8")
    monkeypatch.setattr(api_examples, "EXAMPLES_FILE", written)
    monkeypatch.setattr(api_examples, "examples_data", lambda: stale)
    products, orders = Product.objects.count(), Order.objects.count()

    call_command("api_examples", stdout=io.StringIO())

    refreshed = yaml.safe_load(written.read_text(encoding="utf-8"))
    unanswered = [name for name, items in refreshed.items() for item in items if item["response"] is None]
    assert unanswered == ["events_create"]  # a 202 has no body
    assert refreshed["products_list"][0]["response"]["url"].startswith("https://limber.example/products/")
    assert (Product.objects.count(), Order.objects.count()) == (products, orders)


@pytest.mark.usefixtures("demo", "shipping_methods")
def test_the_examples_command_refuses_an_example_that_no_longer_works(tmp_path, monkeypatch):
    broken = copy.deepcopy(examples_data())
    broken["recommendations_create"][-1]["body"]["answers"]["no-such-question"] = "knee"
    written = tmp_path / "examples.yaml"
    written.write_text("# header\n\n" + yaml.safe_dump(broken), encoding="utf-8")
    monkeypatch.setattr(api_examples, "EXAMPLES_FILE", written)
    monkeypatch.setattr(api_examples, "examples_data", lambda: broken)

    with pytest.raises(CommandError, match=r"recommendations_create .*: 400, not 200"):
        call_command("api_examples", stdout=io.StringIO())

    assert "no-such-question" in written.read_text(encoding="utf-8")
