"""Serializers of the guides and recommendations API."""

from rest_framework import serializers

from recommendations.models import Article, Condition, ConditionSymptom, ConditionTreatment
from shop.markup import markdown_render

NOT_MEDICAL_ADVICE = (
    "Not medical advice: general information to help you choose recovery tools. "
    "It does not diagnose anything; see a doctor or physical therapist if pain is severe, "
    "follows an injury, or is not improving."
)


class AbsoluteUrlField(serializers.CharField):
    """A site path made absolute when a request is in context."""

    def to_representation(self, value):
        request = self.context.get("request")
        return request.build_absolute_uri(value) if request and value else value


class ConditionSerializer(serializers.ModelSerializer):
    """A condition as listed: where it is felt and its guide."""

    body_areas = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    article_url = serializers.SerializerMethodField()

    class Meta:
        model = Condition
        fields = ["slug", "name", "summary", "body_areas", "article_url"]

    def get_article_url(self, condition) -> str | None:
        article = getattr(condition, "article", None)
        if article is None or not article.is_published:
            return None
        request = self.context.get("request")
        url = article.get_absolute_url()
        return request.build_absolute_uri(url) if request else url


class ConditionSymptomSerializer(serializers.ModelSerializer):
    slug = serializers.CharField(source="symptom.slug")
    name = serializers.CharField(source="symptom.name")

    class Meta:
        model = ConditionSymptom
        fields = ["slug", "name", "likelihood"]


class ConditionTreatmentSerializer(serializers.ModelSerializer):
    approach = serializers.CharField(source="approach.slug")
    approach_name = serializers.CharField(source="approach.name")

    class Meta:
        model = ConditionTreatment
        fields = ["approach", "approach_name", "phase", "weight", "rationale"]


class ConditionDetailSerializer(ConditionSerializer):
    """A condition with its typical symptoms and treatments by phase."""

    symptoms = ConditionSymptomSerializer(source="symptom_links", many=True, read_only=True)
    treatments = ConditionTreatmentSerializer(many=True, read_only=True)

    class Meta(ConditionSerializer.Meta):
        fields = [*ConditionSerializer.Meta.fields, "prior", "symptoms", "treatments"]


class ArticleSerializer(serializers.ModelSerializer):
    """A guide as listed."""

    condition = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    url = AbsoluteUrlField(source="get_absolute_url", read_only=True)

    class Meta:
        model = Article
        fields = ["slug", "title", "condition", "url", "seo_description", "reviewed_on"]


class ArticleDetailSerializer(ArticleSerializer):
    """A guide with each section rendered to sanitised HTML."""

    sections = serializers.SerializerMethodField()
    mentioned_products = serializers.ListField(source="mentioned_product_slugs", child=serializers.CharField())
    disclaimer = serializers.SerializerMethodField()

    class Meta(ArticleSerializer.Meta):
        fields = [*ArticleSerializer.Meta.fields, "seo_title", "sections", "mentioned_products", "disclaimer"]

    def get_sections(self, article) -> list[dict[str, str]]:
        return [
            {
                "name": name,
                "title": label,
                "markdown": getattr(article, name),
                "html": markdown_render(getattr(article, name)),
            }
            for name, label in Article.SECTIONS
        ]

    def get_disclaimer(self, article) -> str:
        return NOT_MEDICAL_ADVICE


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


class QuestionSerializer(serializers.Serializer):
    """A symptom-check question: ask it when the shopper's body areas match `body_areas` (or it is empty)."""

    slug = serializers.CharField()
    text = serializers.CharField()
    help_text = serializers.CharField()
    allows_multiple = serializers.BooleanField()
    stage = serializers.SerializerMethodField()
    body_areas = serializers.ListField(child=serializers.CharField())
    options = serializers.SerializerMethodField()

    STAGES = {10: "where", 20: "safety", 30: "symptoms"}

    def get_stage(self, question) -> str:
        return self.STAGES.get(question.stage, "symptoms")

    def get_options(self, question) -> list[dict[str, str]]:
        return [{"slug": option.slug, "label": option.label} for option in question.options] + [
            {"slug": "not-sure", "label": "Not sure"}
        ]

    def to_representation(self, question):
        data = super().to_representation(question)
        data["body_areas"] = sorted(question.body_areas)
        return data


class QuestionnaireSerializer(serializers.Serializer):
    questions = QuestionSerializer(many=True)
    index_version = serializers.CharField()


class RecommendationRequestSerializer(serializers.Serializer):
    """`answers` maps question slugs to an option slug, or a list of them for multiple choice."""

    answers = serializers.DictField(
        child=serializers.JSONField(),
        allow_empty=True,
        help_text='e.g. {"where-does-it-hurt": "knee", "knee-worse-when": ["stairs", "kneeling"]}',
    )
    limit = serializers.IntegerField(min_value=1, max_value=50, default=6, help_text="Products to return, 1 to 50.")

    def validate(self, attrs):
        unknown = sorted(set(self.initial_data) - set(self.fields)) if isinstance(self.initial_data, dict) else []
        if unknown:
            raise serializers.ValidationError({name: ["Unknown field."] for name in unknown})
        return attrs


class TriageSerializer(serializers.Serializer):
    level = serializers.ChoiceField(choices=["self_care", "see_doctor", "urgent"])
    message = serializers.CharField()


class EvidenceSerializer(serializers.Serializer):
    question = serializers.CharField()
    question_text = serializers.CharField()
    answer = serializers.CharField()
    effect = serializers.ChoiceField(choices=["for", "against"])
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
    conditions = ConditionResultSerializer(many=True)
    products = RecommendedProductSerializer(many=True)
    next_question = QuestionSerializer(allow_null=True)
    index_version = serializers.CharField()
    disclaimer = serializers.CharField()


class EventSerializer(serializers.Serializer):
    """A click or view an app reports, so its shoppers count towards popularity and click-through."""

    kind = serializers.ChoiceField(choices=["click", "view"])
    product = serializers.SlugField()
    condition = serializers.SlugField(required=False, allow_blank=True, default="")
    visitor = serializers.RegexField(r"^[A-Za-z0-9]{8,32}$", required=False, default="")

    def validate_product(self, slug):
        from catalog.models import Product

        product = Product.objects.available().filter(slug=slug).values_list("pk", flat=True).first()
        if product is None:
            raise serializers.ValidationError(f"No product with slug “{slug}”.")
        return product
