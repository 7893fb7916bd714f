"""Staff screens for the knowledge base, the questionnaire and what each product is for."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.forms.models import BaseInlineFormSet
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from catalog.admin import ProductAdmin
from catalog.models import Product
from recommendations.engine.answers import InvalidAnswers
from recommendations.engine.explain import explain
from recommendations.index import IndexBusy, condition_ranking_compute, index_current, index_rebuild, ranking_gaps
from recommendations.models import (
    AnswerOption,
    Article,
    Assessment,
    BodyArea,
    Condition,
    ConditionStats,
    ConditionSymptom,
    ConditionTreatment,
    CuratedProduct,
    IndexSnapshot,
    ProductApproach,
    ProductBodyArea,
    ProductStats,
    Question,
    Symptom,
    TreatmentApproach,
)
from shop.markup import markdown_render


@admin.register(BodyArea)
class BodyAreaAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Symptom)
class SymptomAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "body_area"]
    list_select_related = ["body_area"]
    list_filter = ["body_area"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(TreatmentApproach)
class TreatmentApproachAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "has_products", "position"]
    list_editable = ["position"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


class ConditionSymptomInline(admin.TabularInline):
    model = ConditionSymptom
    extra = 0
    autocomplete_fields = ["symptom"]
    verbose_name = "symptom"
    verbose_name_plural = "symptoms and how likely each is with this condition"


class ConditionTreatmentInline(admin.TabularInline):
    model = ConditionTreatment
    extra = 0
    autocomplete_fields = ["approach"]
    verbose_name = "treatment"
    verbose_name_plural = "treatments by phase"


class CuratedProductInline(admin.TabularInline):
    model = CuratedProduct
    extra = 0
    autocomplete_fields = ["product"]
    fields = ["product", "action", "boost", "phase", "note", "position"]
    verbose_name_plural = "curated products (pin, boost or never show)"


@admin.register(Condition)
class ConditionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "areas", "prior", "is_published", "updated_at"]
    list_filter = ["is_published", "body_areas"]
    search_fields = ["name", "slug", "summary"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["body_areas"]
    readonly_fields = ["shopper_preview"]
    inlines = [ConditionSymptomInline, ConditionTreatmentInline, CuratedProductInline]
    fieldsets = [
        (None, {"fields": ["name", "slug", "summary", "body_areas", "prior", "is_published"]}),
        ("What shoppers will see", {"fields": ["shopper_preview"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("body_areas")

    @admin.display(description="Body areas")
    def areas(self, obj):
        return ", ".join(area.name for area in obj.body_areas.all())

    @admin.display(description="Ranked products by phase")
    def shopper_preview(self, obj):
        if not obj.pk:
            return "Save the condition to preview its products."
        ranking, catalogue = condition_ranking_compute(slug=obj.slug)
        return render_to_string(
            "admin/recommendations/condition_preview.html", {"ranking": ranking, "products": catalogue.products}
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        condition = self.get_object(request, object_id)
        if request.method == "GET" and condition is not None and condition.is_published:
            ranking, _catalogue = condition_ranking_compute(slug=condition.slug)
            for label in ranking_gaps(ranking):
                messages.warning(
                    request,
                    f"Coverage: no in-stock product is matched to {condition.name} for {label.lower()}. "
                    "Shoppers see a general fallback there; link a product's approach or restock one.",
                )
        return super().change_view(request, object_id, form_url, extra_context)


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "condition", "is_published", "reviewed_on", "updated_at"]
    list_select_related = ["condition"]
    list_filter = ["is_published", "condition__body_areas"]
    search_fields = ["title", "slug", "condition__name", "overview"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["condition"]
    readonly_fields = ["rendered_preview"]
    fieldsets = [
        (None, {"fields": ["condition", "title", "slug", "is_published", "reviewed_on"]}),
        ("Search engines", {"fields": ["seo_title", "seo_description"], "classes": ["collapse"]}),
        (
            "Sections (Markdown; [[product:slug]] on a line of its own shows a product card)",
            {"fields": [name for name, _label in Article.SECTIONS]},
        ),
        ("Preview", {"fields": ["rendered_preview"]}),
    ]

    @admin.display(description="Rendered guide")
    def rendered_preview(self, obj):
        if not obj.pk:
            return "Save the guide to preview it."
        sections = format_html_join(
            "",
            '<section style="max-width:48rem"><h2>{}</h2>{}</section>',
            # markdown_render's output is sanitised by nh3, so it is marked safe here.
            ((label, mark_safe(markdown_render(getattr(obj, name)))) for name, label in Article.SECTIONS),  # noqa: S308
        )
        return format_html(
            '<p><a href="{}" target="_blank" rel="noopener">Open the page as shoppers see it</a></p>{}',
            obj.get_absolute_url(),
            sections,
        )


class AnswerOptionFormSet(BaseInlineFormSet):
    """Check a question's options as a whole: a single-choice question needs two.

    Duplicate option slugs are caught by the formset's own unique check.
    """

    def clean(self):
        super().clean()
        kept = [form.cleaned_data for form in self.forms if form.cleaned_data and not form.cleaned_data.get("DELETE")]
        if not self.instance.allows_multiple and len(kept) < 2:
            raise ValidationError("A single-choice question needs at least two options (shoppers also get “Not sure”).")


class AnswerOptionInline(admin.StackedInline):
    model = AnswerOption
    formset = AnswerOptionFormSet
    extra = 0
    fields = [
        ("label", "slug", "position"),
        "body_area",
        ("symptoms_present", "symptoms_absent"),
        ("red_flag", "red_flag_message"),
    ]
    autocomplete_fields = ["symptoms_present", "symptoms_absent", "body_area"]


class TryItForm(forms.Form):
    """One field per active question; empty means unanswered."""

    limit = forms.IntegerField(min_value=1, max_value=50, initial=6, label="Products")

    def __init__(self, *args, questions=(), **kwargs):
        super().__init__(*args, **kwargs)
        for question in questions:
            choices = [(option.slug, option.label) for option in question.options] + [("not-sure", "Not sure")]
            if question.allows_multiple:
                field = forms.MultipleChoiceField(
                    choices=choices, required=False, widget=forms.CheckboxSelectMultiple, label=question.text
                )
            else:
                field = forms.ChoiceField(choices=[("", "—"), *choices], required=False, label=question.text)
            self.fields[f"q-{question.slug}"] = field

    def answers(self) -> dict[str, object]:
        return {
            name[2:]: value
            for name, value in self.cleaned_data.items()
            if name.startswith("q-") and value not in ("", [], None)
        }


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["text", "slug", "stage", "allows_multiple", "option_count", "position", "is_active"]
    list_filter = ["stage", "is_active", "allows_multiple", "body_areas"]
    list_editable = ["position", "is_active"]
    search_fields = ["text", "slug"]
    prepopulated_fields = {"slug": ["text"]}
    filter_horizontal = ["body_areas"]
    inlines = [AnswerOptionInline]

    change_list_template = "admin/recommendations/question/change_list.html"

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(option_count=Count("options"))

    @admin.display(description="Options", ordering="option_count")
    def option_count(self, obj):
        return obj.option_count

    def get_urls(self):
        extra = [path("try/", self.admin_site.admin_view(self.try_it_view), name="recommendations_question_try")]
        return extra + super().get_urls()

    def try_it_view(self, request):
        """Run the engine on chosen answers and show every intermediate number."""
        index = index_current()
        form = TryItForm(request.GET or None, questions=index.questions)
        report = None
        if form.is_bound and form.is_valid():
            try:
                report = explain(index, form.answers(), limit=form.cleaned_data["limit"])
            except InvalidAnswers as exc:
                form.add_error(None, "; ".join(f"{key}: {' '.join(messages)}" for key, messages in exc.errors.items()))
        context = {
            **self.admin_site.each_context(request),
            "title": "Try the recommendation engine",
            "opts": self.model._meta,
            "form": form,
            "report": report,
            "index": index,
        }
        return TemplateResponse(request, "admin/recommendations/try_it.html", context)


class ProductApproachInline(admin.TabularInline):
    model = ProductApproach
    extra = 0
    autocomplete_fields = ["approach"]
    verbose_name = "treatment approach it serves"
    verbose_name_plural = "treatment approaches it serves (strength 0 to 1)"


class ProductBodyAreaInline(admin.TabularInline):
    model = ProductBodyArea
    extra = 0
    verbose_name = "body area it is made for"
    verbose_name_plural = "body areas it is made for"


class ProductWithUsesAdmin(ProductAdmin):
    """The catalogue's product admin plus what the product is for."""

    inlines = [*ProductAdmin.inlines, ProductApproachInline, ProductBodyAreaInline]


admin.site.unregister(Product)
admin.site.register(Product, ProductWithUsesAdmin)


@admin.register(Assessment)
class AssessmentAdmin(admin.ModelAdmin):
    """What shoppers report in the symptom check; read-only."""

    list_display = ["created_at", "source", "top_condition", "triage_level", "areas", "product_count"]
    list_filter = ["triage_level", "source", "top_condition"]
    date_hierarchy = "created_at"
    search_fields = ["top_condition"]
    readonly_fields = [field.name for field in Assessment._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description="Body areas")
    def areas(self, obj):
        return ", ".join(obj.body_areas)

    @admin.display(description="Products shown")
    def product_count(self, obj):
        return len(obj.products)


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


@admin.register(IndexSnapshot)
class IndexSnapshotAdmin(admin.ModelAdmin):
    """The compiled recommendation indexes; staff can rebuild on demand."""

    list_display = [
        "version",
        "generation",
        "built_at",
        "build_seconds",
        "product_count",
        "condition_count",
        "size_bytes",
    ]
    exclude = ["payload"]
    readonly_fields = [
        "version",
        "generation",
        "built_at",
        "build_seconds",
        "product_count",
        "condition_count",
        "size_bytes",
    ]
    actions = ["rebuild_now"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description="Rebuild the recommendation index now", permissions=["view"])
    def rebuild_now(self, request, queryset):
        try:
            index = index_rebuild(force=True)
        except IndexBusy:
            self.message_user(request, "A rebuild is already running; try again in a moment.", messages.WARNING)
            return
        self.message_user(request, f"Index {index.version} built.", messages.SUCCESS)
