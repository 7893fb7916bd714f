"""Refresh the answers in shop/api/examples.yaml from the shop in the database (load the demo data first).

An example whose request no longer gets its documented status is an error, and nothing is written.
"""

import copy
import json
from functools import cache

import yaml
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test import Client, override_settings
from drf_spectacular.generators import SchemaGenerator
from knox.models import AuthToken

from catalog.models import Product
from orders.models import Order, ShippingMethod
from orders.services import LineRequest, ShippingAddress, order_place
from shop.api.examples import EXAMPLES_FILE, examples_data

HOST = "limber.example"  # the examples' addresses read https://limber.example/...
KEPT_PER_LIST = 2  # an answer's lists are cut to their first items, except a question's options


class Command(BaseCommand):
    help = "Send every API example to the shop in the database and write the answers it gets into examples.yaml."

    def handle(self, *args, **options):
        if not Product.objects.exists():
            raise CommandError("No products: run `manage.py load_demo` first; the examples name demo products.")
        data = copy.deepcopy(examples_data())
        with override_settings(ALLOWED_HOSTS=[HOST]), transaction.atomic():
            client = Client(HTTP_HOST=HOST, headers={"Authorization": f"Token {_staff_token()}"})
            for example in data.get("orders_retrieve", []):
                _order_with_number(example["path"]["number"])
            wrong = []
            for operation, examples in data.items():
                for example in examples:
                    status, example["response"] = _send(client, operation, example)
                    self.stdout.write(f"{operation}: {example['name']} → {status}")
                    if status != example["status"]:
                        wrong.append(f"{operation} “{example['name']}”: {status}, not {example['status']}")
            transaction.set_rollback(True)  # what the examples wrote (a product, an order) is not kept
        if wrong:
            raise CommandError("Fix these examples' requests first; nothing was written:\n" + "\n".join(wrong))
        header = EXAMPLES_FILE.read_text(encoding="utf-8").split("\n\n", 1)[0]
        body = "\n".join(
            yaml.safe_dump({operation: examples}, sort_keys=False, allow_unicode=True, width=110)
            for operation, examples in data.items()
        )
        EXAMPLES_FILE.write_text(f"{header}\n\n{body}", encoding="utf-8")
        self.stdout.write(
            self.style.SUCCESS(f"Wrote {EXAMPLES_FILE}; check the diff, then run tests/shop/test_api_examples.py.")
        )


def _staff_token() -> str:
    user, _ = get_user_model().objects.get_or_create(
        username="api-examples", defaults={"is_staff": True, "is_superuser": True}
    )
    return AuthToken.objects.create(user=user)[1]


def _order_with_number(number: str) -> None:
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


def _send(client: Client, operation: str, example: dict) -> tuple[int, object]:
    """Send one example as its operation documents it; return the status and the answer, cut short."""
    path, method = _operations()[operation]
    for name, value in (example.get("path") or {}).items():
        path = path.replace(f"{{{name}}}", str(value))
    response = getattr(client, method)(
        path,
        **(
            {"data": json.dumps(example["body"]), "content_type": "application/json"}
            if "body" in example
            else {"data": example.get("query") or {}}
        ),
        headers=example.get("headers") or {},
        secure=True,
    )
    answer = response.json() if response.content else None
    if response.status_code < 300 and answer is not None and _is_list(answer):
        answer = (answer["results"] if isinstance(answer, dict) else answer)[0]  # the schema wraps one item
    return response.status_code, _cut(answer)


def _is_list(answer) -> bool:
    return isinstance(answer, list) or (isinstance(answer, dict) and {"count", "results"} <= set(answer))


def _cut(value, key: str = ""):
    if isinstance(value, dict):
        return {name: _cut(item, name) for name, item in value.items()}
    if isinstance(value, list):
        kept = value if key == "options" or not any(isinstance(item, dict) for item in value) else value[:KEPT_PER_LIST]
        return [_cut(item) for item in kept]
    return value


@cache
def _operations() -> dict[str, tuple[str, str]]:
    """Operation id -> (path, method), from the schema the shop serves."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return {
        operation["operationId"]: (path, method)
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
    }
