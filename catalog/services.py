"""Writes to the catalogue: products, stock movements, activation and pictures' smaller copies.

Stock changes only here, by atomic ``F()`` updates: saving a product never
writes its stock, so an edit racing a sale cannot undo the sale.
"""

import contextlib
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Case, F, QuerySet, Value, When
from django.utils import timezone
from PIL import Image

from catalog.images import renditions_make
from catalog.models import STOCK_MAX, Product, ProductImage
from catalog.signals import products_changed

# Fields a product edit never writes: stock moves through the stock services, timestamps are the database's.
NOT_EDITABLE = frozenset({"id", "stock_quantity", "created_at", "updated_at"})


def _products_changed(product_ids: list[int]) -> None:
    products_changed.send(sender=Product, product_ids=product_ids)


@transaction.atomic
def product_create(*, data: dict[str, Any]) -> Product:
    """Create a product, with its opening stock if given."""
    product = Product(**data)
    product.full_clean()
    product.save()
    return product


@transaction.atomic
def product_update(*, product: Product, data: dict[str, Any]) -> list[str]:
    """Write the given fields that differ from the product's; return their names (never stock)."""
    refused = sorted(NOT_EDITABLE & set(data))
    if refused:
        raise ValidationError(dict.fromkeys(refused, "This field cannot be changed by editing the product."))
    changed = [name for name, value in data.items() if getattr(product, name) != value]
    for name in changed:
        setattr(product, name, data[name])
    if changed:
        product.full_clean(exclude=[field.name for field in Product._meta.fields if field.name not in changed])
        product.save(update_fields=[*changed, "updated_at"])
    return changed


@transaction.atomic
def product_stock_adjust(*, product: Product, delta: int) -> Product:
    """Add (or, with a negative delta, remove) units of stock atomically."""
    updated = Product.objects.filter(
        pk=product.pk, stock_quantity__gte=-delta, stock_quantity__lte=STOCK_MAX - delta
    ).update(stock_quantity=F("stock_quantity") + delta, updated_at=timezone.now())
    product.refresh_from_db(fields=["stock_quantity", "updated_at"])
    if not updated:
        if delta > 0:
            raise ValidationError({"adjust": f"Stock cannot exceed {STOCK_MAX}; {product.stock_quantity} on hand."})
        raise ValidationError({"adjust": f"Only {product.stock_quantity} in stock; cannot remove {-delta}."})
    _products_changed([product.pk])
    return product


def products_stock_take(*, quantities: dict[int, int]) -> dict[int, int]:
    """Take units of several products at once, all or nothing; return what is left of each short product.

    Rows are locked in primary-key order, so two buyers of overlapping baskets
    queue instead of deadlocking; on a short product nothing is written and the
    caller gets ``{product_id: units left}``. Two queries whatever the number of
    products. Run it inside the caller's transaction.
    """
    if not quantities:
        return {}
    on_hand = dict(
        Product.objects.select_for_update().filter(pk__in=quantities).order_by("pk").values_list("pk", "stock_quantity")
    )
    short = {pk: on_hand.get(pk, 0) for pk, wanted in quantities.items() if on_hand.get(pk, 0) < wanted}
    if short:
        return short
    _stock_shift(quantities={pk: -wanted for pk, wanted in quantities.items()})
    _stock_crossed_zero(product_ids=[pk for pk, wanted in quantities.items() if on_hand[pk] == wanted])
    return {}


def products_stock_return(*, quantities: dict[int, int]) -> None:
    """Put units of several products back on the shelf (a cancelled order), in one query."""
    if not quantities:
        return
    was_empty = list(Product.objects.filter(pk__in=quantities, stock_quantity=0).values_list("pk", flat=True))
    _stock_shift(quantities=quantities)
    _stock_crossed_zero(product_ids=was_empty)


def _stock_shift(*, quantities: dict[int, int]) -> None:
    """Add a signed number of units to each product in one UPDATE."""
    delta = Case(*(When(pk=pk, then=Value(units)) for pk, units in quantities.items()), default=Value(0))
    Product.objects.filter(pk__in=quantities).update(
        stock_quantity=F("stock_quantity") + delta, updated_at=timezone.now()
    )


def _stock_crossed_zero(*, product_ids: list[int]) -> None:
    # Listeners (the recommendation index) read only whether a product is in stock;
    # a sale that leaves units on the shelf changes nothing they show.
    if product_ids:
        _products_changed(sorted(product_ids))


@transaction.atomic
def product_stock_set(*, product: Product, quantity: int) -> Product:
    """Set the units on hand to an exact count."""
    if not 0 <= quantity <= STOCK_MAX:
        raise ValidationError({"quantity": f"Stock must be between 0 and {STOCK_MAX}."})
    Product.objects.filter(pk=product.pk).update(stock_quantity=quantity, updated_at=timezone.now())
    product.refresh_from_db(fields=["stock_quantity", "updated_at"])
    _products_changed([product.pk])
    return product


@transaction.atomic
def products_stock_count(*, quantities: dict[int, int]) -> None:
    """Set several products' units on hand to exact counts (a stock take, an import) in one query."""
    if not quantities:
        return
    wrong = sorted(pk for pk, quantity in quantities.items() if not 0 <= quantity <= STOCK_MAX)
    if wrong:
        raise ValidationError({"quantity": f"Stock must be between 0 and {STOCK_MAX} (products {wrong})."})
    count = Case(*(When(pk=pk, then=Value(quantity)) for pk, quantity in quantities.items()))
    Product.objects.filter(pk__in=quantities).update(stock_quantity=count, updated_at=timezone.now())
    _products_changed(sorted(quantities))


@transaction.atomic
def products_set_active(*, products: QuerySet[Product], active: bool) -> int:
    """Show or hide many products at once; return how many changed."""
    changing = list(products.exclude(is_active=active).values_list("pk", flat=True))
    Product.objects.filter(pk__in=changing).update(is_active=active, updated_at=timezone.now())
    if changing:
        _products_changed(changing)
    return len(changing)


def product_image_renditions_make(*, image_id: int, name: str) -> list[int]:
    """Measure a stored picture and make its smaller copies (the worker's job); return their widths.

    Nothing happens if the picture was deleted or replaced meanwhile: the new file has a request of its own.
    """
    image = ProductImage.objects.filter(pk=image_id, image=name).first()
    if image is None:
        return []
    widths = renditions_make(name, storage=image.image.storage)
    if image.width is None:  # a file saved through FieldFile.save() was not measured on its way in
        with contextlib.suppress(OSError, ValueError, Image.DecompressionBombError):  # unreadable: shown as it is
            image.width, image.height = image.image.width, image.image.height  # the header only
    ProductImage.objects.filter(pk=image_id, image=name).update(
        rendition_widths=widths, width=image.width, height=image.height
    )
    _products_changed([image.product_id])
    return widths
