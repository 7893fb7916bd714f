import pytest
from django.contrib.messages import get_messages

from catalog.models import Product
from guides.models import Condition, ConditionTreatment

pytestmark = pytest.mark.django_db


def management(prefix: str, total: int = 0, initial: int = 0) -> dict:
    return {f"{prefix}-TOTAL_FORMS": str(total), f"{prefix}-INITIAL_FORMS": str(initial)}


def test_condition_page_shows_inlines_and_what_shoppers_will_see(staff_client, demo):
    condition = Condition.objects.get(slug="runners-knee")

    response = staff_client.get(f"/admin/guides/condition/{condition.pk}/change/")

    assert response.status_code == 200
    text = response.text.lower()
    assert "symptoms, and how strongly each points to this condition (0 to 100)" in text
    assert "what helps, and when (how much it helps, 0 to 100)" in text
    assert "staff picks: pin to the top, move up the list, or never show" in text
    assert "ranked products by phase" in text
    assert "loop stretch strap</a> <strong>(pinned)</strong>" in text


def test_coverage_warning_when_a_published_phase_has_no_in_stock_product(staff_client, demo):
    condition = Condition.objects.get(slug="runners-knee")
    immediate = ConditionTreatment.objects.filter(condition=condition, phase="immediate")
    Product.objects.filter(approach_links__approach__in=immediate.values("approach")).update(stock_quantity=0)

    response = staff_client.get(f"/admin/guides/condition/{condition.pk}/change/")

    warnings = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("No in-stock product is matched to Runner's knee for immediate relief" in w for w in warnings)
    assert any("labelled as stand-ins" in w for w in warnings)
