""" "Goes well with this" read for the condition the shopper came from: what completes its treatment first."""

import html
import re

import pytest

from catalog.models import Product
from tests.recommendations.test_api import RUNNERS_KNEE
from tests.recommendations.test_views import section

pytestmark = pytest.mark.django_db


def approaches_of(slugs, condition):
    """Each product's main approach for a condition, as the index ranks it."""
    from recommendations.index.current import index_current

    ranking = index_current().rankings[condition]
    main = {item.slug: item.approaches[0] for items in ranking.phases.values() for item in items if item.approaches}
    return [main.get(slug) for slug in slugs]


def related_on_page(html):
    return list(dict.fromkeys(re.findall(r'href="/products/([a-z0-9-]+)/', section(html, "related-heading"))))


def test_from_runners_knee_a_strap_goes_with_a_band_set_a_foam_roller_and_cold_before_any_other_stretch(
    api_client, demo
):
    body = api_client.get("/api/v1/products/loop-stretch-strap/related/", {"condition": "runners-knee"}).json()

    slugs = [item["slug"] for item in body]
    first_four = approaches_of(slugs[:4], "runners-knee")
    assert "stretching" not in first_four
    assert len(set(first_four)) == 4  # four different approaches before any repeat
    assert {"strengthening", "massage", "cold-therapy"} <= set(first_four)
    assert "loop-stretch-strap-long" not in slugs  # its own variant is offered on the page, not here
    assert body[0]["reasons"][0].startswith("For runner's knee, it adds ")


def test_the_same_product_goes_with_different_things_for_different_conditions(api_client, demo):
    knee = api_client.get("/api/v1/products/textured-foam-roller/related/", {"condition": "runners-knee"}).json()
    hamstring = api_client.get(
        "/api/v1/products/textured-foam-roller/related/", {"condition": "hamstring-tightness"}
    ).json()

    knee_slugs = [item["slug"] for item in knee]
    hamstring_slugs = [item["slug"] for item in hamstring]
    assert "knee-cold-wrap" in knee_slugs[:4]
    assert "knee-cold-wrap" not in hamstring_slugs[:4]
    assert any("heat" in (approach or "") for approach in approaches_of(hamstring_slugs[:4], "hamstring-tightness"))
    assert "massage" not in approaches_of(knee_slugs[:4], "runners-knee")


def test_the_product_page_reads_the_condition_from_the_link(client, demo):
    page = client.get("/products/loop-stretch-strap/?ref=guide&c=runners-knee").text

    shown = related_on_page(page)
    assert "stretching" not in approaches_of(shown, "runners-knee")
    assert "For runner&#x27;s knee, it adds" in section(page, "related-heading")
    assert "?ref=related&amp;c=runners-knee" in section(page, "related-heading")  # the next page keeps it


def test_the_product_page_remembers_the_condition_of_the_last_symptom_check(client, demo):
    without = related_on_page(client.get("/products/loop-stretch-strap/").text)
    query = "&".join(
        f"q-{question}={option}"
        for question, answer in RUNNERS_KNEE.items()
        for option in (answer if isinstance(answer, list) else [answer])
    )
    assert client.get(f"/symptom-check/results/?{query}").status_code == 200

    after = related_on_page(client.get("/products/loop-stretch-strap/").text)

    assert after != without
    assert "stretching" not in approaches_of(after, "runners-knee")
    assert "knee-cold-wrap" in after


def test_a_guide_read_with_a_cart_is_remembered_too(client, demo):
    client.post("/cart/add/", {"product": "reusable-cold-pack", "quantity": 1})
    before = related_on_page(client.get("/products/loop-stretch-strap/").text)
    client.get("/guides/runners-knee/")

    shown = related_on_page(client.get("/products/loop-stretch-strap/").text)

    assert shown != before
    assert "knee-cold-wrap" in shown
    assert "stretching" not in approaches_of(shown, "runners-knee")


def test_an_unknown_condition_in_the_link_is_ignored(client, api_client, demo):
    plain = related_on_page(client.get("/products/loop-stretch-strap/").text)

    odd = related_on_page(client.get("/products/loop-stretch-strap/?c=not-a-condition%26x%3D1").text)

    assert odd == plain
    assert Product.objects.filter(slug__in=odd).count() == len(odd)


def _kind(slug):
    """A product's strongest approach, as the index knows it: what kind of thing it is."""
    from recommendations.index.current import index_current

    strengths = index_current().products[slug].strengths
    return max(strengths, key=lambda pair: (pair[1], pair[0]))[0] if strengths else None


def test_without_a_condition_a_roller_goes_with_complements_each_with_its_own_reason(client, demo):
    from recommendations.index.current import index_current

    index = index_current()
    page = client.get("/products/textured-foam-roller/").text
    shown = related_on_page(page)
    related = section(page, "related-heading")
    reasons = [html.unescape(r) for r in re.findall(r'<ul class="reasons">\s*<li>(.*?)</li>', related, re.S)]
    helps = {index.conditions_by_slug[slug].name for slug in index.conditions_by_product["textured-foam-roller"]}

    assert len(shown) == 4
    assert [_kind(slug) for slug in shown].count(_kind("textured-foam-roller")) <= 1  # not three more rollers
    assert len({_kind(slug) for slug in shown}) >= 3
    assert len(reasons) == len(shown)
    assert len(set(reasons)) == len(reasons)  # each says something of its own
    assert "Also helps with" not in related
    # Each names a condition the roller helps too, and what the suggestion does there.
    assert all(any(f"for {name.lower()}" in reason.lower() for name in helps) for reason in reasons)
