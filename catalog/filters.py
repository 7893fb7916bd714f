"""The product filters shoppers and API clients share."""

import django_filters
from django import forms
from django.db.models import Q
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from catalog.models import PRICE_MAX, Brand, Category, Product

BOOLEAN_CHOICES = [("true", "Yes"), ("false", "No"), ("1", "Yes"), ("0", "No")]


class ProductFilterForm(forms.Form):
    """Reject a price range whose minimum is above its maximum (and, for API clients, empty parameters)."""

    refuse_blank = False

    def clean(self):
        if self.refuse_blank:
            for name in self.fields:
                if name in self.data and self.data.get(name) == "":
                    self.add_error(name, "Give a value or leave the parameter out.")
        cleaned = super().clean()
        low, high = cleaned.get("price_min"), cleaned.get("price_max")
        if low is not None and high is not None and low > high:
            self.add_error("price_max", "The maximum price must not be below the minimum price.")
        return cleaned


class ProductFilter(django_filters.FilterSet):
    """Filter products by shelf, maker, price, stock and words, and order them."""

    search = django_filters.CharFilter(method="filter_search", max_length=100, label="Search")
    category = django_filters.ModelChoiceFilter(
        queryset=Category.objects.all(), to_field_name="slug", method="filter_category", label="Category"
    )
    brand = django_filters.ModelChoiceFilter(
        queryset=Brand.objects.all(), to_field_name="slug", field_name="brand", label="Brand"
    )
    price_min = django_filters.NumberFilter(
        field_name="price", lookup_expr="gte", min_value=0, max_value=PRICE_MAX, label="Minimum price"
    )
    price_max = django_filters.NumberFilter(
        field_name="price", lookup_expr="lte", min_value=0, max_value=PRICE_MAX, label="Maximum price"
    )
    in_stock = django_filters.TypedChoiceFilter(
        choices=BOOLEAN_CHOICES,
        coerce=lambda value: value in ("true", "1"),
        method="filter_in_stock",
        label="In stock",
    )
    ordering = django_filters.OrderingFilter(
        fields=(("price", "price"), ("name", "name"), ("created_at", "newest")),
        field_labels={"price": "Price", "name": "Name", "created_at": "Newest"},
        label="Sort",
    )

    class Meta:
        model = Product
        fields = ["search", "category", "brand", "price_min", "price_max", "in_stock"]
        form = ProductFilterForm

    # API clients get a 400 for `?price_max=`; the shop's own filter form sends empty fields.
    refuse_blank = False

    def get_form_class(self):
        form_class = super().get_form_class()
        if self.refuse_blank:
            return type(form_class.__name__, (form_class,), {"refuse_blank": True})
        return form_class

    def filter_search(self, queryset, name, value):
        terms = value.split()
        for term in terms:
            queryset = queryset.filter(
                Q(name__icontains=term) | Q(short_description__icontains=term) | Q(sku__iexact=term)
            )
        return queryset

    def filter_category(self, queryset, name, value):
        # The category tree is shallow: a shelf, its children and grandchildren.
        return queryset.filter(Q(category=value) | Q(category__parent=value) | Q(category__parent__parent=value))

    @extend_schema_field(OpenApiTypes.BOOL)
    def filter_in_stock(self, queryset, name, value):
        return queryset.in_stock() if value else queryset.filter(stock_quantity=0)

    @property
    def qs(self):
        queryset = super().qs
        # Keep pages stable when the chosen order ties (same price, same name).
        if queryset.query.order_by:
            queryset = queryset.order_by(*queryset.query.order_by, "pk")
        return queryset
