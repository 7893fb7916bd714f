"""Staff read symptom checks in their own words: safety advice and where a check was made, not stored codes."""

import pytest
from django.urls import reverse

from analytics.models import Assessment

pytestmark = pytest.mark.django_db


def _assessment(*, uid: str, source: str, triage_level: str) -> Assessment:
    return Assessment.objects.create(
        uid=uid,
        created_at="2026-12-01T10:00:00Z",
        source=source,
        answers={},
        triage_level=triage_level,
        index_version="v1",
    )


def test_the_symptom_check_list_and_its_filters_show_labels_not_codes(staff_client):
    _assessment(uid="6d5f8f8e-2f6b-4a55-8d6e-6a1f4d8d9b10", source="page", triage_level="self_care")
    _assessment(uid="6d5f8f8e-2f6b-4a55-8d6e-6a1f4d8d9b11", source="api", triage_level="incomplete")

    page = staff_client.get(reverse("admin:analytics_assessment_changelist")).text

    for label in ["Self-care", "Safety questions not finished", "Symptom check page", "API"]:
        assert page.count(label) >= 2, label  # in the rows and in the filters
    for code in ["self_care", "incomplete", ">page<", ">api<"]:
        assert code not in page.replace("triage_level=self_care", "").replace("triage_level=incomplete", ""), code


def test_a_filter_by_safety_advice_keeps_only_those_checks(staff_client):
    _assessment(uid="6d5f8f8e-2f6b-4a55-8d6e-6a1f4d8d9b12", source="page", triage_level="urgent")
    _assessment(uid="6d5f8f8e-2f6b-4a55-8d6e-6a1f4d8d9b13", source="page", triage_level="self_care")

    page = staff_client.get(reverse("admin:analytics_assessment_changelist"), {"triage_level": "urgent"}).text

    assert '<td class="field-safety_advice">Urgent care</td>' in page
    assert '<td class="field-safety_advice">Self-care</td>' not in page


def test_one_symptom_check_reads_in_words(staff_client):
    assessment = _assessment(uid="6d5f8f8e-2f6b-4a55-8d6e-6a1f4d8d9b14", source="api", triage_level="see_doctor")

    page = staff_client.get(reverse("admin:analytics_assessment_change", args=[assessment.pk])).text

    assert "See a doctor" in page
    assert "Where it was made" in page
    assert "see_doctor" not in page
