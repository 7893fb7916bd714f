"""Staff screens for the catalogue."""

from django.contrib import admin, messages
from django.db.models import Prefetch
from django.utils.html import format_html
from import_export.admin import ImportExportModelAdmin

from catalog import services
from catalog.models import Brand, Category, Product, ProductImage
from catalog.resources import ProductResource


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "parent", "position"]
    list_select_related = ["parent"]
    list_editable = ["position"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]


@admin.register(Brand)
class BrandAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


class ProductImageInline(admin.TabularInline):
    model = ProductImage
    extra = 1
    fields = ["preview", "image", "alt_text", "position"]
    readonly_fields = ["preview"]

    @admin.display(description="Preview")
    def preview(self, obj):
        if not obj.pk or not obj.image:
            return "—"
        return format_html('<img src="{}" alt="" style="width:72px;height:72px;object-fit:cover">', obj.image.url)


class InStockFilter(admin.SimpleListFilter):
    title = "stock"
    parameter_name = "stock"

    def lookups(self, request, model_admin):
        return [("in", "In stock"), ("out", "Out of stock")]

    def queryset(self, request, queryset):
        if self.value() == "in":
            return queryset.in_stock()
        if self.value() == "out":
            return queryset.filter(stock_quantity=0)
        return queryset


@admin.register(Product)
class ProductAdmin(ImportExportModelAdmin):
    resource_classes = [ProductResource]
    list_display = ["thumbnail", "name", "sku", "category", "brand", "price", "stock_quantity", "is_active"]
    list_display_links = ["name"]
    list_editable = ["price", "stock_quantity"]
    list_filter = ["category", "brand", "is_active", InStockFilter, "is_featured"]
    list_select_related = ["category", "brand"]
    list_per_page = 50
    search_fields = ["name", "sku"]
    autocomplete_fields = ["category", "brand"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["created_at", "updated_at"]
    inlines = [ProductImageInline]
    actions = ["activate", "deactivate"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "sku", "category", "brand"]}),
        ("Selling", {"fields": ["price", "currency", "stock_quantity", "is_active", "is_featured"]}),
        ("Text", {"fields": ["short_description", "description"]}),
        ("History", {"fields": ["created_at", "updated_at"], "classes": ["collapse"]}),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related(Prefetch("images", queryset=ProductImage.objects.order_by("position", "pk")))
        )

    @admin.display(description="")
    def thumbnail(self, obj):
        image = obj.main_image
        if image is None:
            return ""
        return format_html('<img src="{}" alt="" style="width:40px;height:40px;object-fit:cover">', image.image.url)

    @admin.action(description="Activate selected products", permissions=["change"])
    def activate(self, request, queryset):
        count = services.products_set_active(products=queryset, active=True)
        self.message_user(request, f"{count} product(s) activated.", messages.SUCCESS)

    @admin.action(description="Deactivate selected products", permissions=["change"])
    def deactivate(self, request, queryset):
        count = services.products_set_active(products=queryset, active=False)
        self.message_user(request, f"{count} product(s) deactivated; shoppers no longer see them.", messages.SUCCESS)
