"""“Often bought together” from orders, mixed into related products on the product page and the API."""

import pytest

from catalog.models import Product
from guides.models import Condition, CuratedProduct, CurationAction
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


def test_a_product_staff_excluded_for_the_condition_in_view_is_never_listed(
    client, api_client, demo, place_order, rebuild_index
):
    strap, rocker = products("loop-stretch-strap", "calf-rocker-stretcher")
    place_order(strap, rocker)
    place_order(strap, rocker)
    bought_together_refresh_task.delay()
    CuratedProduct.objects.create(
        condition=Condition.objects.get(slug="runners-knee"), product=rocker, action=CurationAction.EXCLUDE
    )
    rebuild_index()

    anywhere = api_client.get("/api/v1/products/loop-stretch-strap/related/").json()
    for_knee = api_client.get("/api/v1/products/loop-stretch-strap/related/", {"condition": "runners-knee"}).json()
    page = client.get("/products/loop-stretch-strap/?ref=guide&c=runners-knee").text

    assert "calf-rocker-stretcher" in [item["slug"] for item in anywhere]
    assert "calf-rocker-stretcher" not in [item["slug"] for item in for_knee]
    assert f'href="{rocker.url}' not in page.split('id="related-heading"')[1]


def test_an_inactive_product_is_never_listed_however_often_bought_together(api_client, demo, place_order):
    strap, wrap = products("loop-stretch-strap", "knee-cold-wrap")
    place_order(strap, wrap)
    place_order(strap, wrap)
    bought_together_refresh_task.delay()
    Product.objects.filter(pk=wrap.pk).update(is_active=False)

    body = api_client.get("/api/v1/products/loop-stretch-strap/related/").json()

    assert body
    assert "knee-cold-wrap" not in [item["slug"] for item in body]


def test_an_api_client_leaves_out_what_its_cart_holds_and_never_gets_the_product_itself(api_client, demo, place_order):
    strap, wrap = products("loop-stretch-strap", "knee-cold-wrap")
    place_order(strap, wrap)
    bought_together_refresh_task.delay()

    body = api_client.get(
        "/api/v1/products/loop-stretch-strap/related/", {"exclude": "knee-cold-wrap,loop-stretch-strap", "limit": 20}
    ).json()

    assert body
    assert {"knee-cold-wrap", "loop-stretch-strap"}.isdisjoint(item["slug"] for item in body)


def test_a_product_sold_out_a_moment_ago_is_not_first_even_before_the_index_catches_up(api_client, demo, place_order):
    strap, wrap = products("loop-stretch-strap", "knee-cold-wrap")
    place_order(strap, wrap)
    place_order(strap, wrap)
    bought_together_refresh_task.delay()
    Product.objects.filter(pk=wrap.pk).update(stock_quantity=0)  # no rebuild yet

    body = api_client.get("/api/v1/products/loop-stretch-strap/related/", {"limit": 20}).json()

    assert body[0]["slug"] != "knee-cold-wrap"
    assert [item["in_stock"] for item in body if item["slug"] == "knee-cold-wrap"] in ([], [False])
