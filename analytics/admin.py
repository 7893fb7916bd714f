"""Staff screens for what shoppers report and do: symptom checks and statistics, read-only."""

from django.contrib import admin

from analytics.models import Assessment, ConditionStats, ProductStats


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
