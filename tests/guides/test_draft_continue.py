"""Draft is the default: the main button saves a draft, the form shows the draft to continue it, publishing is apart."""

import re

import pytest
from django.urls import reverse

from guides.models import Article, Condition, DraftChange, Publication, PublicationKind, Symptom
from tests.admin_forms import admin_form_data

pytestmark = pytest.mark.django_db

MANAGER, CONTENT = "Shop manager", "Content editor"


def _condition(slug="runners-knee"):
    condition = Condition.objects.get(slug=slug)
    return condition, reverse("admin:guides_condition_change", args=[condition.pk])


def _submit_buttons(html: str) -> list[str]:
    form = html.split('id="condition_form"')[1] if 'id="condition_form"' in html else html
    return re.findall(r'<input type="submit"[^>]*name="(\w+)"', form)


@pytest.mark.parametrize("role", [MANAGER, CONTENT])
def test_the_main_button_saves_a_draft_and_publishing_is_a_separate_button_for_publishers(demo, staff_in_role, role):
    _condition_obj, url = _condition()

    html = staff_in_role(role).get(url).text

    buttons = _submit_buttons(html)
    assert buttons[0] == "_save_draft"  # first in the form: what Enter presses
    assert 'class="default" name="_save_draft" value="Save draft"' in html
    assert "_save" not in [name for name in buttons if name not in {"_save_draft", "_save_draft_publish"}]
    assert ("_save_draft_publish" in buttons) == (role == MANAGER)


def test_a_publishers_plain_save_keeps_a_draft_and_shoppers_see_nothing_new(demo, staff_in_role):
    manager = staff_in_role(MANAGER)
    condition, url = _condition()
    before = condition.summary

    data = admin_form_data(manager.get(url)) | {"summary": "Edited summary.", "_save": "Save"}

    response = manager.post(url, data, follow=True)

    condition.refresh_from_db()
    assert condition.summary == before
    assert "Saved as a draft — not live yet" in response.text
    assert DraftChange.objects.get().object_id == condition.pk


def test_after_saving_a_draft_the_form_shows_the_draft_and_a_second_save_keeps_both_changes(demo, staff_in_role):
    editor = staff_in_role(CONTENT)
    condition, url = _condition()
    live_summary, live_prior = condition.summary, condition.prior

    editor.post(url, admin_form_data(editor.get(url)) | {"summary": "A draft summary.", "_save_draft": "Save draft"})
    again = editor.get(url)
    editor.post(url, admin_form_data(again) | {"prior": "20", "_save_draft": "Save draft"})

    assert again.context["adminform"].form["summary"].value() == "A draft summary."
    assert "You are continuing the draft saved by content-editor" in again.text
    [draft] = DraftChange.objects.all()
    assert any("A draft summary." in line for line in draft.changes)
    assert any("how common" in line and "20/100 (common)" in line for line in draft.changes)
    condition.refresh_from_db()
    assert (condition.summary, condition.prior) == (live_summary, live_prior)


def test_a_row_added_in_a_draft_is_shown_and_can_be_saved_again_then_published_once(demo, staff_in_role, post_and_run):
    editor, manager = staff_in_role(CONTENT), staff_in_role(MANAGER)
    condition, url = _condition()
    page = editor.get(url)
    data = admin_form_data(page)
    total = int(data["symptom_links-TOTAL_FORMS"])
    used = {str(link.symptom_id) for link in condition.symptom_links.all()}
    symptom = Symptom.objects.exclude(pk__in=used).first()
    data |= {
        "symptom_links-TOTAL_FORMS": str(total + 1),
        f"symptom_links-{total}-symptom": str(symptom.pk),
        f"symptom_links-{total}-likelihood": "40",
        "_save_draft": "Save draft",
    }
    links_before = condition.symptom_links.count()

    editor.post(url, data)
    shown = editor.get(url)
    resaved = editor.post(url, admin_form_data(shown) | {"summary": "Now with a new sign.", "_save_draft": "Save"})
    published = post_and_run(manager, reverse("admin:guides_draftchange_publish"), {"note": "A new sign"})

    assert symptom.name in shown.text
    assert resaved.status_code == 302
    assert "live for shoppers now" in published.text
    condition.refresh_from_db()
    assert condition.summary == "Now with a new sign."
    assert condition.symptom_links.count() == links_before + 1
    assert condition.symptom_links.filter(symptom=symptom).count() == 1
    assert not DraftChange.objects.exists()


def test_save_draft_then_preview_and_publish_leads_a_publisher_to_the_publish_page(demo, staff_in_role, post_and_run):
    manager = staff_in_role(MANAGER)
    condition, url = _condition()

    response = manager.post(
        url, admin_form_data(manager.get(url)) | {"summary": "Urgent fix.", "_save_draft_publish": "Save draft, then"}
    )
    publish = manager.get(response.url)
    published = post_and_run(manager, response.url, {"note": "Typo"})

    assert response.url == reverse("admin:guides_draftchange_publish")
    assert "Urgent fix." in publish.text
    assert "live for shoppers now" in published.text
    condition.refresh_from_db()
    assert condition.summary == "Urgent fix."
    assert Publication.objects.filter(kind=PublicationKind.PUBLISH, note="Typo").exists()


def test_guide_prose_is_drafted_and_continued_section_by_section(demo, staff_in_role):
    editor = staff_in_role(CONTENT)
    article = Article.objects.get(condition__slug="runners-knee")
    url = reverse("admin:guides_article_change", args=[article.pk])
    live = article.long_term_healing

    editor.post(url, admin_form_data(editor.get(url)) | {"overview": "A shorter overview.", "_save_draft": "Save"})
    again = editor.get(url)
    editor.post(url, admin_form_data(again) | {"long_term_healing": "Stretch daily.", "_save_draft": "Save"})

    assert again.context["adminform"].form["overview"].value() == "A shorter overview."
    [draft] = DraftChange.objects.all()
    assert any("A shorter overview." in line for line in draft.changes)
    assert any("Stretch daily." in line for line in draft.changes)
    article.refresh_from_db()
    assert article.long_term_healing == live
    assert article.overview != "A shorter overview."


def test_the_list_of_changes_waiting_links_each_draft_to_continue_it(demo, staff_in_role):
    editor = staff_in_role(CONTENT)
    _condition_obj, url = _condition()
    editor.post(url, admin_form_data(editor.get(url)) | {"summary": "Draft.", "_save_draft": "Save draft"})

    page = editor.get(reverse("admin:guides_draftchange_changelist")).text

    assert f'<a href="{url}">Continue draft' in page
