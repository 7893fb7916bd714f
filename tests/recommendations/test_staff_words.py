"""Staff read one score scale (0 to 100) and plain words; Try the engine leads with what the shopper sees."""

import pytest
from django.urls import reverse

from guides.models import Condition, DraftChange

pytestmark = pytest.mark.django_db


def test_the_condition_page_asks_how_common_out_of_100(demo, staff_client):
    condition = Condition.objects.get(slug="runners-knee")

    page = staff_client.get(reverse("admin:guides_condition_change", args=[condition.pk])).content.decode()

    assert "How common is this condition?" in page
    assert f'value="{round(condition.prior * 100)}"' in page
    assert "How strongly does this symptom point to it?" in page
    assert "Prevalence prior" not in page
    assert 'value="Save draft"' in page


def test_a_score_typed_out_of_100_is_kept_between_0_and_1(demo, staff_client):
    from tests.admin_forms import admin_form_data

    condition = Condition.objects.get(slug="runners-knee")
    url = reverse("admin:guides_condition_change", args=[condition.pk])
    data = admin_form_data(staff_client.get(url))
    data["prior"] = "25"

    staff_client.post(url, data)

    [draft] = DraftChange.objects.all()
    assert draft.rows[0]["fields"]["prior"] == pytest.approx(0.25)
    assert any("25/100 (common)" in line for line in draft.changes)


def test_the_admin_index_says_treatment_approaches(staff_client):
    page = staff_client.get(reverse("admin:index")).content.decode()

    assert "Treatment approaches" in page
    assert "approachs" not in page


def test_try_the_engine_leads_with_the_shoppers_view_and_folds_the_numbers(demo, staff_client):
    answers = {
        "limit": "6",
        "q-where-does-it-hurt": "knee",
        "q-age": "16-to-49",
        "q-knee-where-exactly": "front",
        "q-knee-worse-with": ["stairs", "kneeling-squatting"],
    } | {
        f"q-{slug}": "no"
        for slug in [
            "safety-injury",
            "safety-fever",
            "safety-deformity",
            "safety-cannot-bear-weight",
            "safety-knee-locking-giving-way",
            "safety-hot-swollen-joint",
            "safety-general-health",
            "safety-night-rest-pain",
            "knee-morning-stiffness",
        ]
    }

    page = staff_client.get(reverse("admin:recommendations_try_engine"), answers).content.decode()

    shopper, numbers = page.index('id="shopper-view"'), page.index('<details id="numbers">')
    assert shopper < numbers < page.index("log prior")
    assert "Runner&#x27;s knee</strong> — likely" in page
    assert " in 100)" in page
