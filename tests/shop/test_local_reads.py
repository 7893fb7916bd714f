"""Reads a process served lately come from its own memory: the same answer, within a bounded size."""

from dataclasses import dataclass

import pytest
from django.core.cache import cache
from django.test import Client

from shop import cache as shop_cache
from shop.cache import cache_read, cache_write
from tests.factories import ProductFactory


@dataclass
class Read:
    body: bytes


def test_a_repeated_read_is_answered_without_asking_the_shared_cache(db, monkeypatch):
    ProductFactory(name="Loop Strap")
    client = Client()
    first = client.get("/api/v1/products/")
    asked: list[str] = []
    shared_get = cache.get

    def get(key, *args, **kwargs):
        asked.append(key)
        return shared_get(key, *args, **kwargs)

    monkeypatch.setattr(cache, "get", get)

    again = client.get("/api/v1/products/")

    assert again.status_code == 200
    assert again.content == first.content
    assert again["ETag"] == first["ETag"]
    assert not [key for key in asked if key.startswith("read:")]


def test_an_edit_is_served_at_once_though_the_old_answer_is_held_locally(db, django_capture_on_commit_callbacks):
    product = ProductFactory(name="Old Name")
    client = Client()
    assert b"Old Name" in client.get("/api/v1/products/").content

    with django_capture_on_commit_callbacks(execute=True):
        product.name = "New Name"
        product.save()

    assert b"New Name" in client.get("/api/v1/products/").content


def test_local_reads_stay_within_their_byte_budget_and_keep_the_latest(settings, monkeypatch):
    budget = 64 * 1024
    monkeypatch.setattr(shop_cache, "_reads", shop_cache.LRUCache(maxsize=budget, getsizeof=shop_cache._size))
    for number in range(200):
        cache_write(f"read:test:{number}", Read(b"x" * 4096), timeout=60)

    assert shop_cache._reads.currsize <= budget
    assert "read:test:199" in shop_cache._reads
    assert "read:test:0" not in shop_cache._reads
    assert cache_read("read:test:0") == Read(b"x" * 4096)  # still in the shared cache


@pytest.mark.parametrize("size", [64 * 1024 // 8 + 1, 1024 * 1024])
def test_a_read_larger_than_an_eighth_of_the_budget_is_not_held_locally(settings, monkeypatch, size):
    monkeypatch.setattr(shop_cache, "_reads", shop_cache.LRUCache(maxsize=64 * 1024, getsizeof=shop_cache._size))
    cache_write("read:test:small", Read(b"s"), timeout=60)
    cache_write("read:test:large", Read(b"x" * size), timeout=60)

    assert "read:test:small" in shop_cache._reads
    assert "read:test:large" not in shop_cache._reads
    assert cache_read("read:test:large") == Read(b"x" * size)
