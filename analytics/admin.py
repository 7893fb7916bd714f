"""Staff screens for what shoppers report and do: symptom checks, "did it help?" answers and statistics, read-only."""

from django.contrib import admin
from django.db.models import F, OuterRef, Subquery
from django.urls import reverse
from django.utils.html import format_html

from analytics.models import (
    FLAG_MIN_ANSWERS,
    FLAG_NO_SHARE,
    SOURCE_LABELS,
    TRIAGE_LABELS,
    Assessment,
    ConditionStats,
    ProductFeedback,
    ProductHelpfulness,
    ProductStats,
)
from catalog.models import Product
from guides import vocabulary
from guides.models import AnswerOption, BodyArea, Condition, Question


def _product_names(slugs: list[str]) -> str:
    """Return the names of the products a record keeps by slug, in its order; a slug for one gone since."""
    names = dict(Product.objects.filter(slug__in=slugs).values_list("slug", "name"))
    return ", ".join(names.get(slug, slug) for slug in slugs) or "—"


def _condition_name(slug_field: str) -> Subquery:
    """Return the name of the condition whose slug a row keeps in `slug_field`, for an annotation."""
    return Subquery(Condition.objects.filter(slug=OuterRef(slug_field)).values("name")[:1])


class ConditionSlugFilter(admin.SimpleListFilter):
    """Filter rows that keep a condition's slug, offering the conditions by name."""

    title = "condition"
    parameter_name = "condition"
    field = "condition"

    def lookups(self, request, model_admin):
        slugs = model_admin.model.objects.exclude(**{self.field: ""}).values_list(self.field, flat=True).distinct()
        names = dict(Condition.objects.filter(slug__in=list(slugs)).values_list("slug", "name"))
        return sorted(((slug, names.get(slug, slug)) for slug in slugs), key=lambda choice: choice[1].lower())

    def queryset(self, request, queryset):
        return queryset.filter(**{self.field: self.value()}) if self.value() else queryset


class TopConditionFilter(ConditionSlugFilter):
    title = "most likely condition"
    parameter_name = "top_condition"
    field = "top_condition"


class LabelledFilter(admin.SimpleListFilter):
    """Filter on a field that keeps codes, offering the codes present by the words staff read."""

    field = ""
    labels: dict[str, str] = {}

    def lookups(self, request, model_admin):
        codes = model_admin.model.objects.order_by().values_list(self.field, flat=True).distinct()
        return sorted(((code, self.labels.get(code, code)) for code in codes), key=lambda choice: choice[1].lower())

    def queryset(self, request, queryset):
        return queryset.filter(**{self.field: self.value()}) if self.value() else queryset


class TriageFilter(LabelledFilter):
    title = "safety advice"
    parameter_name = "triage_level"
    field = "triage_level"
    labels = TRIAGE_LABELS


class SourceFilter(LabelledFilter):
    title = "where it was made"
    parameter_name = "source"
    field = "source"
    labels = SOURCE_LABELS


@admin.register(Assessment)
class AssessmentAdmin(admin.ModelAdmin):
    """What shoppers report in the symptom check; read-only."""

    list_display = ["created_at", "came_from", "top_condition_name", "safety_advice", "areas", "product_count"]
    list_filter = [TriageFilter, SourceFilter, TopConditionFilter]
    date_hierarchy = "created_at"
    search_fields = ["top_condition"]
    # The codes and slugs it keeps are shown in staff's words.
    readonly_fields = [
        {
            "source": "came_from",
            "triage_level": "safety_advice",
            "top_condition": "top_condition_name",
            "answers": "answers_given",
            "body_areas": "body_areas_named",
            "conditions": "conditions_shown",
            "products": "products_shown",
        }.get(field.name, field.name)
        for field in Assessment._meta.fields
        if field.name != "id"
    ]
    fields = readonly_fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(condition_name=_condition_name("top_condition"))

    @admin.display(description="Where it was made", ordering="source")
    def came_from(self, obj):
        return obj.source_label

    @admin.display(description="Safety advice", ordering="triage_level")
    def safety_advice(self, obj):
        return obj.triage_label

    @admin.display(description="Most likely condition", ordering="top_condition")
    def top_condition_name(self, obj):
        return obj.condition_name or obj.top_condition or "—"

    @admin.display(description="Body areas")
    def areas(self, obj):
        return ", ".join(obj.body_areas)

    @admin.display(description="Products shown")
    def product_count(self, obj):
        return len(obj.products)

    @admin.display(description="Body areas")
    def body_areas_named(self, obj):
        names = dict(BodyArea.objects.filter(slug__in=obj.body_areas).values_list("slug", "name"))
        return ", ".join(names.get(slug, slug) for slug in obj.body_areas) or "—"

    @admin.display(description="Answers")
    def answers_given(self, obj):
        questions = dict(Question.objects.filter(slug__in=list(obj.answers)).values_list("slug", "text"))
        options = {
            (question, option): label
            for question, option, label in AnswerOption.objects.filter(question__slug__in=list(obj.answers))
            .values_list("question__slug", "slug", "label")
            .iterator()
        }
        options.update({(question, vocabulary.NOT_SURE): vocabulary.NOT_SURE_LABEL for question in obj.answers})
        lines = []
        for question, chosen in obj.answers.items():
            chosen = chosen if isinstance(chosen, list) else [chosen]
            labels = ", ".join(options.get((question, option), str(option)) for option in chosen)
            lines.append(f"{questions.get(question, question)} {labels}")
        return "; ".join(lines) or "—"

    @admin.display(description="Conditions shown")
    def conditions_shown(self, obj):
        slugs = [shown.get("slug", "") for shown in obj.conditions]
        names = dict(Condition.objects.filter(slug__in=slugs).values_list("slug", "name"))
        return (
            ", ".join(
                f"{names.get(shown.get('slug'), shown.get('slug'))} ({shown.get('probability', 0):.0%})"
                for shown in obj.conditions
            )
            or "—"
        )

    @admin.display(description="Products recommended")
    def products_shown(self, obj):
        return _product_names(obj.products)


class ReadOnlyStatsAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description="Click-through")
    def ctr(self, obj):
        rate = obj.click_through
        return "—" if rate is None else f"{rate:.1%}"


@admin.register(ProductStats)
class ProductStatsAdmin(ReadOnlyStatsAdmin):
    """Per-product impressions, clicks, click-through, views and popularity."""

    list_display = ["product", "impressions", "clicks", "ctr", "views", "orders", "popularity", "updated_at"]
    list_select_related = ["product"]
    search_fields = ["product__name", "product__sku"]
    ordering = ["-impressions", "product_id"]


@admin.register(ConditionStats)
class ConditionStatsAdmin(ReadOnlyStatsAdmin):
    """Per-condition recommendations shown and clicked, and symptom checks topped."""

    list_display = ["condition", "assessments", "impressions", "clicks", "ctr", "updated_at"]
    list_select_related = ["condition"]
    ordering = ["-impressions", "condition_id"]


@admin.register(ProductFeedback)
class ProductFeedbackAdmin(admin.ModelAdmin):
    """Each "did it help?" answer, with the shopper's comment; read-only."""

    list_display = ["created_at", "product", "condition_display", "answer", "short_comment", "order_number"]
    list_filter = ["answer", ConditionSlugFilter]
    list_select_related = ["product"]
    search_fields = ["product__name", "product__sku", "order_number", "comment"]
    date_hierarchy = "created_at"
    # The condition is kept by slug and shown by name.
    readonly_fields = [
        "condition_display" if field.name == "condition" else field.name
        for field in ProductFeedback._meta.fields
        if field.name != "id"
    ]
    fields = readonly_fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(condition_name=_condition_name("condition"))

    @admin.display(description="Condition", ordering="condition")
    def condition_display(self, obj):
        return obj.condition_name or obj.condition or "—"

    @admin.display(description="Comment")
    def short_comment(self, obj):
        return obj.comment if len(obj.comment) <= 80 else f"{obj.comment[:79]}…"


class FlaggedFilter(admin.SimpleListFilter):
    title = "flag"
    parameter_name = "flagged"

    def lookups(self, request, model_admin):
        return [("yes", f"Many “no” (≥ {FLAG_MIN_ANSWERS} answers, ≥ {FLAG_NO_SHARE:.0%} no)")]

    def queryset(self, request, queryset):
        if self.value() != "yes":
            return queryset
        used = F("yes") + F("a_little") + F("no")
        return queryset.alias(used=used).filter(used__gte=FLAG_MIN_ANSWERS, no__gte=used * FLAG_NO_SHARE)


@admin.register(ProductHelpfulness)
class ProductHelpfulnessAdmin(ReadOnlyStatsAdmin):
    """What shoppers say about a product for a condition; a flag where many who used it say it did not help."""

    list_display = ["condition", "product", "yes", "a_little", "no", "not_used", "score", "many_no", "answers"]
    list_filter = [FlaggedFilter, "condition"]
    list_select_related = ["condition", "product"]
    search_fields = ["product__name", "product__sku", "condition__name"]
    ordering = ["condition__name", "-score", "product__name"]

    @admin.display(description="Many “no”", boolean=True)
    def many_no(self, obj):
        return obj.flagged

    @admin.display(description="Answers")
    def answers(self, obj):
        url = reverse("admin:analytics_productfeedback_changelist")
        return format_html(
            '<a href="{}?product__id__exact={}&condition={}">Read them</a>', url, obj.product_id, obj.condition.slug
        )
