"""Publishing cannot be skipped: knowledge changes go live only by publish, safety advice by a clinical reviewer."""

import copy

import pytest
from django.urls import reverse

from catalog.models import Product
from guides.drafts import draft_save, object_rows
from guides.history import baseline_ensure
from guides.models import (
    AnswerOption,
    Article,
    DraftChange,
    ProductApproach,
    Publication,
    PublicationKind,
    Question,
    TreatmentApproach,
)
from guides.safety import safety_changes
from recommendations.publishing import knowledge_publish
from tests.admin_forms import admin_form_data, inline_field

pytestmark = pytest.mark.django_db

SAFETY_QUESTION = "safety-night-rest-pain"
SYMPTOM_QUESTION = "how-did-it-start"
PUBLISH = "admin:guides_draftchange_publish"


def _question_form(client, slug: str):
    question = Question.objects.get(slug=slug)
    url = reverse("admin:guides_question_change", args=[question.pk])
    return question, url, client.get(url)


def _save_question_text(client, slug: str, text: str, button: str = "_save"):
    _question, url, page = _question_form(client, slug)
    data = admin_form_data(page) | {"text": text, button: "Save"}
    return client.post(url, data, follow=True)


def test_staff_who_may_not_publish_are_offered_only_save_as_draft(demo, staff_in_role):
    _question, _url, page = _question_form(staff_in_role("Content editor"), SYMPTOM_QUESTION)
    html = page.content.decode()

    assert 'name="_save_draft"' in html
    assert 'name="_save"' not in html
    assert 'name="_continue"' not in html


@pytest.mark.parametrize("slug", [SAFETY_QUESTION, SYMPTOM_QUESTION])
def test_a_plain_save_without_the_publish_permission_goes_to_drafts_not_to_shoppers(demo, staff_in_role, slug):
    from django.contrib.auth.models import Permission

    editor = staff_in_role(None, username="editor")  # change permissions, as in the finding, and nothing else
    editor.user.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="guides", codename__in=["view_question", "change_question"]),
        *Permission.objects.filter(content_type__app_label="guides", codename__endswith="_answeroption"),
    )
    before = Question.objects.get(slug=slug).text

    response = _save_question_text(editor, slug, "Edited without review?")

    assert Question.objects.get(slug=slug).text == before
    [draft] = DraftChange.objects.all()
    assert any("→ “Edited without review?”" in line for line in draft.changes)
    assert "Saved as a draft — not live yet" in response.content.decode()


def test_a_publishers_plain_save_of_other_knowledge_is_a_draft_too(demo, staff_in_role):
    before = Question.objects.get(slug=SYMPTOM_QUESTION).text

    _save_question_text(staff_in_role("Shop manager"), SYMPTOM_QUESTION, "How did the pain start?")

    assert Question.objects.get(slug=SYMPTOM_QUESTION).text == before
    assert DraftChange.objects.count() == 1


def test_a_publishers_save_of_safety_advice_waits_for_a_clinical_reviewer_and_their_confirmation(
    demo, staff_in_role, post_and_run
):
    manager, reviewer = staff_in_role("Shop manager"), staff_in_role("Clinical reviewer")
    before = Question.objects.get(slug=SAFETY_QUESTION).text

    saved = _save_question_text(manager, SAFETY_QUESTION, "Does it hurt at night?").content.decode()
    page = manager.get(reverse(PUBLISH)).content.decode()
    by_manager = post_and_run(manager, reverse(PUBLISH), {"note": "Shorter", "triage_confirmed": "on"}).text
    unconfirmed = post_and_run(reviewer, reverse(PUBLISH), {"note": "Shorter"}).text

    assert "Saved as a draft — not live yet" in saved
    assert "a clinical reviewer must publish it" in saved
    assert "These changes touch safety advice" in page
    assert "Only a clinical reviewer may publish them" in page
    assert "only a clinical reviewer may publish them" in by_manager
    assert "changes safety advice. Check it and tick the confirmation" in unconfirmed
    assert Question.objects.get(slug=SAFETY_QUESTION).text == before
    post_and_run(reviewer, reverse(PUBLISH), {"note": "Shorter", "triage_confirmed": "on"})
    assert Question.objects.get(slug=SAFETY_QUESTION).text == "Does it hurt at night?"
    assert Publication.objects.get(kind=PublicationKind.PUBLISH).published_by_name == "clinical-reviewer"


def test_a_red_flag_message_on_any_question_is_safety_advice(demo, staff_in_role):
    manager = staff_in_role("Shop manager")
    # The demo's red flags are rules (red_flags.yaml); an answer option may still carry one of its own.
    option = AnswerOption.objects.filter(question__stage=10, body_area__slug="chest").select_related("question").get()
    AnswerOption.objects.filter(pk=option.pk).update(red_flag="see_doctor", red_flag_message="Get it checked.")
    _question, url, page = _question_form(manager, option.question.slug)
    data = admin_form_data(page)
    data[inline_field(data, page, prefix="options", match=lambda o: o.pk == option.pk, field="red_flag_message")] = (
        "Probably fine."
    )

    manager.post(url, data | {"_save": "Save"})

    option.refresh_from_db()
    assert option.red_flag_message != "Probably fine."
    [draft] = DraftChange.objects.all()
    assert any("Probably fine." in line for line in draft.changes)


def test_list_editing_goes_live_so_it_is_not_offered_to_those_who_cannot_publish(demo, staff_in_role):
    editor = staff_in_role("Content editor")
    approach = TreatmentApproach.objects.order_by("position", "name", "pk").first()
    changelist = reverse("admin:guides_treatmentapproach_changelist")
    crafted = {"form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "1", "form-0-id": approach.pk, "form-0-position": "99"}

    page = editor.get(changelist).content.decode()
    editor.post(changelist, crafted | {"_save": "Save"})

    assert 'name="form-0-position"' not in page
    assert 'name="form-0-position"' in staff_in_role("Shop manager").get(changelist).content.decode()
    assert TreatmentApproach.objects.get(pk=approach.pk).position == approach.position


def test_deleting_what_shoppers_see_needs_publishing_and_safety_questions_a_clinical_reviewer(demo, staff_in_role):
    question = Question.objects.get(slug=SAFETY_QUESTION)
    url = reverse("admin:guides_question_delete", args=[question.pk])

    by_editor = staff_in_role("Content editor").post(url, {"post": "yes"})
    manager = staff_in_role("Shop manager")
    page = manager.get(url).content.decode()
    manager.post(url, {"post": "yes"})

    assert by_editor.status_code == 403
    assert "a clinical reviewer deletes it" in page
    assert Question.objects.filter(pk=question.pk).exists()
    staff_in_role("Clinical reviewer").post(url, {"post": "yes"})
    assert not Question.objects.filter(pk=question.pk).exists()


def test_a_question_added_by_a_content_editor_stays_hidden_until_published(demo, staff_in_role):
    editor = staff_in_role("Content editor")
    data = {
        "slug": "new-question",
        "text": "Is it new?",
        "stage": "30",
        "position": "0",
        "is_active": "on",
        "options-TOTAL_FORMS": "2",
        "options-INITIAL_FORMS": "0",
        "options-0-label": "Yes",
        "options-0-slug": "yes",
        "options-0-position": "0",
        "options-1-label": "No",
        "options-1-slug": "no",
        "options-1-position": "1",
    }

    response = editor.post(reverse("admin:guides_question_add"), data, follow=True)

    question = Question.objects.get(slug="new-question")
    assert not question.is_active
    assert "Saved hidden from shoppers" in response.content.decode()


def test_a_safety_question_added_by_a_publisher_stays_hidden_for_a_clinical_reviewer(demo, staff_in_role):
    data = {"slug": "new-safety", "text": "Any fever?", "stage": "20", "position": "0", "is_active": "on"}
    data |= {"options-TOTAL_FORMS": "2", "options-INITIAL_FORMS": "0"}
    data |= {"options-0-label": "Yes", "options-0-slug": "yes", "options-0-position": "0"}
    data |= {"options-1-label": "No", "options-1-slug": "no", "options-1-position": "1"}

    staff_in_role("Shop manager").post(reverse("admin:guides_question_add"), data)

    assert not Question.objects.get(slug="new-safety").is_active


def _uses_prefix(page) -> str:
    return next(
        inline.formset.prefix for inline in page.context["inline_admin_formsets"] if "approach" in inline.formset.prefix
    )


def _product_uses_form(client, product):
    url = reverse("admin:catalog_product_change", args=[product.pk])
    page = client.get(url)
    return url, page


def test_a_catalogue_editor_saves_product_details_live_and_what_it_is_for_as_a_draft(demo, staff_in_role):
    editor = staff_in_role("Catalogue editor")
    link = ProductApproach.objects.select_related("product").first()
    url, page = _product_uses_form(editor, link.product)
    data = admin_form_data(page) | {"name": "Renamed roller"}
    prefix = _uses_prefix(page)
    data[inline_field(data, page, prefix=prefix, match=lambda row: row.pk == link.pk, field="strength")] = "5"

    editor.post(url, data)

    assert Product.objects.get(pk=link.product_id).name == "Renamed roller"
    assert ProductApproach.objects.get(pk=link.pk).strength == link.strength
    [draft] = DraftChange.objects.all()
    assert draft.model == "catalog.product"


def test_a_content_editor_drafts_what_a_product_is_for_and_cannot_touch_the_product(demo, staff_in_role):
    editor = staff_in_role("Content editor")
    link = ProductApproach.objects.select_related("product").first()
    product = link.product
    url, page = _product_uses_form(editor, product)
    data = admin_form_data(page) | {"name": "Renamed roller", "price": "0.01", "stock_quantity": "0"}
    prefix = _uses_prefix(page)
    data[inline_field(data, page, prefix=prefix, match=lambda row: row.pk == link.pk, field="strength")] = "5"

    editor.post(url, data)

    product.refresh_from_db()
    assert (product.name, product.price, product.stock_quantity) == (
        link.product.name,
        link.product.price,
        link.product.stock_quantity,
    )
    assert ProductApproach.objects.get(pk=link.pk).strength == link.strength
    assert DraftChange.objects.get().model == "catalog.product"
    editor.post(reverse("admin:catalog_product_changelist"), {"action": "deactivate", "_selected_action": [product.pk]})
    assert Product.objects.get(pk=product.pk).is_active


def test_guide_text_is_drafted_and_its_when_to_see_a_doctor_is_safety_advice(demo, staff_in_role):
    article = Article.objects.first()
    url = reverse("admin:guides_article_change", args=[article.pk])
    editor, manager = staff_in_role("Content editor"), staff_in_role("Shop manager")

    editor.post(url, admin_form_data(editor.get(url)) | {"overview": "Shorter.", "_save_draft": "Save as draft"})
    manager.post(url, admin_form_data(manager.get(url)) | {"when_to_see_doctor": "Never.", "_save": "Save"})

    article.refresh_from_db()
    assert article.overview != "Shorter."
    assert article.when_to_see_doctor != "Never."
    assert DraftChange.objects.count() == 1  # one draft per object: the manager's replaced the editor's
    assert any("Never." in line for line in DraftChange.objects.get().changes)


def test_restoring_a_version_that_changes_safety_advice_needs_a_clinical_reviewer_and_confirmation(
    demo, staff_in_role, post_and_run
):
    manager, reviewer = staff_in_role("Shop manager"), staff_in_role("Clinical reviewer")
    question = Question.objects.get(slug=SAFETY_QUESTION)
    baseline_ensure()
    before = object_rows(question)
    after = copy.deepcopy(before)
    after[0]["fields"]["concern"] = "nothing much"
    draft_save(obj=question, before=before, after=after, user=reviewer.user)
    knowledge_publish(user=reviewer.user, note="Softer", triage_confirmed=True)
    url = reverse("admin:guides_publication_restore", args=[Publication.objects.get(kind=PublicationKind.BASELINE).pk])

    page = manager.get(url).content.decode()
    by_manager = post_and_run(manager, url, {"safety_confirmed": "on"}).text
    unconfirmed = post_and_run(reviewer, url, {}).text

    assert "Restoring it changes safety advice" in page
    assert "only a clinical reviewer may publish them" in by_manager
    assert "tick the confirmation" in unconfirmed
    assert Question.objects.get(pk=question.pk).concern == "nothing much"
    post_and_run(reviewer, url, {"safety_confirmed": "on"})
    assert Question.objects.get(pk=question.pk).concern == before[0]["fields"]["concern"]


QUESTION, ARTICLE = "guides.question", "guides.article"


def _row(model: str, pk: int, **fields) -> dict:
    return {"model": model, "pk": pk, "fields": fields}


@pytest.mark.parametrize(
    ("before", "after", "touches"),
    [
        (
            [_row(QUESTION, 1, stage=30, concern="", text="A")],
            [_row(QUESTION, 1, stage=30, concern="", text="B")],
            False,
        ),
        (
            [_row(QUESTION, 1, stage=20, concern="", text="A")],
            [_row(QUESTION, 1, stage=20, concern="", text="B")],
            True,
        ),
        (
            [_row("guides.question", 1, stage=30, concern="")],
            [_row("guides.question", 1, stage=30, concern="a clot")],
            True,
        ),
        ([_row("guides.question", 1, stage=30)], [_row("guides.question", 1, stage=20)], True),
        ([], [_row("guides.answeroption", 7, question=1, label="Yes", red_flag="urgent")], True),
        ([], [_row("guides.answeroption", 7, question=1, label="Yes", red_flag="")], False),
        ([_row("guides.answeroption", 7, question=1, red_flag_message="See a GP")], [], True),
        (
            [_row(ARTICLE, 3, overview="A", when_to_see_doctor="X")],
            [_row(ARTICLE, 3, overview="B", when_to_see_doctor="X")],
            False,
        ),
        (
            [_row("guides.article", 3, when_to_see_doctor="X")],
            [_row("guides.article", 3, when_to_see_doctor="Y")],
            True,
        ),
        (
            [_row("guides.question", 1, stage=20, updated_at="1")],
            [_row("guides.question", 1, stage=20, updated_at="2")],
            False,
        ),
    ],
)
def test_what_counts_as_a_change_of_safety_advice(db, before, after, touches):
    assert bool(safety_changes(before, after)) is touches
