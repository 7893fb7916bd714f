"""The cart as a shopper uses it: add, change, remove, the header count, and keeping it across a login."""

from decimal import Decimal

import pytest

from orders.cart import SESSION_KEY
from tests.factories import ProductFactory

pytestmark = pytest.mark.django_db


def header_count(client) -> str:
    html = client.get("/").text
    return html.split('class="cart-count">', 1)[1].split("<", 1)[0]


def test_an_added_product_shows_in_the_cart_and_in_the_header_count(client, fill_cart):
    roller = ProductFactory(name="Grid Roller", price=Decimal("30.00"))

    fill_cart(roller, quantity=2)

    page = client.get("/cart/").text
    assert "Grid Roller" in page
    assert "$60.00" in page
    assert header_count(client) == "2"


def test_adding_more_than_is_in_stock_is_refused_with_what_is_left(client, fill_cart):
    strap = ProductFactory(name="Patella Strap", stock_quantity=3)
    fill_cart(strap, quantity=2)

    response = client.post("/cart/add/", {"product": strap.slug, "quantity": 2}, follow=True)

    assert "Only 3 of Patella Strap in stock; your cart has 2." in response.text
    assert header_count(client) == "2"


def test_an_out_of_stock_or_hidden_product_cannot_be_added(client):
    sold_out = ProductFactory(name="Cold Pack", stock_quantity=0)
    hidden = ProductFactory(name="Old Band", is_active=False)

    first = client.post("/cart/add/", {"product": sold_out.slug, "quantity": 1}, follow=True)
    second = client.post("/cart/add/", {"product": hidden.slug, "quantity": 1}, follow=True)

    assert "Cold Pack is out of stock." in first.text
    assert "That product is no longer for sale." in second.text
    assert header_count(client) == "0"


def test_quantities_change_and_a_line_is_removed_without_javascript(client, fill_cart):
    roller, strap = ProductFactory(name="Grid Roller"), ProductFactory(name="Patella Strap")
    fill_cart(roller, strap)

    client.post("/cart/update/", {f"quantity-{roller.pk}": "3", f"quantity-{strap.pk}": "1"})
    client.post("/cart/update/", {"remove": str(strap.pk)})

    page = client.get("/cart/").text
    assert 'value="3"' in page
    assert f'href="{roller.url}">Grid Roller' in page
    assert f'href="{strap.url}">Patella Strap' not in page
    assert header_count(client) == "3"


def test_a_quantity_of_zero_removes_the_line(client, fill_cart):
    roller = ProductFactory(name="Grid Roller")
    fill_cart(roller)

    client.post("/cart/update/", {f"quantity-{roller.pk}": "0"})

    assert "Your cart is empty." in client.get("/cart/").text


def test_the_cart_survives_logging_in(client, fill_cart, django_user_model):
    roller = ProductFactory(name="Grid Roller")
    fill_cart(roller, quantity=2)
    user = django_user_model.objects.create_user("sam", "sam@example.com", "a-long-test-password")

    client.login(username="sam", password="a-long-test-password")

    assert "Grid Roller" in client.get("/cart/").text
    assert header_count(client) == "2"
    assert user.is_authenticated


def test_the_cart_remembers_where_the_shopper_found_the_product(client, fill_cart):
    strap = ProductFactory()
    assessment = "6f1c8c1e-0d5e-4b7a-9d0b-1f2e3d4c5b6a"

    fill_cart(strap, source="symptom_check", condition="runners-knee", assessment=assessment)
    fill_cart(strap)  # a later direct add keeps the symptom check as the source

    entry = client.session[SESSION_KEY][str(strap.pk)]
    assert entry == {"quantity": 2, "source": "symptom_check", "condition": "runners-knee", "assessment": assessment}


def test_a_product_that_leaves_the_shop_drops_out_of_the_cart(client, fill_cart):
    roller = ProductFactory(name="Grid Roller")
    fill_cart(roller)
    roller.is_active = False
    roller.save()

    assert "Your cart is empty." in client.get("/cart/").text


def test_adding_goes_back_to_the_page_the_shopper_was_on_but_never_off_site(client):
    roller = ProductFactory()

    back = client.post("/cart/add/", {"product": roller.slug, "quantity": 1, "next": "/products/"})
    away = client.post("/cart/add/", {"product": roller.slug, "quantity": 1, "next": "https://evil.example/"})

    assert back.headers["Location"] == "/products/"
    assert away.headers["Location"] == "/cart/"
