"""CSV import and export of products (django-import-export)."""

from django.core.exceptions import ValidationError
from import_export import fields, resources, widgets

from catalog.models import Brand, Category, Product


class SlugWidget(widgets.ForeignKeyWidget):
    """Find a related row by slug and name the slug when there is none."""

    def clean(self, value, row=None, **kwargs):
        try:
            return super().clean(value, row=row, **kwargs)
        except self.model.DoesNotExist:
            raise ValueError(f"There is no {self.model._meta.verbose_name} with slug “{value}”.") from None


class ProductResource(resources.ModelResource):
    """One product per row, matched on SKU; category and brand by slug."""

    category = fields.Field(attribute="category", column_name="category", widget=SlugWidget(Category, "slug"))
    brand = fields.Field(attribute="brand", column_name="brand", widget=SlugWidget(Brand, "slug"))

    class Meta:
        model = Product
        import_id_fields = ("sku",)
        fields = (
            "sku",
            "slug",
            "name",
            "category",
            "brand",
            "short_description",
            "description",
            "price",
            "currency",
            "stock_quantity",
            "is_active",
            "is_featured",
        )
        export_order = fields
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True

    def before_import(self, dataset, **kwargs):
        self._seen_skus: dict[str, int] = {}
        super().before_import(dataset, **kwargs)

    def before_import_row(self, row, **kwargs):
        sku = (row.get("sku") or "").strip()
        row_number = kwargs.get("row_number")
        if sku and sku in self._seen_skus:
            raise ValidationError(
                {"sku": f"SKU “{sku}” appears more than once in this file (first on row {self._seen_skus[sku]})."}
            )
        self._seen_skus[sku] = row_number
        super().before_import_row(row, **kwargs)
