"""A client generated from the OpenAPI schema by openapi-python-client works against the running shop."""

import importlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from knox.models import AuthToken

BIN = Path(sys.executable).parent


@pytest.fixture
def generated(tmp_path):
    """Generate the client package from the schema the shop serves, and import it."""
    schema = tmp_path / "schema.json"
    call_command("spectacular", "--file", str(schema), "--format", "openapi-json")
    generator = shutil.which("openapi-python-client", path=str(BIN)) or shutil.which("openapi-python-client")
    result = subprocess.run(
        [generator, "generate", "--path", str(schema), "--meta", "none", "--output-path", str(tmp_path / "limber_api")],
        cwd=tmp_path,
        env={**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    sys.path.insert(0, str(tmp_path))
    try:
        yield importlib.import_module("limber_api")
    finally:
        sys.path.remove(str(tmp_path))
        for name in [name for name in sys.modules if name == "limber_api" or name.startswith("limber_api.")]:
            del sys.modules[name]


def test_a_generated_client_lists_products_and_walks_a_symptom_check_with_typed_models(
    generated, live_server, demo, django_user_model
):
    from limber_api.api.products import products_list
    from limber_api.api.recommendations import recommendations_create
    from limber_api.models import (
        PaginatedProductSummaryList,
        Recommendation,
        RecommendationRequest,
        RecommendationRequestAnswers,
        SearchSuggestions,
        TriageLevel,
    )

    shopper = django_user_model.objects.create_user("app-user", password="a-long-app-password")
    client = generated.AuthenticatedClient(
        base_url=live_server.url, token=AuthToken.objects.create(user=shopper)[1], prefix="Token"
    )

    page = products_list.sync(client=client, search="roller", page_size=5)

    assert isinstance(page, PaginatedProductSummaryList)
    assert page.count >= 1
    assert "roller" in page.results[0].name.lower()
    assert page.results[0].url.startswith(live_server.url + "/products/")
    assert page.suggestions is None

    nothing = products_list.sync(client=client, search="xylophone knee")

    assert nothing.count == 0
    assert isinstance(nothing.suggestions, SearchSuggestions)
    assert nothing.suggestions.guides[0].api_url.startswith(live_server.url + "/api/v1/articles/")
    assert nothing.suggestions.symptom_check_url == live_server.url + "/symptom-check/"

    answers: dict[str, object] = {}
    for _ in range(30):
        body = RecommendationRequest(answers=RecommendationRequestAnswers.from_dict(answers), limit=3)
        result = recommendations_create.sync(client=client, body=body)
        assert isinstance(result, Recommendation)
        if result.next_question is None:
            break
        question = result.next_question
        labels = {option.label: option.slug for option in question.options}
        # An adult's age (it offers no "Not sure"), the knee, "No" to warning signs, else "Not sure".
        answers[question.slug] = labels.get("Knee") or labels.get("16 to 49") or labels.get("No") or labels["Not sure"]

    assert result.triage.level == TriageLevel.SELF_CARE
    assert result.safety_pending == []
    assert 1 <= len(result.products) <= 3
    assert all(product.reasons for product in result.products)


def test_a_generated_client_places_a_us_order_with_its_state_and_reads_the_printed_address(
    generated, live_server, demo, shipping_methods
):
    from limber_api.api.orders import orders_create, orders_retrieve
    from limber_api.models import AddressRequest, LineInputRequest, OrderInputRequest, OrderOutput, PaymentMethodEnum

    client = generated.Client(base_url=live_server.url)
    body = OrderInputRequest(
        email="sam@example.com",
        shipping_address=AddressRequest(
            name="Sam Runner", line1="1 Track Lane", city="Springfield", region="IL", postcode="62704", country="US"
        ),
        payment_method=PaymentMethodEnum.INVOICE,
        lines=[LineInputRequest(product="textured-foam-roller", quantity=1)],
    )

    placed = orders_create.sync(client=client, body=body)
    read = orders_retrieve.sync(placed.number, client=client, token=placed.token)

    assert isinstance(read, OrderOutput)
    assert read.shipping.address.region == "IL"
    assert read.shipping.address.lines == ["Sam Runner", "1 Track Lane", "Springfield, IL 62704", "United States"]
    assert read.payment_instructions.endswith("after that the order is cancelled and its items go back on sale.")
