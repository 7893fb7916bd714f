"""An edit made while Redis is away outlives the outage and the process that made it."""

import time

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from catalog.services import product_update
from shop.breaker import redis_breaker
from shop.cache import cache_forget_local
from shop.content import VERSION_KEY, content_version, content_version_forget
from shop.models import ContentState
from tests.factories import ProductFactory
from tests.workers import wait_for

pytestmark = [pytest.mark.integration, pytest.mark.redis]


@pytest.fixture
def shared_cache(private_redis, settings):
    """Point the cache at a Redis of the test's own, with production's timeouts and a short breaker."""
    settings.CACHES = {
        "default": settings.CACHES["default"]
        | {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": private_redis.url(0),
            "OPTIONS": {
                "CLIENT_CLASS": "django_redis.client.DefaultClient",
                "REDIS_CLIENT_CLASS": "shop.breaker.BreakerRedis",
                "SOCKET_CONNECT_TIMEOUT": 0.25,
                "SOCKET_TIMEOUT": 0.25,
                "IGNORE_EXCEPTIONS": True,
            },
        }
    }
    settings.LIMBER_CONTENT_CHECK_SECONDS = 1.0
    settings.LIMBER_REDIS_BREAKER_SECONDS = 0.5
    content_version_forget()
    yield private_redis
    content_version_forget()


def process_reload() -> None:
    """Forget everything this process held in memory, as a deploy's reload does."""
    content_version_forget()
    cache_forget_local()
    redis_breaker.reset()


def product_name(client: APIClient, slug: str) -> str:
    response = client.get(f"/api/v1/products/{slug}/")
    assert response.status_code == 200
    return response.json()["name"]


def test_an_edit_during_a_redis_outage_shows_within_2_s_of_its_return_after_a_reload(
    shared_cache, db, django_capture_on_commit_callbacks
):
    product = ProductFactory(name="Foam roller")
    shopper = APIClient()
    assert product_name(shopper, product.slug) == "Foam roller"  # cached in Redis under the current version

    shared_cache.stop()
    with django_capture_on_commit_callbacks(execute=True):
        product_update(product=product, data={"name": "Grid foam roller"})
    assert product_name(shopper, product.slug) == "Grid foam roller", "the editing process shows its edit"
    process_reload()  # the process that made the edit is gone; a new one starts while Redis is away

    shared_cache.start()  # Redis returns with its append-only file: the old version and the old entry
    returned = time.monotonic()
    wait_for(lambda: product_name(shopper, product.slug) == "Grid foam roller", timeout=10, interval=0.1)
    assert time.monotonic() - returned <= 2.0, "the edit must show within 2 s of Redis returning"
    assert cache.get(VERSION_KEY)[2] == ContentState.objects.get().generation, "Redis now carries the edit"


def test_a_process_that_never_saw_the_edit_applies_it_when_redis_returns(shared_cache, db):
    before = content_version()
    shared_cache.stop()
    ContentState.objects.update_or_create(pk=1, defaults={"generation": before.generation + 1})
    process_reload()
    shared_cache.start()
    redis_breaker.reset()

    after = content_version()

    assert after.token != before.token
    assert cache.get(VERSION_KEY)[0] == after.token, "other processes learn of the edit from Redis"
