import pytest

from guides.models import AnswerOption, Article, ProductApproach, ProductFit, Question
from tests.admin_forms import admin_form_data
from tests.factories import (
    AnswerOptionFactory,
    ApproachFactory,
    ArticleFactory,
    BodyAreaFactory,
    ConditionFactory,
    ProductFactory,
    QuestionFactory,
)

pytestmark = pytest.mark.django_db


def management(prefix: str, total: int = 0, initial: int = 0) -> dict:
    return {f"{prefix}-TOTAL_FORMS": str(total), f"{prefix}-INITIAL_FORMS": str(initial)}


def test_staff_add_a_treatment_and_a_curated_product_through_the_inlines(staff_client, post_and_run):
    condition = ConditionFactory(slug="sore-heel", name="Sore heel")
    heel = BodyAreaFactory(slug="foot")
    approach = ApproachFactory(slug="stretching")
    product = ProductFactory(slug="rocker")

    response = staff_client.post(
        f"/admin/guides/condition/{condition.pk}/change/",
        {
            "name": "Sore heel",
            "slug": "sore-heel",
            "summary": "Heel pain.",
            "body_areas": [heel.pk],
            "prior": "10",  # out of 100, as staff type it
            "is_published": "on",
            **management("symptom_links"),
            **management("treatments", total=1),
            "treatments-0-approach": approach.pk,
            "treatments-0-phase": "long_term",
            "treatments-0-weight": "90",
            "treatments-0-rationale": "Calf stretches ease the heel.",
            **management("curations", total=1),
            "curations-0-product": product.pk,
            "curations-0-action": "boost",
            "curations-0-boost": "30",
            "curations-0-note": "Staff favourite.",
            "curations-0-position": "0",
        },
    )

    assert response.status_code == 302, response.context["errors"] if response.context else ""
    assert not condition.treatments.exists()  # a draft until published
    post_and_run(staff_client, "/admin/guides/draftchange/publish/", {"note": "Heel advice"})
    assert condition.treatments.get().weight == 0.9
    assert condition.curations.get().note == "Staff favourite."


def test_out_of_range_weight_is_refused_with_a_message(staff_client):
    condition = ConditionFactory()
    approach = ApproachFactory()

    response = staff_client.post(
        f"/admin/guides/condition/{condition.pk}/change/",
        {
            "name": condition.name,
            "slug": condition.slug,
            "summary": "x",
            "prior": "0",
            **management("symptom_links"),
            **management("treatments", total=1),
            "treatments-0-approach": approach.pk,
            "treatments-0-phase": "long_term",
            "treatments-0-weight": "150",
            "treatments-0-rationale": "x",
            **management("curations"),
        },
    )

    assert response.status_code == 200
    assert "Ensure this value is less than or equal to 100" in response.text
    assert "The prior must be above 0" in response.text
    assert not condition.treatments.exists()


def test_article_admin_refuses_an_unknown_product_mention(staff_client):
    article = ArticleFactory()
    data = {name: getattr(article, name) for name, _ in Article.SECTIONS}
    data["causes"] = "See [[product:not-a-product]]"

    response = staff_client.post(
        f"/admin/guides/article/{article.pk}/change/",
        {"condition": article.condition_id, "title": article.title, "slug": article.slug, **data},
    )

    assert response.status_code == 200
    assert "“not-a-product”, which is not an active product" in response.text
    article.refresh_from_db()
    assert "not-a-product" not in article.causes


def test_article_admin_previews_rendered_sections_and_searches(staff_client):
    article = ArticleFactory(title="Runner's knee", overview="A **dull** ache.")

    change = staff_client.get(f"/admin/guides/article/{article.pk}/change/")
    found = staff_client.get("/admin/guides/article/", {"q": "runner"})
    filtered = staff_client.get("/admin/guides/article/", {"is_published__exact": "0"})

    assert "A <strong>dull</strong> ache." in change.text
    assert "Runner&#x27;s knee" in found.text
    assert "Runner&#x27;s knee" not in filtered.text


def question_form(question, options):
    data = {
        "slug": question.slug,
        "text": question.text,
        "stage": "30",
        "position": "0",
        "is_active": "on",
        **management("options", total=len(options)),
    }
    for index, (slug, label) in enumerate(options):
        data |= {f"options-{index}-slug": slug, f"options-{index}-label": label, f"options-{index}-position": index}
    return data


def test_single_choice_question_needs_two_options(staff_client):
    question = QuestionFactory()

    response = staff_client.post(
        f"/admin/guides/question/{question.pk}/change/", question_form(question, [("yes", "Yes")])
    )

    assert response.status_code == 200
    assert "A single-choice question needs at least two options" in response.text
    assert not AnswerOption.objects.exists()


def test_option_slugs_must_be_unique_within_a_question(staff_client):
    question = QuestionFactory()

    response = staff_client.post(
        f"/admin/guides/question/{question.pk}/change/",
        question_form(question, [("yes", "Yes"), ("yes", "Yes, really")]),
    )

    assert response.status_code == 200
    assert "Please correct the duplicate data for slug" in response.text
    assert not AnswerOption.objects.exists()


def test_staff_create_a_question_with_options(staff_client):
    response = staff_client.post(
        "/admin/guides/question/add/",
        question_form(Question(slug="knee-stairs", text="Do stairs hurt?"), [("yes", "Yes"), ("no", "No")]),
    )

    assert response.status_code == 302
    assert list(Question.objects.get(slug="knee-stairs").options.values_list("slug", flat=True)) == ["yes", "no"]


def test_product_admin_edits_what_a_product_is_for(staff_client):
    product = ProductFactory()
    approach = ApproachFactory(slug="massage")
    condition = ConditionFactory(slug="sore-heel", name="Sore heel")

    response = staff_client.post(
        f"/admin/catalog/product/{product.pk}/change/",
        {
            "name": product.name,
            "slug": product.slug,
            "sku": product.sku,
            "category": product.category_id,
            "price": "10",
            "currency": "USD",
            "stock_quantity": "3",
            "is_active": "on",
            **management("images"),
            **management("approach_links", total=1),
            "approach_links-0-approach": approach.pk,
            "approach_links-0-strength": "80",
            **management("body_area_links"),
            **management("fit_links", total=1),
            "fit_links-0-condition": condition.pk,
        },
    )

    assert response.status_code == 302
    assert ProductApproach.objects.get(product=product).strength == 0.8
    assert list(ProductFit.objects.filter(product=product).values_list("condition__slug", flat=True)) == ["sore-heel"]


@pytest.mark.parametrize("rows", [1, 30])
@pytest.mark.parametrize(
    ("url", "make", "queries"),
    [
        ("/admin/guides/condition/", lambda n: ConditionFactory(slug=f"c-{n}"), 7),
        ("/admin/guides/article/", lambda n: ArticleFactory(condition=ConditionFactory(slug=f"a-{n}")), 6),
        ("/admin/guides/question/", lambda n: AnswerOptionFactory(question=QuestionFactory()), 6),
    ],
)
def test_changelist_query_counts_do_not_grow_with_rows(
    staff_client, django_assert_num_queries, url, make, rows, queries
):
    for n in range(rows):
        make(n)

    with django_assert_num_queries(queries):
        assert staff_client.get(url).status_code == 200


def test_the_guide_address_help_shows_the_address_it_describes(staff_client):
    article = ArticleFactory()

    page = staff_client.get(f"/admin/guides/article/{article.pk}/change/").text

    assert "e.g. runners-knee for /guides/runners-knee/." in page
    assert "/guides/ /" not in page


def test_a_draft_of_a_name_ending_in_quotes_is_confirmed_with_one_full_stop(staff_client):
    article = ArticleFactory()
    url = f"/admin/guides/article/{article.pk}/change/"
    data = admin_form_data(staff_client.get(url)) | {"title": "AUDIT-DRAFT-EDIT", "_save_draft": "Save draft"}

    page = staff_client.post(url, data, follow=True).text

    assert "“AUDIT-DRAFT-EDIT”. Preview it from" in page
    assert "”.." not in page
