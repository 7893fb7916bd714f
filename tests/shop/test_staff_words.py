"""Staff read the shop's own words: bands that agree with the help text, help in plain words, names not slugs."""

import re

import pytest
from django.apps import apps
from django.urls import reverse

from analytics.models import Assessment, ProductFeedback
from catalog.models import Product
from guides.wording import SCORES, score_words
from orders.cart import Attribution
from orders.models import Order, PaymentEvent, ShippingMethod
from orders.services import LineRequest, ShippingAddress, order_place
from tests.factories import ConditionFactory, ProductFactory

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


SHOP_APPS = ["catalog", "guides", "orders", "analytics"]
# Words a shop manager would not know; a help text explains instead ("its web-address name").
HELP_JARGON = re.compile(r"\bISO\b|JSON|\bFK\b|provider key|idempoten|\bslugs?\b|self_care|see_doctor", re.IGNORECASE)


def _help_texts():
    for label in SHOP_APPS:
        for model in apps.get_app_config(label).get_models():
            for field in model._meta.get_fields():
                if getattr(field, "help_text", ""):
                    yield f"{label}.{model.__name__}.{field.name}", str(field.help_text)


def test_no_help_text_has_angle_brackets_the_admin_would_read_as_markup():
    # The admin shows a model's help text as HTML: "api:user:<id>" would read "api:user:".
    assert [name for name, text in _help_texts() if "<" in text or ">" in text] == []


def test_no_help_text_uses_words_a_shop_manager_would_not_know():
    assert [(name, text) for name, text in _help_texts() if HELP_JARGON.search(text)] == []


def _assessment(**changes):
    fields = {
        "uid": "0c3f6a55-8c55-4a9a-9a3e-5a2a6a3f1c11",
        "created_at": "2026-12-01T10:00:00Z",
        "source": "page",
        "answers": {},
        "body_areas": [],
        "triage_level": "see_doctor",
        "top_condition": "plantar-fasciitis",
        "products": [],
        "index_version": "v1",
    }
    return Assessment.objects.create(**{**fields, **changes})


def test_a_symptom_check_record_names_the_condition_products_and_advice(staff_client):
    ConditionFactory(name="Plantar fasciitis", slug="plantar-fasciitis")
    roller = ProductFactory(name="Spiky massage ball", slug="spiky-massage-ball")
    record = _assessment(
        products=[roller.slug],
        conditions=[{"slug": "plantar-fasciitis", "probability": 0.62}],
        triage_level="see_doctor",
    )

    page = staff_client.get(reverse("admin:analytics_assessment_change", args=[record.pk])).text

    assert "Spiky massage ball" in page
    assert "Plantar fasciitis (62%)" in page
    assert "See a doctor" in page
    assert "spiky-massage-ball" not in page
    assert "plantar-fasciitis" not in page
    assert "see_doctor" not in page


def test_a_did_it_help_answer_names_the_condition_not_its_slug(staff_client):
    ConditionFactory(name="Runner's knee", slug="runners-knee")
    product = ProductFactory(name="Knee strap", slug="knee-strap")
    answer = ProductFeedback.objects.create(
        product=product, condition="runners-knee", answer="a_little", order_number="7KQ4-M2XR"
    )

    page = staff_client.get(reverse("admin:analytics_productfeedback_change", args=[answer.pk])).text

    assert "A little: Knee strap for Runner&#x27;s knee" in page  # the title
    assert "runners-knee" not in page
    assert "a_little" not in page


def test_payments_name_the_way_to_pay_not_its_code(staff_client):
    order = order_place(
        lines=[LineRequest(ProductFactory(stock_quantity=3), 1, Attribution())],
        email="sam@example.com",
        address=ShippingAddress(
            name="Sam Runner",
            line1="1 Track Lane",
            line2="",
            city="Springfield",
            region="IL",
            postcode="62704",
            country="US",
        ),
        shipping_method=ShippingMethod.objects.get_or_create(code="standard", defaults={"name": "Standard"})[0],
        payment_method="invoice",
    )
    PaymentEvent.objects.create(provider="invoice", event_id="paid-1", kind="paid", order=order)

    order_page = staff_client.get(reverse("admin:orders_order_change", args=[order.pk])).text
    events_page = staff_client.get(reverse("admin:orders_paymentevent_changelist")).text

    for page in (order_page, events_page):
        assert "Invoice / bank transfer" in page
        assert ">invoice<" not in page
