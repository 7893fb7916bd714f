"""Serializers of the knowledge-base API: conditions and guides."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from guides.models import Article, Condition, ConditionSymptom, ConditionTreatment
from guides.vocabulary import NOT_MEDICAL_ADVICE
from shop.api.fields import AbsoluteUrlField
from shop.markup import markdown_render


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


class SectionSerializer(serializers.Serializer):
    """One section of a guide, as Markdown and as sanitised HTML."""

    name = serializers.CharField()
    title = serializers.CharField()
    markdown = serializers.CharField()
    html = serializers.CharField()


class ArticleDetailSerializer(ArticleSerializer):
    """A guide with each section rendered to sanitised HTML."""

    sections = serializers.SerializerMethodField()
    mentioned_products = serializers.ListField(source="mentioned_product_slugs", child=serializers.CharField())
    disclaimer = serializers.SerializerMethodField()

    class Meta(ArticleSerializer.Meta):
        fields = [*ArticleSerializer.Meta.fields, "seo_title", "sections", "mentioned_products", "disclaimer"]

    @extend_schema_field(SectionSerializer(many=True))
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
