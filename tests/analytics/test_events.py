"""Shopper signals: recorded cheaply, aggregated into statistics, popularity and related products."""

from datetime import timedelta

import pytest
from django.utils import timezone

from analytics.aggregation import signals_aggregate
from analytics.models import ConditionStats, ProductPair, ProductStats, ShopperEvent
from analytics.services import events_flush
from catalog.models import Product
from tests.factories import ProductFactory

pytestmark = pytest.mark.django_db


def product_id(slug):
    return Product.objects.get(slug=slug).pk


def test_product_views_clicks_and_impressions_are_recorded_from_pages(client, demo):
    events_flush()
    client.get("/guides/runners-knee/")
    client.get("/products/loop-stretch-strap/?ref=guide&c=runners-knee")

    events_flush()
    kinds = {(e.kind, e.source) for e in ShopperEvent.objects.all()}
    assert ("impression", "guide") in kinds
    assert ("click", "guide") in kinds
    assert ("view", "product_page") in kinds
    click = ShopperEvent.objects.get(kind="click")
    assert click.condition == "runners-knee"
    assert len(click.visitor) == 32
    assert client.cookies["limber_vid"].value == click.visitor


def test_apps_report_clicks_through_the_api(api_client, demo):
    events_flush()

    ok = api_client.post("/api/v1/events/", {"kind": "click", "product": "loop-stretch-strap"}, format="json")
    unknown = api_client.post("/api/v1/events/", {"kind": "click", "product": "no-such"}, format="json")
    bad_kind = api_client.post("/api/v1/events/", {"kind": "purchase", "product": "loop-stretch-strap"}, format="json")

    assert ok.status_code == 202
    assert unknown.status_code == 400
    assert "No product with slug" in unknown.json()["product"][0]
    assert bad_kind.status_code == 400
    events_flush()
    assert ShopperEvent.objects.get().kind == "click"


def record(kind, slug, visitor="", condition="", days_ago=0):
    ShopperEvent.objects.create(
        kind=kind,
        product_id=product_id(slug),
        visitor=visitor,
        condition=condition,
        created_at=timezone.now() - timedelta(days=days_ago),
    )


def test_aggregation_counts_click_through_popularity_and_viewed_together(demo):
    for _ in range(4):
        record("impression", "loop-stretch-strap", condition="runners-knee")
    record("click", "loop-stretch-strap", visitor="a" * 32, condition="runners-knee")
    for visitor in ("a" * 32, "b" * 32):
        record("view", "loop-stretch-strap", visitor=visitor)
        record("view", "textured-foam-roller", visitor=visitor)
    record("view", "calf-rocker-stretcher", visitor="b" * 32)
    record("view", "reusable-cold-pack", visitor="c" * 32, days_ago=45)  # outside the window

    signals_aggregate()

    strap = ProductStats.objects.get(product__slug="loop-stretch-strap")
    assert (strap.impressions, strap.clicks, strap.views) == (4, 1, 2)
    assert strap.click_through == 0.25
    assert strap.popularity == 1.0
    assert 0 < ProductStats.objects.get(product__slug="textured-foam-roller").popularity < 1
    assert not ProductStats.objects.filter(product__slug="reusable-cold-pack").exists()
    pair = ProductPair.objects.get(product__slug="loop-stretch-strap", other__slug="textured-foam-roller")
    assert pair.visitors == 2
    knee = ConditionStats.objects.get(condition__slug="runners-knee")
    assert (knee.impressions, knee.clicks) == (4, 1)


def test_related_products_mix_viewed_together_with_shared_conditions(api_client, demo, rebuild_index):
    for visitor in ("a" * 32, "b" * 32):
        record("view", "loop-stretch-strap", visitor=visitor)
        record("view", "knee-cold-wrap", visitor=visitor)
    signals_aggregate()
    rebuild_index()

    body = api_client.get("/api/v1/products/loop-stretch-strap/related/").json()

    assert body[0]["slug"] == "knee-cold-wrap"
    assert "Often viewed together with this product." in body[0]["reasons"]
    assert any(any(r.startswith("Also helps with") for r in item["reasons"]) for item in body)


def test_a_new_product_with_no_views_still_gets_related_products(api_client, demo, rebuild_index):
    from guides.models import ProductApproach, ProductBodyArea, TreatmentApproach

    new = ProductFactory(slug="new-strap", category=Product.objects.get(slug="loop-stretch-strap").category)
    ProductApproach.objects.create(product=new, approach=TreatmentApproach.objects.get(slug="stretching"), strength=1)
    ProductBodyArea.objects.create(
        product=new, body_area_id=Product.objects.get(slug="loop-stretch-strap").body_area_links.first().body_area_id
    )
    rebuild_index()

    body = api_client.get("/api/v1/products/new-strap/related/").json()
    page = api_client.get("/products/new-strap/")

    assert body
    assert all(item["slug"] != "new-strap" for item in body)
    assert "Goes well with this" in page.content.decode()


def test_popularity_reaches_the_index_as_a_small_prior(demo, rebuild_index):
    from recommendations.index.current import index_current

    for _ in range(5):
        record("view", "long-resistance-bands", visitor="d" * 32)
    signals_aggregate()
    rebuild_index()

    assert index_current().products["long-resistance-bands"].popularity == 1.0


def test_staff_see_click_through_in_admin(staff_client, demo):
    record("impression", "loop-stretch-strap", condition="runners-knee")
    record("impression", "loop-stretch-strap", condition="runners-knee")
    record("click", "loop-stretch-strap", condition="runners-knee")
    signals_aggregate()

    products = staff_client.get("/admin/analytics/productstats/")
    conditions = staff_client.get("/admin/analytics/conditionstats/")

    assert "50.0%" in products.text
    assert "Runner&#x27;s knee" in conditions.text
    assert "50.0%" in conditions.text
