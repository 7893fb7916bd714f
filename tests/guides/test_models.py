import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from guides.models import AnswerOption, ConditionSymptom, ConditionTreatment, ProductApproach
from tests import factories
from tests.factories import (
    AnswerOptionFactory,
    ApproachFactory,
    ArticleFactory,
    ConditionFactory,
    ConditionSymptomFactory,
    ConditionTreatmentFactory,
    ProductApproachFactory,
    ProductFactory,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("model", "factory", "field", "value"),
    [
        (ConditionSymptom, ConditionSymptomFactory, "likelihood", 1.5),
        (ConditionTreatment, ConditionTreatmentFactory, "weight", -0.1),
        (ProductApproach, ProductApproachFactory, "strength", 2.0),
    ],
)
def test_database_keeps_weights_between_0_and_1(model, factory, field, value):
    row = factory()

    with pytest.raises(IntegrityError), transaction.atomic():
        model.objects.filter(pk=row.pk).update(**{field: value})


def test_database_rejects_a_zero_prior():
    condition = ConditionFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        type(condition).objects.filter(pk=condition.pk).update(prior=0)


def test_a_symptom_is_linked_to_a_condition_once():
    link = ConditionSymptomFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        ConditionSymptomFactory(condition=link.condition, symptom=link.symptom)


def test_an_unknown_product_mention_is_a_validation_error_naming_the_section():
    ProductFactory(slug="loop-strap")
    article = ArticleFactory.build(
        condition=ConditionFactory(),
        immediate_relief="Try this:\n\n[[product:loop-strap]]\n\n[[product:no-such-thing]]",
    )

    with pytest.raises(ValidationError) as caught:
        article.full_clean()

    message = " ".join(caught.value.message_dict["immediate_relief"])
    assert "“no-such-thing”" in message
    assert "loop-strap" not in message


def test_mentioning_an_inactive_product_is_refused():
    ProductFactory(slug="retired", is_active=False)
    article = ArticleFactory.build(condition=ConditionFactory(), causes="[[product:retired]]")

    with pytest.raises(ValidationError, match="not an active product"):
        article.full_clean()


def test_a_red_flag_needs_a_message_for_shoppers():
    option = AnswerOptionFactory.build(question=AnswerOptionFactory().question, red_flag="urgent")

    with pytest.raises(ValidationError) as caught:
        option.full_clean()

    assert "red_flag_message" in caught.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        option.save()


def test_not_sure_is_reserved_for_the_built_in_option():
    question = AnswerOptionFactory().question

    with pytest.raises(IntegrityError), transaction.atomic():
        AnswerOption.objects.create(question=question, slug="not-sure", label="Not sure")


def test_advice_only_approaches_cannot_be_given_to_products():
    link = ProductApproachFactory.build(product=ProductFactory(), approach=ApproachFactory(has_products=False))

    with pytest.raises(ValidationError, match="advice only"):
        link.full_clean()


@pytest.mark.parametrize(
    "factory",
    [
        factories.BodyAreaFactory,
        factories.ConditionFactory,
        factories.SymptomFactory,
        factories.ApproachFactory,
        factories.QuestionFactory,
    ],
)
def test_the_database_refuses_a_knowledge_slug_differing_only_by_case(factory):
    # Distinct names, so only the slugs clash (names are unique too, and PostgreSQL reports the first clash).
    named = any(field.name == "name" for field in factory._meta.model._meta.fields)
    factory(slug="knee-pain", **({"name": "First"} if named else {}))

    with pytest.raises(IntegrityError, match="slug_ci_unique"), transaction.atomic():
        factory(slug="Knee-Pain", **({"name": "Second"} if named else {}))

    assert factory._meta.model.objects.filter(slug__iexact="knee-pain").count() == 1


def test_a_guide_slug_differing_only_by_case_is_refused():
    ArticleFactory(slug="runners-knee")

    with pytest.raises(IntegrityError, match="article_slug_ci_unique"), transaction.atomic():
        ArticleFactory(slug="Runners-Knee")


def test_an_option_slug_is_unique_ignoring_case_within_its_question_only():
    option = AnswerOptionFactory(slug="stairs")
    AnswerOptionFactory(slug="STAIRS")  # another question

    with pytest.raises(ValidationError, match="ignoring case"):
        AnswerOption(question=option.question, slug="Stairs", label="Stairs").full_clean()
