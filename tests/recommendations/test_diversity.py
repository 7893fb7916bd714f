"""Runner's knee as the seed guide treats it: stretching and massage tools, one of each kind, no near-duplicates."""

import re

import pytest

from catalog.models import Product
from tests.recommendations.test_api import RUNNERS_KNEE, post
from tests.recommendations.test_views import section

pytestmark = pytest.mark.django_db

STRETCHING_TOOLS = {"stretching-straps", "calf-foot-stretchers"}
MASSAGE_TOOLS = {"foam-rollers", "massage-sticks-balls"}


def kinds(slugs):
    """The shelf (category) of each product, in the order given."""
    shelves = dict(Product.objects.filter(slug__in=slugs).values_list("slug", "category__slug"))
    return [shelves[slug] for slug in slugs]


def families(slugs):
    """The variant groups among the products, one entry per product that has one."""
    return list(Product.objects.filter(slug__in=slugs).exclude(family="").values_list("family", flat=True))


def cards(html):
    return list(dict.fromkeys(re.findall(r'href="/products/([a-z0-9-]+)/', html)))


def test_runners_knee_guide_shows_a_stretching_and_a_massage_tool_for_long_term_healing(client, demo):
    long_term = cards(section(client.get("/guides/runners-knee/").text, "phase-long_term"))

    shelves = kinds(long_term)
    assert STRETCHING_TOOLS & set(shelves)
    assert MASSAGE_TOOLS & set(shelves)
    assert len(set(families(long_term))) == len(families(long_term))  # one loop strap, one band set


def test_runners_knee_article_recommendations_cover_the_approaches_with_one_product_per_family(api_client, demo):
    body = api_client.get("/api/v1/articles/runners-knee/recommendations/").json()

    for phase in ("immediate", "long_term"):
        slugs = [item["slug"] for item in body["phases"][phase]]
        assert len(set(families(slugs))) == len(families(slugs)), phase
    long_term = [item["slug"] for item in body["phases"]["long_term"]]
    shelves = kinds(long_term)
    assert STRETCHING_TOOLS & set(shelves[:3])
    assert MASSAGE_TOOLS & set(shelves[:3])
    assert "resistance-bands" in shelves[:3]  # strengthening, the condition's heaviest long-term approach


def test_symptom_check_for_front_of_knee_pain_suggests_stretching_and_massage_tools(api_client, demo):
    body = post(api_client, {"answers": RUNNERS_KNEE, "limit": 6}).json()

    slugs = [item["slug"] for item in body["products"]]
    assert body["conditions"][0]["slug"] == "runners-knee"
    shelves = kinds(slugs)
    assert STRETCHING_TOOLS & set(shelves)
    assert MASSAGE_TOOLS & set(shelves)
    assert len(set(families(slugs))) == len(families(slugs))
    assert "hot-cold-therapy" in shelves  # cold for now
    assert "supports-braces" in shelves  # and a support


def test_every_guide_lists_each_product_family_once_per_phase(api_client, demo):
    from guides.models import Article

    for slug in Article.objects.published().values_list("slug", flat=True):
        body = api_client.get(f"/api/v1/articles/{slug}/recommendations/", {"limit": 12}).json()
        for phase, items in body["phases"].items():
            grouped = families([item["slug"] for item in items])
            assert len(set(grouped)) == len(grouped), (slug, phase, grouped)
