"""Serializers of the recommendations API: ranked products, the questionnaire, recommendations."""

from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from guides.vocabulary import (
    MATCH_LIKELY,
    MATCH_NONE,
    MATCH_NOT_COVERED,
    MATCH_PENDING,
    MATCH_POSSIBLE,
    STAGE_SAFETY,
    STAGE_SYMPTOMS,
    STAGE_WHERE,
    TRIAGE_ORDER,
)
from recommendations.engine.recommend import MAX_ANSWERS
from shop.api.fields import AbsoluteUrlField, JsonTypesMixin

# The choices of the API's enums, named in SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"] so that a generated
# client gets `RecommendationMatch` and `EvidenceEffect` rather than `MatchEnum` and `EffectEnum`.
MATCH_CHOICES = (MATCH_LIKELY, MATCH_POSSIBLE, MATCH_NONE, MATCH_NOT_COVERED, MATCH_PENDING)
EVIDENCE_EFFECTS = ("for", "against")

DISCLAIMER = "That this is general information, not medical advice: show it with the result."
INDEX_VERSION = (
    "The version of the shop's knowledge (questions, conditions, products) behind the answer: the same answers get "
    "the same result while it stays the same."
)


class ProductCardSerializer(serializers.Serializer):
    """A product's card, read from `product` on whatever object carries it."""

    slug = serializers.CharField(source="product.slug", help_text="Product slug (see /api/v1/products/{slug}/).")
    name = serializers.CharField(source="product.name", help_text="Product name shown to shoppers.")
    price = serializers.DecimalField(
        source="product.price",
        max_digits=10,
        decimal_places=2,
        help_text='Price of one unit in `currency`, as a decimal string, e.g. "24.99".',
    )
    currency = serializers.CharField(source="product.currency", help_text="ISO 4217 code of the price, e.g. USD.")
    in_stock = serializers.BooleanField(
        source="product.in_stock", help_text="Whether at least one unit is on the shelf now."
    )
    url = AbsoluteUrlField(source="product.url", help_text="The product page on the shop's site.")
    image = AbsoluteUrlField(
        source="product.image_url",
        allow_null=True,
        help_text="Absolute address of the product's main picture; null when it has none.",
    )


class RankedProductSerializer(ProductCardSerializer):
    """A product in a condition's ranking, with its phase, score and reasons."""

    score = serializers.FloatField(
        source="ranked.score",
        help_text="How well it fits, to order products against each other: higher is better, on no fixed scale.",
    )
    phase = serializers.CharField(
        source="ranked.phase", help_text="immediate (relief in the first days) or long_term (lasting recovery)."
    )
    pinned = serializers.BooleanField(
        source="ranked.pinned", help_text="True when the shop's staff placed it in this list by hand."
    )
    fallback = serializers.BooleanField(
        source="ranked.fallback",
        help_text="True for a general pick for where the condition is felt, not one made for the condition.",
    )
    reasons = serializers.ListField(
        source="ranked.reasons",
        child=serializers.CharField(),
        help_text="Why it is here, in sentences to show the shopper.",
    )


class RelatedProductSerializer(ProductCardSerializer):
    """A product related to another, with why."""

    score = serializers.FloatField(
        help_text="How well it fits, to order products against each other: higher is better, on no fixed scale."
    )
    reasons = serializers.ListField(
        child=serializers.CharField(), help_text="Why it is here, in sentences to show the shopper."
    )


class ArticleRecommendationsSerializer(serializers.Serializer):
    """A guide's products, grouped by phase."""

    article = serializers.CharField(help_text="The guide's slug.")
    condition = serializers.CharField(help_text="Slug of the guide's condition.")
    phases = serializers.DictField(
        child=RankedProductSerializer(many=True),
        help_text="Phase (immediate, long_term) → its products in stock now, best first.",
    )
    disclaimer = serializers.CharField(help_text=DISCLAIMER)


class OptionSerializer(serializers.Serializer):
    """An answer option as API clients send it back."""

    slug = serializers.CharField(help_text="Send this as the answer to the question.")
    label = serializers.CharField(help_text="The option as the shopper reads it, e.g. “Not sure”.")


@extend_schema_field(
    {
        "type": "object",
        "description": "Question slug → an option slug, or a list of option slugs for a multiple-choice question; "
        "each one of the options the question lists.",
        "additionalProperties": {
            "oneOf": [
                {"type": "string", "maxLength": 80},
                {"type": "array", "items": {"type": "string", "maxLength": 80}, "maxItems": 50},
            ]
        },
        "maxProperties": MAX_ANSWERS,
    }
)
class AnswersField(serializers.DictField):
    """Answers as API clients send them: each an option slug or a list of them."""

    def __init__(self, **kwargs):
        super().__init__(child=serializers.JSONField(), **kwargs)


class QuestionSerializer(serializers.Serializer):
    """A symptom-check question: ask it when the shopper's body areas match `body_areas` (or it is empty)."""

    slug = serializers.CharField(help_text="The question's slug: the key of its answer in `answers`.")
    text = serializers.CharField(help_text="The question as the shopper reads it.")
    help_text = serializers.CharField(help_text="A hint shown under the question; empty when there is none.")
    allows_multiple = serializers.BooleanField(
        help_text="True when the shopper may pick several options: send them as a list."
    )
    stage = serializers.SerializerMethodField(
        help_text="where (where it hurts, and age), safety (warning signs) or symptoms: the order they are asked in."
    )
    body_areas = serializers.ListField(
        child=serializers.CharField(),
        help_text="Slugs of the body areas the question is for, sorted; empty when it is for everyone.",
    )
    options = serializers.SerializerMethodField(
        help_text="The options a client may send for this question, and no other: `not-sure` is the last one "
        "on every question but age."
    )

    STAGES = {STAGE_WHERE: "where", STAGE_SAFETY: "safety", STAGE_SYMPTOMS: "symptoms"}

    def get_stage(self, question) -> str:
        return self.STAGES.get(question.stage, "symptoms")

    @extend_schema_field(OptionSerializer(many=True))
    def get_options(self, question) -> list[dict[str, str]]:
        return [{"slug": option.slug, "label": option.label} for option in question.choices]

    def to_representation(self, question):
        data = super().to_representation(question)
        data["body_areas"] = sorted(question.body_areas)
        return data


class QuestionnaireSerializer(serializers.Serializer):
    """Every question of the symptom check."""

    questions = QuestionSerializer(many=True, help_text="Every question of the symptom check.")
    index_version = serializers.CharField(help_text=INDEX_VERSION)


# A request body's component name gets "Request" added: `RecommendationRequest`, not `RecommendationRequestRequest`.
@extend_schema_serializer(component_name="Recommendation")
class RecommendationRequestSerializer(JsonTypesMixin, serializers.Serializer):
    """`answers` maps question slugs to an option slug, or a list of them for multiple choice."""

    answers = AnswersField(allow_empty=True)
    limit = serializers.IntegerField(min_value=1, max_value=50, default=6, help_text="Products to return, 1 to 50.")

    def validate(self, attrs):
        unknown = sorted(set(self.initial_data) - set(self.fields)) if isinstance(self.initial_data, dict) else []
        if unknown:
            raise serializers.ValidationError({name: ["Unknown field."] for name in unknown})
        return attrs


class TriageSerializer(serializers.Serializer):
    """Whether the answers call for self-care, a doctor, or urgent care."""

    level = serializers.ChoiceField(
        choices=list(TRIAGE_ORDER),
        help_text="urgent: seek care now (no products); see_doctor: book an appointment; self_care; "
        "incomplete: safety questions are still owed (see safety_pending).",
    )
    message = serializers.CharField(help_text="The advice for the shopper, in plain words: show it.")
    withhold_products = serializers.BooleanField(
        help_text="True when the answers call for care before any purchase: the check ends with advice only."
    )


class EvidenceSerializer(serializers.Serializer):
    """One answer that moved a condition's probability, and which way."""

    question = serializers.CharField(help_text="The question's slug.")
    question_text = serializers.CharField(help_text="The question as the shopper read it.")
    answer = serializers.CharField(help_text="The answer given, as the shopper read it.")
    effect = serializers.ChoiceField(
        choices=list(EVIDENCE_EFFECTS), help_text="for: the answer made the condition likelier; against: less likely."
    )
    weight = serializers.FloatField(
        help_text="How far the answer moved it: above 0 for, below 0 against; the further from 0, the more."
    )


class ConditionResultSerializer(serializers.Serializer):
    """A condition the answers point to, with how strongly and why."""

    slug = serializers.CharField(help_text="The condition's slug (see /api/v1/conditions/{slug}/).")
    name = serializers.CharField(help_text="The condition's plain name, e.g. “Runner's knee”.")
    probability = serializers.FloatField(help_text="How likely the answers make it, 0 to 1.")
    label = serializers.CharField(help_text="likely, possible or less likely")
    article_url = AbsoluteUrlField(
        allow_null=True, help_text="Absolute address of the condition's guide page; null when it has none."
    )
    evidence = EvidenceSerializer(many=True, help_text="The answers that moved it most, the strongest first.")


class RecommendedProductSerializer(ProductCardSerializer):
    """A product recommended for the answers, with its phase and reasons."""

    score = serializers.FloatField(
        help_text="How well it fits, to order products against each other: higher is better, on no fixed scale."
    )
    phase = serializers.CharField(
        help_text="The phase it helps most in: immediate (relief in the first days) or long_term (lasting recovery)."
    )
    reasons = serializers.ListField(
        child=serializers.CharField(), help_text="Why it is here, in sentences to show the shopper."
    )


class RecommendationSerializer(serializers.Serializer):
    """What the symptom check answers: advice, the conditions that fit, products, and the next questions."""

    triage = TriageSerializer(help_text="Whether the answers call for self-care, a doctor, or urgent care.")
    match = serializers.ChoiceField(
        choices=list(MATCH_CHOICES),
        help_text="How well the answers fit Limber's conditions: likely (one clearly ahead), possible, none "
        "(no condition fits: nothing is named as likely), not_covered (where it hurts is nothing Limber's tools "
        "help with), pending (safety answers are still owed, or a red flag ended the check).",
    )
    cannot_tell = serializers.BooleanField(
        help_text="True when the answers do not show which condition it is: no condition is named likely (none "
        "has its defining signs confirmed and is clearly ahead, and the shopper may have something Limber does "
        "not cover). `conditions` then lists candidates only, `products` holds only products that suit every "
        "top candidate (or none), and `advice` says to see a physiotherapist. False when one condition is "
        "likely, and while no result is given (match pending or not_covered)."
    )
    advice = serializers.CharField(
        allow_blank=True,
        help_text="Plain advice shown with a can't-tell result (see a physiotherapist; why products are limited "
        "or withheld); empty otherwise.",
    )
    safety_pending = serializers.ListField(
        child=serializers.CharField(),
        help_text="Slugs of the safety questions still to answer. While any is listed, the result shows no "
        "conditions and no products: ask `next_question` and send the answers again.",
    )
    conditions = ConditionResultSerializer(
        many=True,
        help_text="The conditions that fit the answers, likeliest first; empty while `safety_pending` lists any, "
        "and may be empty otherwise (see `match`).",
    )
    products = RecommendedProductSerializer(
        many=True,
        help_text="Products in stock for the answers, best first, at most `limit`; empty while `safety_pending` "
        "lists any or when `triage.withhold_products` is true.",
    )
    next_question = QuestionSerializer(
        allow_null=True, help_text="Ask this next; null when the check is complete or a red flag ended it."
    )
    next_questions = QuestionSerializer(
        many=True,
        help_text="The questions to ask together on the next screen, `next_question` first: where it hurts "
        "(with age), then every safety question that applies as one checklist, then a few symptom questions. "
        "Send all their answers at once; the answer may bring follow-up questions. Empty when `next_question` "
        "is null.",
    )
    index_version = serializers.CharField(help_text=INDEX_VERSION)
    disclaimer = serializers.CharField(help_text=DISCLAIMER)
