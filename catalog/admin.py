"""Staff screens for the catalogue."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Prefetch
from django.utils.html import format_html
from import_export.admin import ImportExportModelAdmin

from catalog import services
from catalog.images import PictureField
from catalog.models import Brand, Category, Product, ProductImage
from catalog.pictures import product_image_renditions_request
from catalog.resources import ProductResource
from shop.admin_imports import BackgroundImportMixin


class ProductAdminForm(forms.ModelForm):
    """A product form that remembers the stock the page showed, so a save moves stock by the difference."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "stock_quantity" in self.fields:
            self.fields["stock_quantity"].show_hidden_initial = True

    def stock_shown(self) -> int | None:
        """Return the stock the page showed, or None when the page did not say."""
        field = self.fields["stock_quantity"]
        name = self.add_initial_prefix("stock_quantity")
        raw = field.hidden_widget().value_from_datadict(self.data, self.files, name)
        try:
            return field.to_python(raw)
        except ValidationError:
            return None


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


EDITABLE_FIELDS = frozenset(f.name for f in Product._meta.concrete_fields) - services.NOT_EDITABLE


class ProductImageInline(admin.TabularInline):
    model = ProductImage
    extra = 1
    fields = ["preview", "image", "alt_text", "position"]
    readonly_fields = ["preview"]
    # Measured from its header and refused past the pixel limit before Django opens it to verify it.
    formfield_overrides = {models.ImageField: {"form_class": PictureField}}

    @admin.display(description="Preview")
    def preview(self, obj):
        if not obj.pk or not obj.image:
            return "—"
        return format_html('<img src="{}" alt="" class="limber-thumb limber-thumb--large">', obj.image.url)


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
class ProductAdmin(BackgroundImportMixin, ImportExportModelAdmin):
    form = ProductAdminForm
    resource_classes = [ProductResource]
    list_display = ["thumbnail", "name", "sku", "category", "brand", "price", "stock_quantity", "is_active"]
    list_display_links = ["name"]
    list_editable = ["price", "stock_quantity"]
    list_filter = ["category", "brand", "is_active", InStockFilter, "is_featured"]
    list_select_related = ["category", "brand"]
    list_per_page = 50
    search_fields = ["name", "sku", "family"]
    autocomplete_fields = ["category", "brand"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["created_at", "updated_at"]
    inlines = [ProductImageInline]
    actions = ["activate", "deactivate"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "sku", "category", "brand", "family"]}),
        ("Selling", {"fields": ["price", "currency", "stock_quantity", "is_active", "is_featured"]}),
        ("Text", {"fields": ["short_description", "description"]}),
        ("History", {"fields": ["created_at", "updated_at"], "classes": ["collapse"]}),
    ]

    def get_changelist_form(self, request, **kwargs):
        return super().get_changelist_form(request, form=ProductAdminForm, **kwargs)

    def save_model(self, request, obj, form, change):
        """Save the changed fields; move stock through the stock service by the difference from what was shown."""
        if not change:
            super().save_model(request, obj, form, change)
            return
        changed = [name for name in form.changed_data if name in EDITABLE_FIELDS]
        if changed:
            obj.save(update_fields=[*changed, "updated_at"])
        if "stock_quantity" in form.changed_data:
            shown = form.stock_shown()
            if shown is None:
                shown = form.initial["stock_quantity"]
            try:
                services.product_stock_adjust(product=obj, delta=obj.stock_quantity - shown)
            except ValidationError as exc:
                obj.refresh_from_db(fields=["stock_quantity"])
                self.message_user(request, f"{obj}: {' '.join(exc.messages)}", messages.ERROR)

    def save_formset(self, request, form, formset, change):
        """Save the inlines; a picture that is new or replaced gets its smaller copies from the worker."""
        super().save_formset(request, form, formset, change)
        if formset.model is not ProductImage:
            return
        for each in formset.forms:
            picture = each.instance
            if picture.pk and "image" in each.changed_data and picture not in formset.deleted_objects:
                product_image_renditions_request(image=picture)

    def has_import_permission(self, request):
        """Import adds and changes products: it needs both permissions."""
        return self.has_add_permission(request) and self.has_change_permission(request)

    def has_export_permission(self, request):
        """Export shows every product: it needs the view permission."""
        return self.has_view_permission(request)

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
        return format_html('<img src="{}" alt="" class="limber-thumb">', image.image.url)

    @admin.action(description="Activate selected products", permissions=["change"])
    def activate(self, request, queryset):
        count = services.products_set_active(products=queryset, active=True)
        self.message_user(request, f"{count} product(s) activated.", messages.SUCCESS)

    @admin.action(description="Deactivate selected products", permissions=["change"])
    def deactivate(self, request, queryset):
        count = services.products_set_active(products=queryset, active=False)
        self.message_user(request, f"{count} product(s) deactivated; shoppers no longer see them.", messages.SUCCESS)
