"""Cached anonymous reads: validators and 304s, fresh after edits, and nothing personal shared."""

import re

import pytest
from django.test import Client

from shop.pages import read_cache_key
from tests.factories import (
    ApproachFactory,
    ArticleFactory,
    ConditionFactory,
    ConditionTreatmentFactory,
    ProductApproachFactory,
    ProductFactory,
)

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
CART = re.compile(r'<span class="cart-count">(\d+)</span>')


@pytest.fixture
def guide(db, rebuild_index):
    """A published guide whose products can be added to a cart."""
    condition = ConditionFactory(slug="sore-knee")
    approach = ApproachFactory(slug="stretching")
    ConditionTreatmentFactory(condition=condition, approach=approach)
    product = ProductFactory(slug="loop-strap", name="Loop Strap")
    ProductApproachFactory(product=product, approach=approach)
    ArticleFactory(condition=condition)
    rebuild_index()
    return "/guides/sore-knee/"


def test_product_list_api_answers_304_to_its_etag_and_its_date(db):
    ProductFactory()
    client = Client()
    first = client.get("/api/v1/products/")

    by_tag = client.get("/api/v1/products/", HTTP_IF_NONE_MATCH=first["ETag"])
    by_date = client.get("/api/v1/products/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])

    assert first.status_code == 200
    assert not first["ETag"].startswith("W/")
    assert "public" in first["Cache-Control"]
    assert "stale-while-revalidate" in first["Cache-Control"]
    assert by_tag.status_code == 304
    assert by_tag["ETag"] == first["ETag"]
    assert by_date.status_code == 304


def test_an_edit_changes_the_api_answer_and_its_etag(db, django_capture_on_commit_callbacks):
    product = ProductFactory(name="Old Name")
    client = Client()
    before = client.get("/api/v1/products/")

    with django_capture_on_commit_callbacks(execute=True):
        product.name = "New Name"
        product.save()
    after = client.get("/api/v1/products/", HTTP_IF_NONE_MATCH=before["ETag"])

    assert after.status_code == 200
    assert after.json()["results"][0]["name"] == "New Name"
    assert after["ETag"] != before["ETag"]


def test_a_category_rename_reaches_the_cached_category_list(db, django_capture_on_commit_callbacks):
    product = ProductFactory()
    client = Client()
    client.get("/api/v1/categories/")

    with django_capture_on_commit_callbacks(execute=True):
        product.category.name = "Renamed shelf"
        product.category.save()

    assert client.get("/api/v1/categories/").json()[0]["name"] == "Renamed shelf"


def test_guide_page_answers_304_to_its_etag_and_is_private_to_the_browser(guide):
    client = Client()
    first = client.get(guide)

    again = client.get(guide, HTTP_IF_NONE_MATCH=first["ETag"])

    assert first.status_code == 200
    assert "private" in first["Cache-Control"]
    assert again.status_code == 304


def test_a_page_that_posts_keeps_its_token_and_is_not_vouched_for_by_date(guide):
    first = Client().get(guide)

    by_date = Client().get(guide, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    other = Client().get(guide)

    assert TOKEN.search(first.content.decode())
    assert "csrftoken" in first.cookies
    assert by_date.status_code == 200
    assert TOKEN.search(by_date.content.decode())
    assert other["ETag"] != first["ETag"]


def test_two_sessions_never_see_each_others_token_or_cart(guide):
    alice, bob = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    alice_page = alice.get(guide).content.decode()
    alice_token = TOKEN.search(alice_page).group(1)
    added = alice.post(
        "/cart/add/", {"product": "loop-strap", "quantity": 2, "csrfmiddlewaretoken": alice_token, "next": guide}
    )
    alice.get(guide)  # shows and clears the "added" message

    alice_again = alice.get(guide).content.decode()
    bob_page = bob.get(guide).content.decode()

    assert added.status_code == 302
    assert CART.search(alice_again).group(1) == "2"
    assert CART.search(bob_page).group(1) == "0"
    bob_token = TOKEN.search(bob_page).group(1)
    assert bob_token != alice_token
    assert alice_token not in bob_page
    # Bob's page carries a token that works with Bob's own cookie.
    bob_added = bob.post(
        "/cart/add/", {"product": "loop-strap", "quantity": 1, "csrfmiddlewaretoken": bob_token, "next": guide}
    )
    assert bob_added.status_code == 302


def test_a_cart_change_changes_the_page_etag(guide):
    client = Client()
    empty = client.get(guide)
    client.post("/cart/add/", {"product": "loop-strap", "quantity": 1, "next": guide})
    client.get(guide)  # the "added" message

    after = client.get(guide, HTTP_IF_NONE_MATCH=empty["ETag"])

    assert after.status_code == 200
    assert CART.search(after.content.decode()).group(1) == "1"


def test_staff_views_are_neither_stored_nor_served_from_the_cache(guide, staff_client, rf):
    staff_page = staff_client.get(guide)

    assert "private" in staff_page["Cache-Control"]
    assert "ETag" not in staff_page
    assert list(_stored_pages(guide, rf)) == []
    Client().get(guide)
    assert len(_stored_pages(guide, rf)) == 1  # an anonymous view is stored under the same key


def test_a_staff_api_read_is_private(staff_client):
    ProductFactory()

    response = staff_client.get("/api/v1/products/")

    assert response.status_code == 200
    assert "private" in response["Cache-Control"]


def _stored_pages(path, rf):
    from django.core.cache import cache

    from recommendations.index.current import index_current

    key = read_cache_key(rf.get(path), "page", "recommendations/guide_detail.html", index_current().version)
    return [key] if cache.get(key) is not None else []
