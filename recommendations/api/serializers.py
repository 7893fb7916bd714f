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


class ProductCardSerializer(serializers.Serializer):
    """A product's card, read from `product` on whatever object carries it."""

    slug = serializers.CharField(source="product.slug")
    name = serializers.CharField(source="product.name")
    price = serializers.DecimalField(source="product.price", max_digits=10, decimal_places=2)
    currency = serializers.CharField(source="product.currency")
    in_stock = serializers.BooleanField(source="product.in_stock")
    url = AbsoluteUrlField(source="product.url")
    image = AbsoluteUrlField(source="product.image_url", allow_null=True)


class RankedProductSerializer(ProductCardSerializer):
    """A product in a condition's ranking, with its phase, score and reasons."""

    score = serializers.FloatField(source="ranked.score")
    phase = serializers.CharField(source="ranked.phase")
    pinned = serializers.BooleanField(source="ranked.pinned")
    fallback = serializers.BooleanField(source="ranked.fallback")
    reasons = serializers.ListField(source="ranked.reasons", child=serializers.CharField())


class RelatedProductSerializer(ProductCardSerializer):
    """A product related to another, with why."""

    score = serializers.FloatField()
    reasons = serializers.ListField(child=serializers.CharField())


class ArticleRecommendationsSerializer(serializers.Serializer):
    """A guide's products, grouped by phase."""

    article = serializers.CharField()
    condition = serializers.CharField()
    phases = serializers.DictField(child=RankedProductSerializer(many=True))
    disclaimer = serializers.CharField()


class OptionSerializer(serializers.Serializer):
    """An answer option as API clients send it back."""

    slug = serializers.CharField()
    label = serializers.CharField()


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

    slug = serializers.CharField()
    text = serializers.CharField()
    help_text = serializers.CharField()
    allows_multiple = serializers.BooleanField()
    stage = serializers.SerializerMethodField()
    body_areas = serializers.ListField(child=serializers.CharField())
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
    questions = QuestionSerializer(many=True)
    index_version = serializers.CharField()


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
    level = serializers.ChoiceField(
        choices=list(TRIAGE_ORDER),
        help_text="urgent: seek care now (no products); see_doctor: book an appointment; self_care; "
        "incomplete: safety questions are still owed (see safety_pending).",
    )
    message = serializers.CharField()
    withhold_products = serializers.BooleanField(
        help_text="True when the answers call for care before any purchase: the check ends with advice only."
    )


class EvidenceSerializer(serializers.Serializer):
    question = serializers.CharField()
    question_text = serializers.CharField()
    answer = serializers.CharField()
    effect = serializers.ChoiceField(choices=list(EVIDENCE_EFFECTS))
    weight = serializers.FloatField()


class ConditionResultSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    probability = serializers.FloatField()
    label = serializers.CharField(help_text="likely, possible or less likely")
    article_url = AbsoluteUrlField(allow_null=True)
    evidence = EvidenceSerializer(many=True)


class RecommendedProductSerializer(ProductCardSerializer):
    """A product recommended for the answers, with its phase and reasons."""

    score = serializers.FloatField()
    phase = serializers.CharField()
    reasons = serializers.ListField(child=serializers.CharField())


class RecommendationSerializer(serializers.Serializer):
    triage = TriageSerializer()
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
    conditions = ConditionResultSerializer(many=True)
    products = RecommendedProductSerializer(many=True)
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
    index_version = serializers.CharField()
    disclaimer = serializers.CharField()
