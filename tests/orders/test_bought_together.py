"""“Often bought together” from orders, mixed into related products on the product page and the API."""

import pytest

from catalog.models import Product
from orders.services import order_cancel
from orders.tasks import bought_together_refresh_task

pytestmark = pytest.mark.django_db


def products(*slugs):
    return [Product.objects.get(slug=slug) for slug in slugs]


def test_two_products_that_share_orders_are_related_first_with_the_reason(api_client, demo, place_order):
    strap, wrap = products("loop-stretch-strap", "knee-cold-wrap")
    place_order(strap, wrap)
    place_order(strap, wrap)
    bought_together_refresh_task.delay()

    body = api_client.get("/api/v1/products/loop-stretch-strap/related/").json()

    assert body[0]["slug"] == "knee-cold-wrap"
    assert "Often bought together with this product." in body[0]["reasons"]
    assert all(item["slug"] != "loop-stretch-strap" for item in body)


def test_a_cancelled_order_does_not_count_as_bought_together(api_client, demo, place_order):
    strap, wrap = products("loop-stretch-strap", "knee-cold-wrap")
    order_cancel(order=place_order(strap, wrap))
    bought_together_refresh_task.delay()

    body = api_client.get("/api/v1/products/loop-stretch-strap/related/").json()

    assert all("Often bought together with this product." not in item["reasons"] for item in body)


def test_an_out_of_stock_product_is_never_listed_before_one_in_stock(api_client, demo, place_order, rebuild_index):
    strap, wrap = products("loop-stretch-strap", "knee-cold-wrap")
    place_order(strap, wrap)
    place_order(strap, wrap)
    bought_together_refresh_task.delay()
    Product.objects.filter(pk=wrap.pk).update(stock_quantity=0)
    rebuild_index()  # as the sell-out signal would

    body = api_client.get("/api/v1/products/loop-stretch-strap/related/").json()

    stock = [item["in_stock"] for item in body]
    assert stock == sorted(stock, reverse=True)
    assert body[0]["slug"] != "knee-cold-wrap"


def test_the_product_page_shows_bought_together_but_not_what_is_already_in_the_cart(
    client, demo, place_order, fill_cart
):
    strap, wrap = products("loop-stretch-strap", "knee-cold-wrap")
    place_order(strap, wrap)
    bought_together_refresh_task.delay()

    before = client.get("/products/loop-stretch-strap/").text.split('id="related-heading"')[1]
    fill_cart(wrap)
    after = client.get("/products/loop-stretch-strap/").text.split('id="related-heading"')[1]

    assert "Often bought together with this product." in before
    assert f'href="{wrap.url}' in before
    assert f'href="{wrap.url}' not in after
