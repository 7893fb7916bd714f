"""Drafts, the preview of what they change for shoppers, publishing with a record, and restoring."""

import copy

import pytest
from django.urls import reverse

from guides.drafts import draft_save, object_rows
from guides.models import ConditionTreatment, DraftChange, Publication, PublicationKind, Question
from recommendations.index.current import index_current
from tests.admin_forms import admin_form_data, inline_field

pytestmark = pytest.mark.django_db


def _runners_knee_main_treatment():
    return (
        ConditionTreatment.objects.filter(condition__slug="runners-knee", approach__has_products=True)
        .order_by("-weight", "pk")
        .first()
    )


def _weight_in_index(treatment):
    condition = index_current().conditions_by_slug["runners-knee"]
    return next(
        t.weight for t in condition.treatments if (t.approach, t.phase) == (treatment.approach.slug, treatment.phase)
    )


def _draft_weight_to_zero(staff_client, treatment):
    url = reverse("admin:guides_condition_change", args=[treatment.condition_id])
    page = staff_client.get(url)
    data = admin_form_data(page)
    data[inline_field(data, page, prefix="treatments", match=lambda t: t.pk == treatment.pk, field="weight")] = "0"
    data["_save_draft"] = "Save as draft"
    return staff_client.post(url, data, follow=True)


def test_a_weight_saved_as_draft_is_not_live_and_says_what_it_changes(demo, staff_client):
    treatment = _runners_knee_main_treatment()
    before = treatment.weight

    response = _draft_weight_to_zero(staff_client, treatment)

    treatment.refresh_from_db()
    assert treatment.weight == before
    assert _weight_in_index(treatment) == before
    [draft] = DraftChange.objects.all()
    assert draft.created_by_name == "staff"
    assert any("how much it helps" in line and "→ 0/100 (none)" in line for line in draft.changes)
    assert "Saved as a draft — not live yet" in response.content.decode()


def test_the_preview_names_the_answer_sets_whose_products_change(demo, staff_client):
    _draft_weight_to_zero(staff_client, _runners_knee_main_treatment())

    page = staff_client.get(reverse("admin:guides_draftchange_publish")).content.decode()

    assert "Typical answers for Runner" in page
    assert "Products no longer shown" in page or "Conditions that move" in page


def test_publish_then_restore_end_to_end(demo, staff_client, post_and_run):
    treatment = _runners_knee_main_treatment()
    before = treatment.weight
    _draft_weight_to_zero(staff_client, treatment)

    published = post_and_run(
        staff_client, reverse("admin:guides_draftchange_publish"), {"note": "Less stretching for runner's knee"}
    )

    treatment.refresh_from_db()
    assert treatment.weight == 0
    assert _weight_in_index(treatment) == 0
    assert not DraftChange.objects.exists()
    version = Publication.objects.get(kind=PublicationKind.PUBLISH)
    assert (version.published_by_name, version.note) == ("staff", "Less stretching for runner's knee")
    page = published.content.decode()
    assert "staff" in page
    assert "Less stretching for runner" in page
    assert "0/100 (none)" in page

    baseline = Publication.objects.get(kind=PublicationKind.BASELINE)
    confirm = staff_client.get(reverse("admin:guides_publication_restore", args=[baseline.pk]))
    assert "Restore this version" in confirm.content.decode()
    assert f"<h1>Restore the version of {baseline.published_at:%d %b %Y, %H:%M}?</h1>" in confirm.content.decode()
    assert "What will change (1)" in confirm.content.decode()
    assert "how much it helps 0/100 (none) →" in confirm.content.decode()
    restored = post_and_run(staff_client, reverse("admin:guides_publication_restore", args=[baseline.pk]))

    treatment.refresh_from_db()
    assert treatment.weight == before
    assert _weight_in_index(treatment) == before
    assert Publication.objects.filter(kind=PublicationKind.RESTORE, published_by_name="staff").exists()
    assert "Restored the version of" in restored.content.decode()


def test_publishing_needs_a_note_and_changes_nothing_without_one(demo, staff_client):
    treatment = _runners_knee_main_treatment()
    before = treatment.weight
    _draft_weight_to_zero(staff_client, treatment)

    response = staff_client.post(reverse("admin:guides_draftchange_publish"), {"note": ""})

    treatment.refresh_from_db()
    assert treatment.weight == before
    assert "This field is required" in response.content.decode()
    assert DraftChange.objects.exists()


def _draft_no_becomes_a_red_flag(user):
    question = Question.objects.get(slug="safety-night-rest-pain")
    before = object_rows(question)
    after = copy.deepcopy(before)
    option = next(row for row in after if row["model"] == "guides.answeroption" and row["fields"]["slug"] == "no")
    option["fields"] |= {"red_flag": "see_doctor", "red_flag_message": "Please see a doctor first."}
    draft_save(obj=question, before=before, after=after, user=user)


def test_a_change_of_safety_advice_is_highlighted_and_needs_confirming(demo, staff_client, post_and_run):
    _draft_no_becomes_a_red_flag(staff_client.user)

    page = staff_client.get(reverse("admin:guides_draftchange_publish")).content.decode()
    refused = post_and_run(staff_client, reverse("admin:guides_draftchange_publish"), {"note": "Stricter"})

    assert "Safety advice changes:" in page
    assert 'name="triage_confirmed"' in page
    assert "get different safety advice" in refused.content.decode()
    assert DraftChange.objects.exists()
    confirmed = {"note": "Stricter", "triage_confirmed": "on"}
    post_and_run(staff_client, reverse("admin:guides_draftchange_publish"), confirmed)
    assert not DraftChange.objects.exists()
    assert Publication.objects.get(kind=PublicationKind.PUBLISH).effects["triage_changes"] > 0
