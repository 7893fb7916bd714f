"""No out-of-stock product is ever recommended: API, guides, symptom check, related, at any limit."""

import re

import pytest

from catalog.models import Product
from catalog.services import product_stock_set
from guides.models import Article
from tests.recommendations.test_api import RUNNERS_KNEE, post

pytestmark = pytest.mark.django_db

LIMITS = [1, 6, 12, 50]


def recommended(api_client, limit: int) -> list[str]:
    response = post(api_client, {"answers": RUNNERS_KNEE, "limit": limit})
    assert response.status_code == 200
    products = response.json()["products"]
    assert all(item["in_stock"] for item in products)
    return [item["slug"] for item in products]


def out_of_stock(slugs) -> set[str]:
    return set(Product.objects.filter(slug__in=slugs, stock_quantity=0).values_list("slug", flat=True))


@pytest.mark.parametrize("limit", LIMITS)
def test_the_symptom_check_api_never_lists_an_out_of_stock_product(api_client, demo, limit):
    shown = recommended(api_client, limit)
    assert shown
    assert not out_of_stock(shown), "products the index knows to be sold out must not fill a long list"


@pytest.mark.parametrize("limit", LIMITS)
def test_a_product_that_sells_out_leaves_the_api_before_the_index_catches_up(api_client, demo, limit):
    before = recommended(api_client, limit)
    sold = Product.objects.get(slug=before[0])
    product_stock_set(product=sold, quantity=0)  # in the test's transaction: the index is not rebuilt

    after = recommended(api_client, limit)

    assert sold.slug not in after
    assert not out_of_stock(after)
    assert len(after) >= min(len(before) - 1, limit - 1), "another in-stock product takes its place"


def test_a_remembered_answer_is_not_sent_once_a_product_in_it_sells_out(api_client, demo):
    first = recommended(api_client, 6)
    assert recommended(api_client, 6) == first  # now answered from this process's memory
    product_stock_set(product=Product.objects.get(slug=first[-1]), quantity=0)
    assert first[-1] not in recommended(api_client, 6)


def guide_slugs() -> list[str]:
    return list(Article.objects.filter(is_published=True).values_list("slug", flat=True))


def test_no_guide_recommends_an_out_of_stock_product(api_client, demo):
    checked = 0
    for slug in guide_slugs():
        response = api_client.get(f"/api/v1/articles/{slug}/recommendations/?limit=20")
        assert response.status_code == 200
        shown = [item["slug"] for items in response.json()["phases"].values() for item in items]
        assert not out_of_stock(shown), slug
        checked += len(shown)
    assert checked


def test_a_guide_page_drops_a_product_that_sold_out_since_it_was_cached(client, api_client, demo):
    slug = guide_slugs()[0]
    cards = api_client.get(f"/api/v1/articles/{slug}/recommendations/").json()["phases"]
    first = next(item["slug"] for items in cards.values() for item in items)
    assert f"/products/{first}/" in client.get(f"/guides/{slug}/").content.decode()

    product_stock_set(product=Product.objects.get(slug=first), quantity=0)

    page = client.get(f"/guides/{slug}/").content.decode()
    assert f"/products/{first}/?ref=guide" not in page
    assert 'class="badge out"' not in page
    listed = api_client.get(f"/api/v1/articles/{slug}/recommendations/").json()["phases"]
    assert first not in [item["slug"] for items in listed.values() for item in items]


def test_the_symptom_check_results_page_never_shows_an_out_of_stock_product(client, demo):
    query = "&".join(
        f"q-{question}={option}"
        for question, value in RUNNERS_KNEE.items()
        for option in (value if isinstance(value, list) else [value])
    )
    page = client.get(f"/symptom-check/results/?{query}").content.decode()
    shown = set(re.findall(r'href="/products/([-\w]+)/\?ref=symptom_check', page))
    assert shown
    product_stock_set(product=Product.objects.get(slug=sorted(shown)[0]), quantity=0)

    page = client.get(f"/symptom-check/results/?{query}").content.decode()
    now = set(re.findall(r'href="/products/([-\w]+)/\?ref=symptom_check', page))
    assert now
    assert not out_of_stock(now)
    assert 'class="badge out"' not in page


def test_related_products_never_list_an_out_of_stock_product(api_client, demo):
    listed = 0
    for slug in Product.objects.available().values_list("slug", flat=True):
        response = api_client.get(f"/api/v1/products/{slug}/related/?limit=20")
        assert response.status_code == 200
        shown = [item["slug"] for item in response.json()]
        assert not out_of_stock(shown), slug
        listed += len(shown)
    assert listed
