"""CSV import and export of products (django-import-export).

Spreadsheets run a cell that starts with ``=``, ``+``, ``-`` or ``@`` as a
formula, so an export escapes such cells with a leading apostrophe and an
import refuses them with a row error. Plain numbers (``-4.00``) are not formulas.
"""

import re

from django.core.exceptions import ValidationError
from import_export import fields, resources, widgets

from catalog import services
from catalog.models import Brand, Category, Product

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"^[+-]?\d+(\.\d+)?$")


def is_formula(value) -> bool:
    """Whether a spreadsheet would run this cell as a formula."""
    return isinstance(value, str) and value.startswith(FORMULA_STARTS) and not NUMBER.match(value)


def formula_escape(value):
    """Make a cell a spreadsheet shows as text rather than runs."""
    return f"'{value}" if is_formula(value) else value


class SlugWidget(widgets.ForeignKeyWidget):
    """Find a related row by slug and name the slug when there is none."""

    def clean(self, value, row=None, **kwargs):
        try:
            return super().clean(value, row=row, **kwargs)
        except self.model.DoesNotExist:
            raise ValueError(f"There is no {self.model._meta.verbose_name} with slug “{value}”.") from None


class ProductResource(resources.ModelResource):
    """One product per row, matched on SKU; category and brand by slug.

    A row's stock is a count on hand: when it differs from the stored count it
    is set through the stock service, and left alone otherwise, so sales made
    while the file was being edited are kept.
    """

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
        formulas = {column: value for column, value in row.items() if is_formula(value)}
        if formulas:
            raise ValidationError(
                {
                    column: f"“{value[:20]}” starts with {value[0]!r}, which spreadsheets run as a formula; "
                    "remove the character or start the cell with an apostrophe."
                    for column, value in formulas.items()
                }
            )
        sku = (row.get("sku") or "").strip()
        row_number = kwargs.get("row_number")
        if sku and sku in self._seen_skus:
            raise ValidationError(
                {"sku": f"SKU “{sku}” appears more than once in this file (first on row {self._seen_skus[sku]})."}
            )
        self._seen_skus[sku] = row_number
        super().before_import_row(row, **kwargs)

    def after_init_instance(self, instance, new, row, **kwargs):
        instance._stock_on_record = None if new else instance.stock_quantity
        super().after_init_instance(instance, new, row, **kwargs)

    def do_instance_save(self, instance, is_create):
        if is_create:
            instance.save(force_insert=True)
            return
        wanted = instance.stock_quantity
        editable = [f.name for f in Product._meta.concrete_fields if f.name not in services.NOT_EDITABLE]
        instance.stock_quantity = instance._stock_on_record
        instance.save(update_fields=[*editable, "updated_at"])
        if wanted != instance._stock_on_record:
            services.product_stock_set(product=instance, quantity=wanted)

    def export_field(self, field, instance, **kwargs):
        return formula_escape(super().export_field(field, instance, **kwargs))
