"""Shopper records are durable before the response leaves, and the flush stores each of them once."""

import asyncio
import logging
from concurrent.futures import ThreadPoolExecutor

import pytest
import redis
from django.db import DatabaseError
from django.test import override_settings

from analytics import recording, storing
from analytics.models import Assessment, ShopperEvent
from analytics.services import events_flush, events_record
from analytics.storing import STREAM_GROUP, STREAM_KEY, redis_connection
from catalog.models import Product
from shop.breaker import redis_breaker

pytestmark = pytest.mark.django_db

EMBEDDED = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "recording"}}
KNEE = {"where-does-it-hurt": "knee", "knee-where-exactly": "front", "knee-worse-with": ["stairs"]}


def strap_id():
    return Product.objects.get(slug="loop-stretch-strap").pk


def report_click(api_client, visitor="visitor01"):
    return api_client.post(
        "/api/v1/events/", {"kind": "click", "product": "loop-stretch-strap", "visitor": visitor}, format="json"
    )


def waiting() -> int:
    """Entries in the stream not yet stored."""
    return redis_connection().xlen(STREAM_KEY)


def test_without_redis_an_event_is_stored_before_the_response(api_client, demo):
    with override_settings(CACHES=EMBEDDED):
        response = report_click(api_client)

        assert response.status_code == 202
        event = ShopperEvent.objects.get()
        assert (event.kind, event.source, event.visitor) == ("click", "api", "visitor01")
        assert events_flush() == 0  # nothing waits anywhere


def test_without_redis_a_symptom_check_is_stored_before_the_response(api_client, demo):
    with override_settings(CACHES=EMBEDDED):
        body = api_client.post("/api/v1/recommendations/", {"answers": KNEE}, format="json").json()

        assert Assessment.objects.get().products == [item["slug"] for item in body["products"]]
        assert ShopperEvent.objects.filter(kind="impression").count() == len(body["products"])


def test_a_record_that_cannot_be_stored_anywhere_is_logged_and_the_shopper_still_gets_an_answer(
    api_client, demo, monkeypatch, caplog
):
    def database_down(**kwargs):
        raise DatabaseError("the database is away")

    monkeypatch.setattr(storing, "events_store", database_down)
    with override_settings(CACHES=EMBEDDED):
        response = report_click(api_client)

    assert response.status_code == 202
    assert "Could not store 1 shopper records; they are lost." in caplog.text


@pytest.mark.integration
@pytest.mark.redis
def test_with_redis_recording_costs_no_query_and_the_flush_stores_it(demo, django_assert_num_queries):
    strap = strap_id()

    with django_assert_num_queries(0):
        events_record(kind="impression", product_ids=[strap], source="api")

    assert waiting() == 1
    assert not ShopperEvent.objects.exists()
    assert events_flush() == 1
    assert ShopperEvent.objects.get().kind == "impression"
    assert waiting() == 0, "stored entries are deleted from the stream"


@pytest.mark.integration
@pytest.mark.redis
def test_with_redis_a_symptom_check_request_is_one_stream_entry(api_client, demo):
    body = api_client.post("/api/v1/recommendations/", {"answers": KNEE}, format="json").json()

    assert waiting() == 1  # the assessment and every impression, in one round trip
    events_flush()
    assert Assessment.objects.get().products == [item["slug"] for item in body["products"]]
    assert ShopperEvent.objects.filter(kind="impression").count() == len(body["products"])


@pytest.mark.integration
@pytest.mark.redis
def test_flushing_twice_stores_each_record_once(api_client, demo):
    for visitor in ("visitor01", "visitor02", "visitor03"):
        assert report_click(api_client, visitor).status_code == 202

    assert events_flush() == 3
    assert events_flush() == 0
    assert sorted(ShopperEvent.objects.values_list("visitor", flat=True)) == ["visitor01", "visitor02", "visitor03"]


@pytest.mark.integration
@pytest.mark.redis
def test_a_flush_that_dies_before_acknowledging_stores_nothing_twice(api_client, demo, monkeypatch):
    for visitor in ("visitor01", "visitor02"):
        report_click(api_client, visitor)
    api_client.post("/api/v1/recommendations/", {"answers": KNEE}, format="json")
    real_ack = storing.entries_ack

    def killed(client, ids):
        raise SystemExit("killed after storing, before acknowledging")

    monkeypatch.setattr(storing, "entries_ack", killed)
    monkeypatch.setattr(storing, "consumer_name", lambda: "web-1")
    with pytest.raises(SystemExit):
        events_flush()
    stored = (ShopperEvent.objects.count(), Assessment.objects.count())
    assert stored[0] >= 2
    assert stored[1] == 1

    monkeypatch.setattr(storing, "entries_ack", real_ack)
    monkeypatch.setattr(storing, "consumer_name", lambda: "worker-2")
    events_flush(claim_idle_seconds=0)

    assert (ShopperEvent.objects.count(), Assessment.objects.count()) == stored
    assert waiting() == 0
    assert redis_connection().xpending(STREAM_KEY, STREAM_GROUP)["pending"] == 0


@pytest.mark.integration
@pytest.mark.redis
def test_records_a_flush_read_before_its_process_died_are_claimed_once_idle(demo, monkeypatch):
    events_record(kind="view", product_ids=[strap_id()], source="product_page")
    storing.group_ensure(redis_connection())
    read = redis_connection().xreadgroup(STREAM_GROUP, "died-1", {STREAM_KEY: ">"}, count=10)
    assert len(read[0][1]) == 1  # read by a flush that then died

    assert events_flush() == 0  # not idle long enough: its flush might still be running
    assert not ShopperEvent.objects.exists()
    assert events_flush(claim_idle_seconds=0) == 1
    assert ShopperEvent.objects.get().kind == "view"
    assert waiting() == 0


@pytest.mark.integration
@pytest.mark.redis
def test_with_redis_away_records_go_straight_to_the_database_and_the_outage_is_logged_once(api_client, demo, caplog):
    caplog.set_level(logging.WARNING)
    redis_breaker.failed(redis.ConnectionError("Redis is away"))  # open: every call fails at once

    answers = [report_click(api_client, f"visitor0{n}").status_code for n in range(3)]
    check = api_client.post("/api/v1/recommendations/", {"answers": KNEE}, format="json")

    assert answers == [202, 202, 202]
    assert check.status_code == 200
    assert ShopperEvent.objects.filter(kind="click").count() == 3
    assert Assessment.objects.count() == 1
    direct = [r for r in caplog.records if "shopper events go straight to the database" in r.getMessage()]
    assert len(direct) == 1
    redis_breaker.reset()
    assert waiting() == 0
    assert events_flush() == 0


@pytest.mark.integration
@pytest.mark.redis
def test_a_stream_write_that_timed_out_after_redis_took_it_is_stored_once(demo, monkeypatch):
    connection = redis_connection()

    class TimesOutAfterWriting:
        def xadd(self, *args, **kwargs):
            connection.xadd(*args, **kwargs)
            raise redis.TimeoutError("the answer was lost")

    monkeypatch.setattr(recording, "redis_connection", TimesOutAfterWriting)
    events_record(kind="impression", product_ids=[strap_id()], source="guide")
    assert ShopperEvent.objects.count() == 1  # stored in the database, as Redis seemed away
    assert waiting() == 1  # and it is in the stream too

    events_flush()

    assert ShopperEvent.objects.count() == 1
    assert waiting() == 0


@pytest.mark.integration
@pytest.mark.redis
def test_a_record_the_database_refuses_is_skipped_and_the_others_are_stored(demo, caplog):
    strap = strap_id()
    events_record(kind="view", product_ids=[strap], source="product_page", visitor="before00")
    broken = {"uid": "5d1c1a43-5b0e-4c84-9f7b-1f0a8c1c2f11", "created_at": "2026-11-25T10:00:00+00:00"}
    recording.records_write(
        [("a", broken | {"source": "api", "answers": {}, "index_version": "v", "triage_level": None})]
    )
    events_record(kind="view", product_ids=[strap], source="product_page", visitor="after000")

    events_flush()

    assert sorted(ShopperEvent.objects.values_list("visitor", flat=True)) == ["after000", "before00"]
    assert not Assessment.objects.exists()
    assert "the database refused it" in caplog.text
    assert waiting() == 0


@pytest.mark.integration
@pytest.mark.redis
def test_an_async_request_writes_its_records_in_one_entry_too(demo):
    strap = strap_id()

    async def view(request):
        events_record(kind="impression", product_ids=[strap, strap], source="api")
        events_record(kind="click", product_ids=[strap], source="api")
        return "answered"

    # A loop of its own in a thread of its own: an earlier browser test may leave one running in this thread.
    with ThreadPoolExecutor(max_workers=1) as pool:
        answered = pool.submit(asyncio.run, recording.RecordsPerRequestMiddleware(view)("request")).result()
    assert answered == "answered"
    assert waiting() == 1
    assert events_flush() == 3


@pytest.mark.postgres
def test_a_request_writing_its_own_records_skips_the_disk_wait_but_never_for_a_callers_transaction(
    transactional_db, demo
):
    """Redis away: a shopper's records commit without waiting for the disk, in their own transaction only."""
    from django.db import connection, transaction

    product = Product.objects.first()
    row = {"k": "impression", "p": product.pk, "c": "", "s": "api", "v": "abc", "t": 1.0}

    def commit_mode() -> str:
        with connection.cursor() as cursor:
            cursor.execute("SHOW synchronous_commit")
            return cursor.fetchone()[0]

    with transaction.atomic():
        storing.records_store(batches=[("outer", [(storing.EVENT, row)])], wait_for_disk=False)
        assert commit_mode() == "on", "an order's transaction must still wait for the disk"
    storing.records_store(batches=[("own", [(storing.EVENT, row)])], wait_for_disk=False)
    assert commit_mode() == "on", "the setting lasts only for the records' own transaction"
    assert ShopperEvent.objects.filter(key__in=["outer-0", "own-0"]).count() == 2
