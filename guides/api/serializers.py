"""Serializers of the knowledge-base API: conditions and guides."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from guides.models import Article, Condition, ConditionSymptom, ConditionTreatment
from guides.vocabulary import NOT_MEDICAL_ADVICE
from shop.api.fields import AbsoluteUrlField
from shop.markup import markdown_render


class ConditionSerializer(serializers.ModelSerializer):
    """A condition as listed: where it is felt and its guide."""

    body_areas = serializers.SlugRelatedField(
        slug_field="slug",
        many=True,
        read_only=True,
        help_text="Slugs of the body areas where the condition is felt, e.g. knee.",
    )
    article_url = serializers.SerializerMethodField(
        help_text="Absolute address of the condition's guide page; null while it has no published guide."
    )

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
    """A symptom typical of the condition, and how often people with it have it."""

    slug = serializers.CharField(source="symptom.slug", help_text="The symptom's slug.")
    name = serializers.CharField(source="symptom.name", help_text="The symptom in plain words.")

    class Meta:
        model = ConditionSymptom
        fields = ["slug", "name", "likelihood"]


class ConditionTreatmentSerializer(serializers.ModelSerializer):
    """A way of treating the condition (stretching, cold, massage…) and how much it helps in one phase."""

    approach = serializers.CharField(
        source="approach.slug", help_text="The treatment approach's slug, e.g. stretching."
    )
    approach_name = serializers.CharField(source="approach.name", help_text="The approach's name, to show.")

    class Meta:
        model = ConditionTreatment
        fields = ["approach", "approach_name", "phase", "weight", "rationale"]


class ConditionDetailSerializer(ConditionSerializer):
    """A condition with its typical symptoms and treatments by phase."""

    symptoms = ConditionSymptomSerializer(
        source="symptom_links", many=True, read_only=True, help_text="The symptoms typical of the condition."
    )
    treatments = ConditionTreatmentSerializer(
        many=True, read_only=True, help_text="The approaches that help, each for one phase of recovery."
    )

    class Meta(ConditionSerializer.Meta):
        fields = [*ConditionSerializer.Meta.fields, "prior", "symptoms", "treatments"]


class ArticleSerializer(serializers.ModelSerializer):
    """A guide as listed."""

    condition = serializers.SlugRelatedField(
        slug_field="slug",
        read_only=True,
        help_text="Slug of the condition the guide is about (see /api/v1/conditions/).",
    )
    url = AbsoluteUrlField(
        source="get_absolute_url", read_only=True, help_text="Absolute address of the guide page on the shop's site."
    )

    class Meta:
        model = Article
        fields = ["slug", "title", "condition", "url", "seo_description", "reviewed_on"]


class SectionSerializer(serializers.Serializer):
    """One section of a guide, as Markdown and as sanitised HTML."""

    name = serializers.CharField(
        help_text="Which section: overview, causes, symptoms, immediate_relief, long_term_healing or "
        "when_to_see_doctor."
    )
    title = serializers.CharField(help_text="The section's heading, e.g. “When to see a doctor”.")
    markdown = serializers.CharField(help_text="The section's text as written, in Markdown; empty when it has none.")
    html = serializers.CharField(help_text="The same text rendered to sanitised HTML, ready to show.")


class ArticleDetailSerializer(ArticleSerializer):
    """A guide with each section rendered to sanitised HTML."""

    sections = serializers.SerializerMethodField(help_text="Every section of the guide, in reading order.")
    mentioned_products = serializers.ListField(
        source="mentioned_product_slugs",
        child=serializers.CharField(),
        help_text="Slugs of the products the sections mention, in order of first mention; empty when none.",
    )
    disclaimer = serializers.SerializerMethodField(
        help_text="That the guide is general information, not medical advice: show it with the guide."
    )

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
