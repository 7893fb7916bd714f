"""A shop manager drafts a change, continues the draft, previews it and publishes it, in Chromium, checked by axe."""

import pytest

from guides.models import Condition, ConditionTreatment, DraftChange, Publication, PublicationKind
from tests.browser.test_staff_publishing import _log_in

pytestmark = pytest.mark.browser

# Django's own admin markup, not Limber's, fails these axe rules; each is left out for that reason alone:
# - "landmark-unique": Django's base template has a <nav> breadcrumb bar and a <nav> side bar without labels.
DJANGO_ADMIN_RULES = {}


@pytest.fixture
def manager(transactional_db, demo, django_user_model):
    """The demo store, committed so the live server sees it, and a staff login (as test_staff_publishing's)."""
    django_user_model.objects.create_superuser("manager", "manager@limber.test", "a-long-test-password")


def _violations(axe, page) -> list[dict]:
    return [v for v in axe(page) if v["id"] not in DJANGO_ADMIN_RULES]


def test_draft_continue_preview_and_publish_in_a_browser(page, manager, axe):
    condition = Condition.objects.get(slug="runners-knee")
    treatment = (
        ConditionTreatment.objects.filter(condition=condition, approach__has_products=True)
        .order_by("-weight", "pk")
        .first()
    )
    live_summary = condition.summary
    found = {}
    _log_in(page)
    found["home"] = _violations(axe, page)

    page.goto(f"/admin/guides/condition/{condition.pk}/change/")
    page.fill("#id_summary", "Pain around the kneecap, worse on stairs. (draft)")
    page.click("input[name='_save_draft']")  # the main button
    assert "Saved as a draft — not live yet" in page.content()
    found["condition form, draft saved"] = _violations(axe, page)

    page.goto("/admin/")
    page.click("text=Changes waiting to be published")
    found["changes waiting"] = _violations(axe, page)
    page.click("text=Continue draft")
    assert page.input_value("#id_summary") == "Pain around the kneecap, worse on stairs. (draft)"
    assert "You are continuing the draft" in page.content()
    found["condition form, continuing the draft"] = _violations(axe, page)
    row = page.locator(f"input[name^='treatments-'][name$='-id'][value='{treatment.pk}']")
    prefix = row.get_attribute("name").removesuffix("-id")
    page.fill(f"input[name='{prefix}-weight']", "0")
    page.click("input[name='_save_draft_publish']")

    assert page.url.endswith("/admin/guides/draftchange/publish/")
    found["preview and publish"] = _violations(axe, page)
    condition.refresh_from_db()
    assert condition.summary == live_summary  # nothing live yet
    [draft] = DraftChange.objects.all()
    assert len(draft.changes) == 2  # both edits, one draft
    page.fill("input[name='note']", "Clearer summary, less of one treatment")
    page.click("input[value='Publish these changes now']")

    assert "are live for shoppers now" in page.content()
    found["published version"] = _violations(axe, page)
    condition.refresh_from_db()
    treatment.refresh_from_db()
    assert condition.summary == "Pain around the kneecap, worse on stairs. (draft)"
    assert treatment.weight == 0
    assert Publication.objects.filter(kind=PublicationKind.PUBLISH).count() == 1

    problems = {what: violations for what, violations in found.items() if violations}
    assert not problems, "\n".join(f"{what}: {v}" for what, vs in problems.items() for v in vs)
