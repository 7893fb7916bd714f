"""Staff screens for the knowledge base: conditions and guides, symptoms, the questionnaire, product uses."""

from django.contrib import admin
from django.contrib.admin.utils import flatten_fieldsets
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.forms.models import BaseInlineFormSet
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from catalog.admin import ProductAdmin
from catalog.models import Product
from guides.admin_drafts import DraftableAdmin, ScoresOutOf100
from guides.models import (
    AnswerOption,
    Article,
    BodyArea,
    Condition,
    ConditionSymptom,
    ConditionTreatment,
    CuratedProduct,
    ProductApproach,
    ProductBodyArea,
    ProductFit,
    Question,
    RedFlagRule,
    Symptom,
    TreatmentApproach,
)
from guides.wording import score_words
from shop.markup import markdown_render


@admin.register(BodyArea)
class BodyAreaAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Symptom)
class SymptomAdmin(DraftableAdmin):
    list_display = ["name", "slug", "body_area"]
    list_select_related = ["body_area"]
    list_filter = ["body_area"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(TreatmentApproach)
class TreatmentApproachAdmin(DraftableAdmin):
    list_display = ["name", "slug", "has_products", "position"]
    list_editable = ["position"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


class ConditionSymptomInline(ScoresOutOf100, admin.TabularInline):
    model = ConditionSymptom
    extra = 0
    autocomplete_fields = ["symptom"]
    verbose_name = "symptom"
    verbose_name_plural = "symptoms, and how strongly each points to this condition (0 to 100)"


class ConditionTreatmentInline(ScoresOutOf100, admin.TabularInline):
    model = ConditionTreatment
    extra = 0
    autocomplete_fields = ["approach"]
    verbose_name = "treatment"
    verbose_name_plural = "what helps, and when (how much it helps, 0 to 100)"


class CuratedProductInline(ScoresOutOf100, admin.TabularInline):
    model = CuratedProduct
    extra = 0
    autocomplete_fields = ["product"]
    fields = ["product", "action", "boost", "phase", "note", "position"]
    verbose_name = "staff pick"
    verbose_name_plural = "staff picks: pin to the top, move up the list, or never show"


@admin.register(Condition)
class ConditionAdmin(DraftableAdmin):
    list_display = ["name", "areas", "how_common", "is_published", "updated_at"]
    list_filter = ["is_published", "body_areas"]
    search_fields = ["name", "slug", "summary"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["body_areas"]
    inlines = [ConditionSymptomInline, ConditionTreatmentInline, CuratedProductInline]
    fieldsets = [
        (None, {"fields": ["name", "slug", "summary", "body_areas", "prior", "is_published"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("body_areas")

    @admin.display(description="Body areas")
    def areas(self, obj):
        return ", ".join(area.name for area in obj.body_areas.all())

    @admin.display(description="How common", ordering="prior")
    def how_common(self, obj):
        return score_words(obj.prior, field="prior")


@admin.register(Article)
class ArticleAdmin(DraftableAdmin):
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
            '<section class="limber-guide-section"><h2>{}</h2>{}</section>',
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
        ("red_flag", "red_flag_message", "withhold_products"),
    ]
    autocomplete_fields = ["symptoms_present", "symptoms_absent", "body_area"]


@admin.register(Question)
class QuestionAdmin(DraftableAdmin):
    list_display = ["text", "stage", "allows_multiple", "option_count", "position", "is_active"]
    list_filter = ["stage", "is_active", "allows_multiple", "body_areas"]
    list_editable = ["position"]  # being asked or not goes through the form: it may change safety advice
    search_fields = ["text", "slug"]
    prepopulated_fields = {"slug": ["text"]}
    filter_horizontal = ["body_areas"]
    inlines = [AnswerOptionInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(option_count=Count("options"))

    @admin.display(description="Options", ordering="option_count")
    def option_count(self, obj):
        return obj.option_count


@admin.register(RedFlagRule)
class RedFlagRuleAdmin(admin.ModelAdmin):
    """The red-flag rules as loaded from guides/content/red_flags.yaml, read-only: the file is the source."""

    list_display = ["sign", "level", "withhold_products", "source", "is_active"]
    list_filter = ["level", "is_active", "regions"]
    search_fields = ["sign", "slug", "source", "message"]
    readonly_fields = ["slug", "sign", "regions", "ages", "when", "level", "withhold_products", "message"]
    readonly_fields += ["watch_out", "source", "reason", "position", "is_active", "created_at", "updated_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ProductApproachInline(ScoresOutOf100, admin.TabularInline):
    model = ProductApproach
    extra = 0
    autocomplete_fields = ["approach"]
    verbose_name = "treatment approach it serves"
    verbose_name_plural = "treatment approaches it serves (how well, 0 to 100)"


class ProductBodyAreaInline(admin.TabularInline):
    model = ProductBodyArea
    extra = 0
    verbose_name = "body area it is made for"
    verbose_name_plural = "body areas it is made for"


class ProductFitInline(admin.TabularInline):
    model = ProductFit
    extra = 0
    autocomplete_fields = ["condition"]
    verbose_name = "condition it is made for"
    verbose_name_plural = "conditions it is made for (leave empty when it suits every condition where it is used)"


class ProductWithUsesAdmin(DraftableAdmin, ProductAdmin):
    """The catalogue's product admin plus what the product is for."""

    inlines = [*ProductAdmin.inlines, ProductApproachInline, ProductBodyAreaInline, ProductFitInline]

    def _edits_only_uses(self, request) -> bool:
        user = request.user
        return not user.has_perm("catalog.change_product") and user.has_perm("guides.change_productapproach")

    def has_change_permission(self, request, obj=None):
        """Staff who may edit what products are for, but not products, reach one product's form for that alone."""
        if obj is not None and self._edits_only_uses(request):
            return True
        return super().has_change_permission(request, obj)

    def get_prepopulated_fields(self, request, obj=None):
        if obj is not None and self._edits_only_uses(request):
            return {}
        return super().get_prepopulated_fields(request, obj)

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and self._edits_only_uses(request):
            return [*flatten_fieldsets(self.fieldsets), *self.readonly_fields]
        return super().get_readonly_fields(request, obj)


admin.site.unregister(Product)
admin.site.register(Product, ProductWithUsesAdmin)
