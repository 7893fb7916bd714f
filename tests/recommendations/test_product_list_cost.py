"""The product list API's cost without its page cache: constant queries, one count per version and filter."""

import pytest

from shop.content import content_version
from tests.factories import ProductFactory, ProductImageFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("rows", [1, 50])
def test_other_pages_of_a_list_reuse_its_count(api_client, django_assert_num_queries, rows):
    for product in ProductFactory.create_batch(rows):
        ProductImageFactory(product=product)
    api_client.get("/api/v1/products/", {"page_size": 1})

    with django_assert_num_queries(2):  # page of products, their images; the count is remembered
        response = api_client.get("/api/v1/products/", {"page_size": 1, "page": rows})

    assert response.json()["count"] == rows


def test_a_filtered_list_counts_its_own_rows(api_client):
    ProductFactory(stock_quantity=0)
    ProductFactory(stock_quantity=3)
    api_client.get("/api/v1/products/")

    response = api_client.get("/api/v1/products/", {"in_stock": "true"})

    assert response.json()["count"] == 1


def test_the_list_loads_only_the_columns_it_shows(api_client, django_assert_num_queries):
    ProductFactory(description="A long description nobody lists. " * 50)

    content_version()  # the process holds the content version, as it does after its first request
    with django_assert_num_queries(3) as captured:
        api_client.get("/api/v1/products/")

    page_query = next(
        q["sql"] for q in captured.captured_queries if 'FROM "catalog_product"' in q["sql"] and "LIMIT" in q["sql"]
    )
    assert '"catalog_product"."description"' not in page_query
