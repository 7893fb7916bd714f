import re

import pytest

from catalog.models import Product
from guides.models import ConditionTreatment, CuratedProduct, Phase
from shop.cache import cache_is_shared
from tests.factories import (
    ApproachFactory,
    ArticleFactory,
    BodyAreaFactory,
    ConditionFactory,
    ConditionTreatmentFactory,
    CuratedProductFactory,
    ProductApproachFactory,
    ProductFactory,
)
from tests.helpers import records_queries

pytestmark = pytest.mark.django_db


def section(html: str, heading_id: str) -> str:
    """Return the HTML of the <section> whose heading has this id."""
    start = html.index(f'id="{heading_id}"')
    return html[start : html.index("</section>", start)]


def test_runners_knee_guide_has_every_section_and_products_in_both_phases_with_reasons(client, demo):
    response = client.get("/guides/runners-knee/")

    assert response.status_code == 200
    for heading in (
        "What it is",
        "Causes",
        "Symptoms",
        "Immediate relief",
        "Long-term healing",
        "When to see a doctor",
    ):
        assert f">{heading}</h2>" in response.text
    assert 'class="notice warn doctor-box"' in response.text
    for phase in ("phase-immediate", "phase-long_term"):
        cards = section(response.text, phase).split('<article class="card">')[1:]
        assert cards, phase
        assert all('<ul class="reasons">' in card for card in cards)
    assert "— stretching for lasting recovery." in response.text
    assert "/symptom-check/?area=knee" in response.text
    assert "Not medical advice." in response.text


def test_product_mentions_in_guide_text_render_as_cards(client, demo):
    response = client.get("/guides/runners-knee/")

    immediate = section(response.text, "immediate_relief-heading")
    assert '<div class="mention">' in immediate
    assert "/products/knee-cold-wrap/" in immediate


def test_guide_never_shows_inactive_products_and_puts_out_of_stock_last(client, demo, rebuild_index):
    strap = Product.objects.get(slug="loop-stretch-strap")
    strap.is_active = False
    strap.save()
    Product.objects.filter(slug="resistance-loop-set").update(stock_quantity=0)
    rebuild_index()

    html = client.get("/guides/runners-knee/").text
    long_term = section(html, "phase-long_term")

    assert "/products/loop-stretch-strap/" not in html
    badges = re.findall(r'badge (in|out)"', long_term)
    assert badges == sorted(badges)  # every "in" before any "out"


def test_a_staff_weight_change_or_pin_shows_on_the_next_load(client, demo, django_capture_on_commit_callbacks):
    before = section(client.get("/guides/runners-knee/").text, "phase-long_term")
    assert before.index("/products/loop-stretch-strap/") < before.index("/products/mini-band-set/")
    assert "/products/balance-foam-pad/" not in before[: before.index("/products/mini-band-set/")]

    with django_capture_on_commit_callbacks(execute=True):
        CuratedProduct.objects.filter(condition__slug="runners-knee", product__slug="loop-stretch-strap").delete()
        CuratedProductFactory(
            condition_id=ConditionTreatment.objects.filter(condition__slug="runners-knee").first().condition_id,
            product=Product.objects.get(slug="balance-foam-pad"),
            action="pin",
            phase=Phase.LONG_TERM,
            note="Staff pick.",
        )
    after = section(client.get("/guides/runners-knee/").text, "phase-long_term")

    assert after.index("/products/balance-foam-pad/") < after.index("/products/mini-band-set/")
    assert "Staff pick." in after


def test_unpublished_guide_is_404_for_shoppers_and_a_preview_for_staff(client, staff_client, rebuild_index):
    ArticleFactory(condition=ConditionFactory(slug="draft", is_published=False), slug="draft", is_published=False)
    rebuild_index()

    assert client.get("/guides/draft/").status_code == 404
    preview = staff_client.get("/guides/draft/")
    assert preview.status_code == 200
    assert "Staff preview." in preview.text


def test_a_phase_with_no_matching_product_falls_back_and_says_so(client, rebuild_index):
    knee = BodyAreaFactory(slug="knee")
    condition = ConditionFactory(slug="sore-knee", name="Sore knee", body_areas=[knee])
    ArticleFactory(condition=condition)
    stretching = ApproachFactory(slug="stretching")
    ConditionTreatmentFactory(condition=condition, approach=stretching, phase=Phase.LONG_TERM)
    strap = ProductApproachFactory(approach=stretching, product=ProductFactory(slug="strap")).product
    sleeve = ProductApproachFactory(
        approach=ApproachFactory(slug="support"), product=ProductFactory(slug="sleeve")
    ).product
    for product in (strap, sleeve):
        product.body_area_links.create(body_area=knee)
    rebuild_index()

    immediate = section(client.get("/guides/sore-knee/").text, "phase-immediate")

    assert "/products/sleeve/" in immediate
    assert "/products/strap/" not in immediate  # shown under long-term healing already
    assert "A general pick" in immediate


def test_product_page_shows_the_conditions_it_helps_with(client, demo):
    response = client.get("/products/calf-rocker-stretcher/")

    helps = section(response.text, "helps-heading")
    assert "/guides/plantar-fasciitis/" in helps
    assert "/guides/runners-knee/" not in helps


@pytest.mark.parametrize("rows", [1, 20])
def test_guide_page_query_count_does_not_grow_with_products(client, rebuild_index, django_assert_num_queries, rows):
    condition = ConditionFactory(slug="sore", body_areas=[BodyAreaFactory(slug="knee")])
    approach = ApproachFactory(slug="stretching")
    ConditionTreatmentFactory(condition=condition, approach=approach)
    products = ProductFactory.create_batch(rows)
    for product in products:
        ProductApproachFactory(product=product, approach=approach)
    ArticleFactory(condition=condition, long_term_healing=f"Try this:\n\n[[product:{products[0].slug}]]")
    rebuild_index()
    client.get("/guides/sore/")  # the process now holds the index

    # Rendered, not served from the page cache (another address): article with condition, its body
    # areas, mentioned products and their images, and, when the cache is not shared, two index version
    # checks (the page's cache key and the ranking; tests check for a new index on every call), the
    # ranked products' stock now, and storing the impressions it records
    with django_assert_num_queries((5 if cache_is_shared() else 7) + records_queries(events=True)):
        assert client.get("/guides/sore/?from=test").status_code == 200
    # Served from the page cache: at most the index version check, the stock of what it shows, and
    # storing the impressions
    with django_assert_num_queries((1 if cache_is_shared() else 2) + records_queries(events=True)):
        assert client.get("/guides/sore/?from=test").status_code == 200
