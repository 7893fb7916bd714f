"""CSV import and export of products (django-import-export).

Exported cells a spreadsheet would run as a formula start with an apostrophe
(`shop.spreadsheets`); an import refuses such text through the model's own validators, as the
admin and the API do. Staff imports run in the worker, a batch at a time (`shop/import_runs.py`):
a batch loads the products it names with their shelves and makers, and the slugs it could collide
with, in a few queries; checks each row without a query of its own; and writes in bulk. A preview
(dry run) writes nothing.
"""

from django.core.exceptions import ValidationError
from django.db.models.functions import Lower
from django.utils import timezone
from import_export import fields, widgets
from import_export.instance_loaders import CachedInstanceLoader

from catalog import services
from catalog.models import Brand, Category, Product
from catalog.signals import products_changed
from shop.import_results import SpreadsheetResource

EDITABLE = [f.name for f in Product._meta.concrete_fields if f.name not in services.NOT_EDITABLE]
SLUG_TAKEN = "A product with this slug (ignoring case) already exists."
_MISSING = object()


class SlugWidget(widgets.ForeignKeyWidget):
    """Find a related row by slug, once per import, and name the slug when there is none."""

    def __init__(self, model, field="slug", **kwargs):
        super().__init__(model, field, **kwargs)
        self._found: dict[str, object] = {}

    def clean(self, value, row=None, **kwargs):
        key = str(value or "")
        if key not in self._found:
            try:
                self._found[key] = super().clean(value, row=row, **kwargs)
            except self.model.DoesNotExist:
                self._found[key] = _MISSING
        if self._found[key] is _MISSING:
            raise ValueError(f"There is no {self.model._meta.verbose_name} with slug “{value}”.")
        return self._found[key]


class PlainNumberWidget:
    """Mixin for a number widget: a cell that is no number is told to staff in words, e.g. “Price must be …”.

    The library's widgets raise decimal.InvalidOperation, which would reach staff as Python's own words.
    """

    def __init__(self, *, message: str, **kwargs):
        super().__init__(**kwargs)
        self.message = message

    def clean(self, value, row=None, **kwargs):
        try:
            return super().clean(value, row=row, **kwargs)
        except (ArithmeticError, ValueError, TypeError) as exc:
            raise ValueError(self.message) from exc


class PriceWidget(PlainNumberWidget, widgets.DecimalWidget):
    """A price: digits with an optional decimal point, no currency sign."""


class CountWidget(PlainNumberWidget, widgets.IntegerWidget):
    """A count of units: a whole number."""


class ProductResource(SpreadsheetResource):
    """One product per row, matched on SKU; category and brand by slug.

    A row's stock is a count on hand: when it differs from the stored count it is set through the
    stock service, and left alone otherwise, so sales made while the file was being edited are kept.
    """

    category = fields.Field(attribute="category", column_name="category", widget=SlugWidget(Category))
    brand = fields.Field(attribute="brand", column_name="brand", widget=SlugWidget(Brand))
    price = fields.Field(
        attribute="price",
        column_name="price",
        widget=PriceWidget(message="Price must be a number like 12.00, without a currency sign."),
    )
    stock_quantity = fields.Field(
        attribute="stock_quantity",
        column_name="stock_quantity",
        widget=CountWidget(message="Stock must be a whole number of units, like 12."),
    )

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
            "family",
        )
        export_order = fields
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
        use_bulk = True
        batch_size = 500
        instance_loader_class = CachedInstanceLoader

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._seen_skus: dict[str, int] = {}
        self._seen_slugs: dict[str, tuple[int, str]] = {}
        self._slug_owners: dict[str, int] = {}

    def get_queryset(self):
        return Product.objects.select_related("category", "brand")

    def before_import(self, dataset, **kwargs):
        """Start a file (or carry on with its next batch) and load who holds the slugs this batch names."""
        if not kwargs.get("first_row"):
            self._seen_skus, self._seen_slugs = {}, {}
        slugs = {str(slug or "").strip().lower() for slug in dataset["slug"]} if "slug" in dataset.headers else set()
        owners = Product.objects.annotate(slug_key=Lower("slug")).filter(slug_key__in=slugs - {""})
        self._slug_owners = dict(owners.values_list("slug_key", "pk"))
        super().before_import(dataset, **kwargs)

    def before_import_row(self, row, **kwargs):
        """Refuse a SKU or slug that an earlier line of the same file already used."""
        index = kwargs.get("first_row", 0) + kwargs["row_number"] - 1
        lines = kwargs.get("lines")
        line = lines[index] if lines else index + 2
        sku = str(row.get("sku") or "").strip()
        slug = str(row.get("slug") or "").strip().lower()
        errors = {}
        if sku and self._seen_skus.setdefault(sku, line) != line:
            errors["sku"] = f"SKU “{sku}” appears more than once in this file (first on line {self._seen_skus[sku]})."
        first_line, first_sku = self._seen_slugs.setdefault(slug, (line, sku)) if slug else (line, sku)
        if first_line != line and first_sku != sku:
            errors["slug"] = f"Slug “{slug}” appears more than once in this file (first on line {first_line})."
        if errors:
            raise ValidationError(errors)
        super().before_import_row(row, **kwargs)

    def after_init_instance(self, instance, new, row, **kwargs):
        instance._stock_on_record = None if new else instance.stock_quantity
        super().after_init_instance(instance, new, row, **kwargs)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """Check a row as the admin form would, with the slug's uniqueness read from the batch's lookup.

        The table's check constraints repeat the fields' validators (price and stock not negative),
        and a shelf or maker the widget found exists, so only the fields are checked, without a query.
        """
        errors = dict(import_validation_errors or {})
        found = [name for name in ("category", "brand") if getattr(instance, f"{name}_id") is not None]
        try:
            instance.full_clean(exclude=[*errors, *found], validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        owner = self._slug_owners.get(str(instance.slug or "").lower())
        if owner is not None and owner != instance.pk and "slug" not in errors:
            errors["slug"] = [SLUG_TAKEN]
        if errors:
            raise ValidationError(errors)

    def bulk_create(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        """Insert the new products of the batch (a preview writes nothing) and tell the listeners."""
        if dry_run:
            self.create_instances.clear()
            return
        created = list(self.create_instances)
        errors = len(result.base_errors) if result else 0
        super().bulk_create(using_transactions, dry_run, raise_errors, batch_size=batch_size, result=result)
        if created and (result is None or len(result.base_errors) == errors):
            products_changed.send(sender=Product, product_ids=[product.pk for product in created])

    def bulk_update(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        """Write the changed products' fields, never stock; set stock counts through the stock service."""
        changed, self.update_instances = self.update_instances, []
        if dry_run or not changed:
            return
        now, counts = timezone.now(), {}
        for product in changed:
            product.updated_at = now
            if product.stock_quantity != product._stock_on_record:
                counts[product.pk] = product.stock_quantity
        try:
            Product.objects.bulk_update(changed, [*EDITABLE, "updated_at"], batch_size=batch_size)
            services.products_stock_count(quantities=counts)
        except Exception as exc:  # reported as the batch's error, which rolls the batch back
            self.handle_import_error(result, exc, raise_errors)
            return
        products_changed.send(sender=Product, product_ids=[product.pk for product in changed])

    def after_import(self, dataset, result, **kwargs):
        """Leave the id sequence alone: the file never gives ids, and a reset could hand one out twice."""
