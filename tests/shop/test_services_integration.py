"""The real services production runs on: PostgreSQL and Redis."""

import os
from decimal import Decimal

import pytest
import redis
from django.core.cache import cache
from django.db import IntegrityError, connection, transaction

from catalog.models import Product
from shop.celery import app as celery_app
from tests.factories import ProductFactory

pytestmark = pytest.mark.integration


@pytest.mark.postgres
@pytest.mark.django_db
def test_postgresql_enforces_the_catalogue_constraints():
    product = ProductFactory(price=Decimal("5.00"))

    with pytest.raises(IntegrityError, match="product_price_not_negative"), transaction.atomic():
        Product.objects.filter(pk=product.pk).update(price=Decimal("-1"))

    assert connection.vendor == "postgresql"


@pytest.mark.postgres
@pytest.mark.django_db
def test_postgresql_search_is_case_insensitive(api_client):
    ProductFactory(slug="grid-roller", name="Grid ROLLER")

    response = api_client.get("/api/v1/products/", {"search": "roller"})

    assert [row["slug"] for row in response.json()["results"]] == ["grid-roller"]


@pytest.mark.redis
def test_the_cache_is_redis_and_values_survive_a_round_trip():
    cache.set("limber:probe", {"ok": True}, 30)

    client = redis.Redis.from_url(os.environ["REDIS_URL"])
    assert cache.get("limber:probe") == {"ok": True}
    assert any(b"limber:probe" in key for key in client.keys("*limber:probe*"))


@pytest.mark.redis
@pytest.mark.django_db
def test_api_throttle_counts_requests_in_redis(api_client):
    api_client.get("/api/v1/categories/")

    client = redis.Redis.from_url(os.environ["REDIS_URL"])
    assert client.keys("throttle:anon:*")


@pytest.mark.redis
def test_celery_broker_is_redis_and_reachable():
    with celery_app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1)
        assert conn.transport_cls == "redis"
