"""The coverage report: a condition left with nothing in stock for a phase is listed, and the command fails."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from guides.models import Phase, ProductBodyArea, ProductFit
from recommendations.engine.recommend import recommend
from recommendations.engine.typical import typical_answers
from recommendations.index.build import index_build
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

pytestmark = pytest.mark.django_db


@pytest.fixture
def broken_condition():
    """A published condition whose only immediate-relief product is out of stock."""
    knee = BodyAreaFactory(slug="knee", name="Knee")
    condition = ConditionFactory(name="Jumper's knee", slug="jumpers-knee", body_areas=[knee], is_published=True)
    ArticleFactory(condition=condition, is_published=True)
    cold, stretch = ApproachFactory(slug="cold", name="Cold"), ApproachFactory(slug="stretch", name="Stretching")
    ConditionTreatmentFactory(condition=condition, approach=cold, phase=Phase.IMMEDIATE, weight=0.8)
    ConditionTreatmentFactory(condition=condition, approach=stretch, phase=Phase.LONG_TERM, weight=0.8)
    ProductApproachFactory(product=ProductFactory(name="Cold Pack", stock_quantity=0), approach=cold, strength=1.0)
    ProductApproachFactory(product=ProductFactory(name="Strap", stock_quantity=5), approach=stretch, strength=1.0)
    return condition


def test_the_report_page_lists_the_broken_phase_with_a_link_to_fix_it(broken_condition, staff_client):
    page = staff_client.get(reverse("admin:recommendations_coverage")).content.decode()

    assert "Jumper&#x27;s knee — immediate relief: every product matched to it is out of stock." in page
    assert reverse("admin:guides_condition_change", args=[broken_condition.pk]) in page
    assert "long-term healing" not in page


def test_the_command_exits_non_zero_naming_the_broken_condition(broken_condition, capsys):
    with pytest.raises(CommandError) as failure:
        call_command("coverage_report")

    assert failure.value.returncode == 1
    assert "Jumper's knee — immediate relief" in capsys.readouterr().out


def test_the_demo_knowledge_base_is_fully_covered(demo):
    call_command("coverage_report")


@pytest.fixture
def misfit_picks():
    """A foot condition whose staff pick and guide use products its purpose does not fit."""
    foot = BodyAreaFactory(slug="foot-ankle", name="Foot and ankle")
    elbow = BodyAreaFactory(slug="elbow-wrist", name="Elbow, wrist and hand")
    support = ApproachFactory(slug="support", name="Support")
    heel = ConditionFactory(name="Plantar fasciitis", slug="plantar-fasciitis", body_areas=[foot], is_published=True)
    forefoot = ConditionFactory(name="Metatarsalgia", slug="metatarsalgia", body_areas=[foot], is_published=True)
    for condition in (heel, forefoot):
        ConditionTreatmentFactory(condition=condition, approach=support, phase=Phase.IMMEDIATE, weight=0.8)
        ConditionTreatmentFactory(condition=condition, approach=support, phase=Phase.LONG_TERM, weight=0.5)
    splint = ProductFactory(name="Night Splint", slug="night-splint", stock_quantity=5)
    strap = ProductFactory(name="Elbow Strap", slug="elbow-strap", stock_quantity=5)
    pads = ProductFactory(name="Metatarsal Pads", slug="metatarsal-pads", stock_quantity=5)
    for product, area in ((splint, foot), (strap, elbow), (pads, foot)):
        ProductApproachFactory(product=product, approach=support, strength=1.0)
        ProductBodyArea.objects.create(product=product, body_area=area)
    ProductFit.objects.create(product=splint, condition=heel)
    CuratedProductFactory(condition=forefoot, product=splint, action="pin", phase=Phase.LONG_TERM)
    CuratedProductFactory(condition=forefoot, product=strap, action="exclude")
    ArticleFactory(condition=heel, immediate_relief="Rest it.\n\n[[product:night-splint]]")
    return ArticleFactory(condition=forefoot, long_term_healing="Support it.\n\n[[product:elbow-strap]]")


def test_the_report_lists_picks_and_guide_cards_that_do_not_fit_their_condition(misfit_picks, staff_client, capsys):
    page = staff_client.get(reverse("admin:recommendations_coverage")).content.decode()

    assert "Products picked or shown for a condition their purpose does not fit (2)" in page
    assert (
        "Night Splint is pinned for Metatarsalgia, but it is made only for Plantar fasciitis; shoppers never get it "
        "there." in page
    )
    assert (
        "The Metatarsalgia guide shows Elbow Strap, but it is made for the elbow, wrist and hand, not where "
        "metatarsalgia is felt." in page
    )
    assert reverse("admin:guides_article_change", args=[misfit_picks.pk]) in page
    with pytest.raises(CommandError):
        call_command("coverage_report")
    assert "Night Splint is pinned for Metatarsalgia" in capsys.readouterr().out


def test_the_demo_conditions_each_come_out_on_top_for_their_typical_answers(demo):
    index = index_build()[0]

    for condition in index.conditions:
        for area in sorted(condition.body_areas):
            result = recommend(index, typical_answers(index, condition, area=area))
            assert result.conditions[0].slug == condition.slug, (condition.slug, area, result.conditions[:3])
