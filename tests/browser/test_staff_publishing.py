"""A shop manager drafts a weight change, previews it, publishes it and restores the previous version, in Chromium."""

import os
from pathlib import Path

import pytest

from guides.models import ConditionTreatment, Publication, PublicationKind

pytestmark = pytest.mark.browser


@pytest.fixture
def shots(tmp_path) -> Path:
    """Where the walk's screenshots go: LIMBER_SHOTS_DIR when set (for a reviewer), else a temporary folder."""
    folder = Path(os.environ.get("LIMBER_SHOTS_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def manager(transactional_db, demo, django_user_model):
    """The demo store, committed so the live server sees it, and a staff login."""
    django_user_model.objects.create_superuser("manager", "manager@limber.test", "a-long-test-password")


def _log_in(page):
    page.goto("/admin/login/")
    page.fill("#id_username", "manager")
    page.fill("#id_password", "a-long-test-password")
    page.click("input[type=submit]")


def test_draft_preview_publish_and_restore_in_a_browser(page, manager, shots):
    treatment = (
        ConditionTreatment.objects.filter(condition__slug="runners-knee", approach__has_products=True)
        .order_by("-weight", "pk")
        .first()
    )
    before = treatment.weight
    page.set_default_timeout(180_000)  # eager tasks: publishing and restoring run in their requests, slow when busy
    _log_in(page)

    page.goto(f"/admin/guides/condition/{treatment.condition_id}/change/")
    row = page.locator(f"input[name^='treatments-'][name$='-id'][value='{treatment.pk}']")
    prefix = row.get_attribute("name").removesuffix("-id")
    page.fill(f"input[name='{prefix}-weight']", "0")
    page.click("input[name='_save_draft']")
    assert "Saved as a draft — not live yet" in page.content()
    treatment.refresh_from_db()
    assert treatment.weight == before

    page.click(".messagelist a")
    page.click("text=Preview and publish")
    summary = page.text_content("#preview-summary")
    assert "give a different result" in summary
    assert "Typical answers for Runner" in page.content()
    page.screenshot(path=shots / "publish-preview.png", full_page=True)
    page.fill("input[name='note']", "Less emphasis on this treatment, per our physio")
    page.click("input[value='Publish these changes now']")

    assert "live for shoppers now" in page.content()
    assert "manager" in page.content()
    treatment.refresh_from_db()
    assert treatment.weight == 0
    page.screenshot(path=shots / "published-version.png", full_page=True)

    baseline = Publication.objects.get(kind=PublicationKind.BASELINE)
    page.goto(f"/admin/guides/publication/{baseline.pk}/change/")
    page.click("text=Restore this version")
    page.click("input[value='Restore this version']")

    assert "Restored the version of" in page.content()
    treatment.refresh_from_db()
    assert treatment.weight == before


@pytest.mark.parametrize("path", ["/admin/catalog/product/", "/admin/guides/condition/", "/admin/guides/question/"])
def test_staff_lists_fit_a_1280_pixel_window(browser, live_server, manager, path):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 800})
    page = context.new_page()
    _log_in(page)

    page.goto(path)

    results = page.query_selector(".results")
    assert page.evaluate("e => e.scrollWidth <= e.clientWidth", results)
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    context.close()


def test_the_condition_page_fits_a_1280_pixel_window(browser, live_server, manager):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 800})
    page = context.new_page()
    _log_in(page)
    pk = ConditionTreatment.objects.filter(condition__slug="runners-knee").first().condition_id

    page.goto(f"/admin/guides/condition/{pk}/change/")

    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    context.close()
