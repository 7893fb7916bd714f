"""A product page offers the product's variants (sizes, packs, cuts of the same thing) and adds the chosen one."""

import re
from decimal import Decimal

import pytest

from tests.factories import ProductFactory

pytestmark = pytest.mark.django_db


def choices(html: str) -> list[tuple[str, str, bool, bool]]:
    """The variant choice's options: (slug, label, selected, disabled)."""
    select = re.search(r'<select name="product">(.*?)</select>', html, re.S)
    if select is None:
        return []
    return [
        (slug, label.strip(), " selected" in attributes, " disabled" in attributes)
        for slug, attributes, label in re.findall(r'<option value="([^"]+)"([^>]*)>([^<]*)</option>', select.group(1))
    ]


def add_form_fields(html: str) -> dict[str, str]:
    """The hidden fields of the page's "Add to cart" form."""
    form = html[html.index('class="add-to-cart"') : html.index("</form>", html.index('class="add-to-cart"'))]
    return dict(re.findall(r'<input type="hidden" name="([a-z]+)" value="([^"]*)"', form))


def test_a_product_page_offers_its_variants_with_price_and_stock_and_adds_the_chosen_one(client):
    strap = ProductFactory(
        slug="loop-strap", name="Loop Strap", price=Decimal("24.99"), stock_quantity=12, family="loop"
    )
    ProductFactory(
        slug="loop-strap-long", name="Loop Strap, Long", price=Decimal("29.99"), stock_quantity=4, family="loop"
    )
    ProductFactory(
        slug="loop-strap-pair", name="Loop Strap, Pair", price=Decimal("44.00"), stock_quantity=0, family="loop"
    )
    ProductFactory(slug="yoga-strap", name="Yoga Strap", family="")

    page = client.get(f"/products/{strap.slug}/").text

    assert choices(page) == [
        ("loop-strap", "Loop Strap — $24.99 — 12 in stock", True, False),
        ("loop-strap-long", "Loop Strap, Long — $29.99 — 4 in stock", False, False),
        ("loop-strap-pair", "Loop Strap, Pair — $44.00 — out of stock", False, True),
    ]
    fields = add_form_fields(page) | {"product": "loop-strap-long", "quantity": "1"}
    client.post("/cart/add/", fields)
    cart = client.get("/cart/").text
    assert "Loop Strap, Long" in cart
    assert "$29.99" in cart


def test_a_sold_out_product_with_a_variant_in_stock_can_still_be_bought_as_that_variant(client):
    ProductFactory(slug="mini-band", name="Mini Band", price=Decimal("5.99"), stock_quantity=0, family="bands")
    ProductFactory(slug="mini-band-set", name="Mini Band Set", price=Decimal("11.99"), stock_quantity=9, family="bands")

    page = client.get("/products/mini-band/").text

    assert [(slug, selected, disabled) for slug, _label, selected, disabled in choices(page)] == [
        ("mini-band", False, True),
        ("mini-band-set", True, False),
    ]
    assert "Add to cart" in page


def test_a_product_without_variants_has_no_choice(client):
    ProductFactory(slug="yoga-strap", name="Yoga Strap", family="")
    ProductFactory(slug="lonely", name="Lonely Roller", family="only-one")

    assert choices(client.get("/products/yoga-strap/").text) == []
    assert choices(client.get("/products/lonely/").text) == []
    assert 'name="product" value="lonely"' in client.get("/products/lonely/").text


def test_an_inactive_variant_is_never_offered(client):
    ProductFactory(slug="roller", name="Roller", family="rollers")
    ProductFactory(slug="roller-old", name="Old Roller", family="rollers", is_active=False)

    assert choices(client.get("/products/roller/").text) == []


@pytest.mark.parametrize("members", [2, 30])
def test_the_variant_choice_costs_one_query_whatever_the_number_of_variants(client, members):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    ProductFactory(slug="base-strap", name="Base Strap", family="straps")
    ProductFactory.create_batch(members - 1, family="straps")
    ProductFactory(slug="plain-strap", name="Plain Strap", family="")
    client.get("/products/plain-strap/?warm=1")  # the process now holds the index

    with CaptureQueriesContext(connection) as plain:
        client.get("/products/plain-strap/?n=1")
    with CaptureQueriesContext(connection) as with_choice:
        page = client.get("/products/base-strap/?n=1").text

    assert len(choices(page)) == members
    assert len(with_choice) == len(plain) + 1
