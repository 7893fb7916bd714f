"""Writes to the catalogue: stock movements and activation."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone

from catalog.models import Product
from catalog.signals import products_changed


def _products_changed(product_ids: list[int]) -> None:
    products_changed.send(sender=Product, product_ids=product_ids)


@transaction.atomic
def product_stock_adjust(*, product: Product, delta: int) -> Product:
    """Add (or, with a negative delta, remove) units of stock atomically."""
    updated = Product.objects.filter(pk=product.pk, stock_quantity__gte=-delta).update(
        stock_quantity=F("stock_quantity") + delta, updated_at=timezone.now()
    )
    product.refresh_from_db(fields=["stock_quantity", "updated_at"])
    if not updated:
        raise ValidationError({"adjust": f"Only {product.stock_quantity} in stock; cannot remove {-delta}."})
    _products_changed([product.pk])
    return product


@transaction.atomic
def product_stock_set(*, product: Product, quantity: int) -> Product:
    """Set the units on hand to an exact count."""
    if quantity < 0:
        raise ValidationError({"quantity": "Stock cannot be negative."})
    Product.objects.filter(pk=product.pk).update(stock_quantity=quantity, updated_at=timezone.now())
    product.refresh_from_db(fields=["stock_quantity", "updated_at"])
    _products_changed([product.pk])
    return product


@transaction.atomic
def products_set_active(*, products: QuerySet[Product], active: bool) -> int:
    """Show or hide many products at once; return how many changed."""
    changing = list(products.exclude(is_active=active).values_list("pk", flat=True))
    Product.objects.filter(pk__in=changing).update(is_active=active, updated_at=timezone.now())
    if changing:
        _products_changed(changing)
    return len(changing)
