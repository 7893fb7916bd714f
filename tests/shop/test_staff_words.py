"""Staff read the shop's own words: bands that agree with the help text, help in plain words, names not slugs."""

import re

import pytest
from django.urls import reverse

from analytics.models import Assessment
from catalog.models import Product
from guides.wording import SCORES, score_words
from orders.models import Order, PaymentEvent, ShippingMethod
from tests.factories import ConditionFactory

pytestmark = pytest.mark.django_db

JARGON = ["ISO 4217", "ISO-4217", "Key of the payment provider", "catalog.services", "Stock-keeping unit"]


def _examples(help_text: str) -> list[tuple[int, str]]:
    """Return the “N = words” examples a help text gives, e.g. (5, "rare")."""
    return [(int(number), words) for number, words in re.findall(r"(\d+) = ([^,.:]+)", help_text)]


@pytest.mark.parametrize("field", ["prior", "likelihood", "weight", "strength"])
def test_every_example_in_a_scores_help_text_gets_the_same_word_as_its_label(field):
    examples = _examples(SCORES[field].help_text)

    assert len(examples) >= 2
    for number, words in examples:
        shown = score_words(number / 100, field=field)
        band = re.search(r"\((.+)\)", shown).group(1)
        assert band in words, (field, number, words, shown)


def test_twelve_out_of_a_hundred_reads_fairly_common_not_very_weak():
    assert score_words(0.12, field="prior") == "12/100 (fairly common)"
    assert score_words(0.05, field="prior") == "5/100 (rare)"
    assert score_words(0.30, field="prior") == "30/100 (very common)"
    assert score_words(0.20, field="likelihood") == "20/100 (a few)"


def test_the_condition_list_says_how_common_in_the_help_texts_words(staff_client):
    ConditionFactory(name="Runner's knee", slug="runners-knee", prior=0.12)

    page = staff_client.get(reverse("admin:guides_condition_changelist")).text

    assert "12/100 (fairly common)" in page
    assert "weak" not in page


@pytest.mark.parametrize(
    "model", [Product, Order, ShippingMethod, PaymentEvent], ids=lambda model: model._meta.model_name
)
def test_help_texts_are_in_a_shop_managers_words(model):
    texts = " ".join(str(field.help_text) for field in model._meta.get_fields() if hasattr(field, "help_text"))

    assert not [word for word in JARGON if word in texts]


def test_symptom_checks_name_the_condition_in_the_list_and_its_filter(staff_client):
    ConditionFactory(name="Plantar fasciitis", slug="plantar-fasciitis")
    Assessment.objects.create(
        uid="6d5f8f8e-2f6b-4a55-8d6e-6a1f4d8d9b10",
        created_at="2026-12-01T10:00:00Z",
        source="page",
        answers={},
        triage_level="self_care",
        top_condition="plantar-fasciitis",
        index_version="v1",
    )

    page = staff_client.get(reverse("admin:analytics_assessment_changelist")).text

    assert page.count("Plantar fasciitis") >= 2  # the row and the filter
    assert ">plantar-fasciitis<" not in page
