"""Stock moves racing product edits on PostgreSQL lose no unit."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection
from rest_framework.test import APIClient

from catalog.models import Product
from tests.factories import ProductFactory

pytestmark = [pytest.mark.integration, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

START = 100
SALES = 50
EDITS = 20


def test_concurrent_stock_moves_and_name_edits_lose_no_update(admin_user):
    ProductFactory(slug="roller", name="Roller", stock_quantity=START)

    def call(job: int) -> int:
        client = APIClient()
        client.force_authenticate(admin_user)
        try:
            if job < SALES:
                return client.post("/api/v1/products/roller/stock/", {"adjust": -1}, format="json").status_code
            return client.patch("/api/v1/products/roller/", {"name": f"Roller {job}"}, format="json").status_code
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=12) as pool:
        codes = list(pool.map(call, range(SALES + EDITS)))

    assert codes == [200] * (SALES + EDITS)
    assert Product.objects.get(slug="roller").stock_quantity == START - SALES


def test_concurrent_sales_never_take_stock_below_zero(admin_user):
    ProductFactory(slug="roller", stock_quantity=10)

    def sell(_: int) -> int:
        client = APIClient()
        client.force_authenticate(admin_user)
        try:
            return client.post("/api/v1/products/roller/stock/", {"adjust": -1}, format="json").status_code
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=12) as pool:
        codes = list(pool.map(sell, range(25)))

    assert sorted(codes) == [200] * 10 + [400] * 15
    assert Product.objects.get(slug="roller").stock_quantity == 0
