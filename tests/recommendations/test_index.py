"""The compiled index: rebuilt after commit, published by version, read cheaply, resilient to Redis outages."""

import logging

import pytest
from django.db import transaction
from django.test import override_settings
from django.urls import reverse

from analytics.models import Assessment
from analytics.services import events_flush
from catalog import services as catalog_services
from catalog.models import Product
from guides.models import ConditionTreatment
from recommendations.index import store
from recommendations.index.build import index_build, index_rebuild
from recommendations.index.current import index_current
from recommendations.index.store import IndexBusy, built_generation, requested_generation
from recommendations.models import IndexSnapshot, IndexState
from recommendations.tasks import index_reconcile_task
from shop.models import EnqueueFailure
from tests.catalog.test_admin import CSV_HEADER
from tests.helpers import inline_management_forms, records_queries

pytestmark = pytest.mark.django_db

CLOSED_PORT = "redis://127.0.0.1:6390/0"  # nothing listens here: Redis is "down"


def long_term_slugs(slug="runners-knee"):
    return [item.slug for item in index_current().rankings[slug].phases["long_term"]]


def test_every_change_bumps_the_requested_generation_in_the_same_transaction(demo):
    before = requested_generation()

    def save_then_fail():
        with transaction.atomic():
            Product.objects.get(slug="loop-stretch-strap").save()
            raise RuntimeError("roll back")

    with pytest.raises(RuntimeError):
        save_then_fail()
    unchanged = requested_generation()
    catalog_services.product_stock_set(product=Product.objects.get(slug="loop-stretch-strap"), quantity=3)

    assert unchanged == before
    assert requested_generation() == before + 1


def test_an_admin_edit_changes_what_shoppers_see_immediately_on_the_embedded_default(
    staff_client, demo, django_capture_on_commit_callbacks, post_and_run
):
    treatment = ConditionTreatment.objects.get(
        condition__slug="runners-knee", approach__slug="strengthening", phase="long_term"
    )
    url = f"/admin/guides/condition/{treatment.condition_id}/change/"
    assert long_term_slugs()[1] == "mini-band-set"  # the best-fitting strengthening tool
    page = staff_client.get(url)
    form = {**inline_management_forms(page.text)}
    form |= {
        key: value
        for key, value in page.context["adminform"].form.initial.items()
        if key in ("name", "slug", "summary", "prior")
    }
    form |= {"body_areas": [area.pk for area in treatment.condition.body_areas.all()], "is_published": "on"}
    for inline in page.context["inline_admin_formsets"]:
        for index, inline_form in enumerate(inline.formset.forms):
            for name, field in inline_form.fields.items():
                value = inline_form.initial.get(name, field.initial)
                if value is not None:
                    form[f"{inline.formset.prefix}-{index}-{name}"] = getattr(value, "pk", value)
            if inline_form.instance == treatment:
                form[f"{inline.formset.prefix}-{index}-weight"] = "0.05"

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(url, form)

    assert response.status_code == 302
    assert long_term_slugs()[1] == "mini-band-set"  # saved as a draft: shoppers see no change yet
    post_and_run(staff_client, reverse("admin:guides_draftchange_publish"), {"note": "Less strengthening"})
    assert "mini-band-set" not in long_term_slugs()[:2]  # published: the next request shows it


def test_csv_import_triggers_a_rebuild(staff_client, demo, admin_import):
    row = "LB-STR-001,loop-stretch-strap,Loop Stretch Strap,stretching-straps,limber-basics,,,24.99,USD,0,1,1\n"
    before = built_generation()

    admin_import(staff_client, "/admin/catalog/product/", CSV_HEADER + row).confirm()

    assert built_generation() > before
    strap = index_current().products["loop-stretch-strap"]
    assert strap.in_stock is False


def test_rebuild_is_skipped_when_fresh_and_refused_while_another_runs(demo):
    assert index_rebuild() is None  # the demo fixture built it already

    assert store._build_lock.acquire(blocking=False)
    try:
        if store.connection.vendor != "postgresql":
            with pytest.raises(IndexBusy):
                index_rebuild(force=True)
    finally:
        store._build_lock.release()


def test_a_scheduled_rebuild_that_meets_a_running_one_logs_one_line_and_no_error(demo, caplog, monkeypatch):
    def busy(**kwargs):
        raise IndexBusy("another thread is rebuilding the index")

    monkeypatch.setattr("recommendations.tasks.index_rebuild", busy)
    IndexState.objects.filter(pk=1).update(requested_generation=built_generation() + 1)
    caplog.set_level(logging.INFO)

    index_reconcile_task.apply(throw=True)  # as the in-process schedule of `make run` runs it

    assert not [record for record in caplog.records if record.levelno >= logging.WARNING or record.exc_info]
    [busy_line] = [record.getMessage() for record in caplog.records if "another rebuild is running" in record.message]
    assert "the reconcile catches up" in busy_line


def test_a_process_notices_a_newer_version_with_one_cheap_read(demo, django_assert_num_queries):
    held = index_current()
    with django_assert_num_queries(0 if store.cache_is_shared() else 1):
        assert index_current() is held  # unchanged: one version read, no payload

    # Another process publishes a new version: only its snapshot row and cache keys change.
    newer, _ = index_build()
    IndexSnapshot.objects.create(
        version=newer.version, format=store.FORMAT, generation=99, payload=store.index_encode(newer)
    )
    if store.cache_is_shared():
        store.cache.set(store.VERSION_KEY, newer.version)

    assert index_current().version == newer.version


def test_a_request_never_scans_the_catalogue(api_client, demo, django_assert_max_num_queries):
    index_current()

    # At most the version check and storing the symptom-check record, however large the catalogue
    with django_assert_max_num_queries(1 + records_queries(assessment=True)):
        api_client.post("/api/v1/recommendations/", {"answers": {"where-does-it-hurt": "knee"}}, format="json")


def test_with_redis_down_recommendations_and_pages_keep_answering_and_log_once(api_client, client, demo, caplog):
    redis_down = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": CLOSED_PORT,
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.2, "SOCKET_TIMEOUT": 0.2, "IGNORE_EXCEPTIONS": True},
        }
    }
    caplog.set_level(logging.WARNING)
    with override_settings(CACHES=redis_down, DJANGO_REDIS_IGNORE_EXCEPTIONS=True):
        from django.core.cache import caches

        caches._settings = None  # let the override take effect
        for _ in range(3):
            api = api_client.post(
                "/api/v1/recommendations/", {"answers": {"where-does-it-hurt": "knee"}}, format="json"
            )
            assert api.status_code == 200
        assert client.get("/guides/runners-knee/").status_code == 200
        assert client.get("/products/loop-stretch-strap/").status_code == 200
        events_flush()  # nothing waits in Redis: each request stored its records itself
    direct = [r for r in caplog.records if "shopper events go straight to the database" in r.getMessage()]
    assert len(direct) == 1
    assert Assessment.objects.filter(source="api").count() == 3


def test_with_the_broker_down_staff_edits_succeed_fast_are_logged_and_counted_and_the_rebuild_waits(
    demo, caplog, django_capture_on_commit_callbacks
):
    import time

    from shop.celery import app

    previous = (app.conf.task_always_eager, app.conf.broker_url)
    app.conf.task_always_eager = False
    app.conf.broker_url = CLOSED_PORT
    app._after_fork()  # drop pooled broker connections so the new URL is used
    caplog.set_level(logging.WARNING)
    try:
        started = time.monotonic()
        with django_capture_on_commit_callbacks(execute=True):
            catalog_services.product_stock_set(product=Product.objects.get(slug="loop-stretch-strap"), quantity=0)
        with django_capture_on_commit_callbacks(execute=True):
            catalog_services.product_stock_set(product=Product.objects.get(slug="calf-rocker-stretcher"), quantity=0)
        elapsed = time.monotonic() - started
    finally:
        app.conf.task_always_eager, app.conf.broker_url = previous
        app._after_fork()

    assert elapsed < 1.5  # enqueueing gives up at once instead of hanging the edit
    assert built_generation() < requested_generation()  # the rebuild is owed, not lost
    # Each edit that could not be queued says so (the second without trying: the circuit is open), and is counted.
    assert len([r for r in caplog.records if "Could not enqueue an index rebuild" in r.getMessage()]) == 2
    assert EnqueueFailure.objects.get(kind="recommendations.tasks.index_rebuild_task").count == 2

    from recommendations.tasks import index_reconcile_task

    index_reconcile_task.delay()  # what beat or a restarted worker does once the broker is back
    assert built_generation() == requested_generation()
    assert (
        index_current().products.get("loop-stretch-strap") is None
        or not index_current().products["loop-stretch-strap"].in_stock
    )


def test_rebuild_command_and_admin_action(staff_client, demo, capsys):
    from django.core.management import call_command

    builds = IndexState.objects.get().build_count
    call_command("rebuild_index")
    staff_client.post(
        "/admin/recommendations/indexsnapshot/",
        {"action": "rebuild_now", "_selected_action": [IndexSnapshot.objects.first().pk]},
    )

    assert "Index " in capsys.readouterr().out
    assert IndexState.objects.get().build_count == builds + 2
