"""The coverage report: a condition left with nothing in stock for a phase is listed, and the command fails."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from guides.models import Phase
from tests.factories import (
    ApproachFactory,
    ArticleFactory,
    BodyAreaFactory,
    ConditionFactory,
    ConditionTreatmentFactory,
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
