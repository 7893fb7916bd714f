"""The stock a cached read showed, so a stock move shows at once without emptying any cache.

While a cached page or API body is built, every product loaded from the database notes its units on
hand (`Product.from_db`, through `shop.read_watch`). The cache keeps them beside the body; whoever
serves the body later asks the database for those products' units in one query (`stock_moved`,
registered in `CatalogConfig.ready`) and builds the read again if any has moved (an order, a cancel,
an expired hold, a staff edit), whichever process made the move and whether or not Redis was there
to hear of it.
"""

import logging
from collections.abc import Collection

from django.db import DatabaseError

from catalog.models import Product
from catalog.stock_notes import ANY_IN_STOCK, stock_note
from shop.cache import log_outage, log_recovery

logger = logging.getLogger(__name__)

# Beyond this many products a read is not worth checking per request: it is left to the content version.
WATCH_MAX = 200


def _holds(noted: int, now: int | None) -> bool:
    if now is None:
        return False
    return now > 0 if noted == ANY_IN_STOCK else now == noted


def stock_moved(shown: dict[int, int] | None) -> bool:
    """Whether any product a read showed has other units on hand now (one query; False if the database is away)."""
    if not shown or len(shown) > WATCH_MAX:
        return False
    try:
        now = dict(Product.objects.filter(pk__in=shown).values_list("pk", "stock_quantity"))
    except DatabaseError as exc:
        log_outage(logger, "stock check", "Could not check the stock cached reads show (%s); serving as stored.", exc)
        return False
    log_recovery(logger, "stock check")
    return not all(_holds(noted, now.get(pk)) for pk, noted in shown.items())


def products_in_stock(product_ids: Collection[int]) -> set[int]:
    """Return which of these products are active and in stock now (one query), noting them for a cached read.

    Recommendations come from the index, which catches up with a sale a few seconds later; this is
    what keeps a product that has just sold out off every list meanwhile.
    """
    if not product_ids:
        return set()
    available = set(
        Product.objects.available().filter(pk__in=product_ids, stock_quantity__gt=0).values_list("pk", flat=True)
    )
    for pk in available:
        stock_note(pk, ANY_IN_STOCK)
    return available


def products_sold_out() -> frozenset[str]:
    """Return the slugs of products with no units on hand (one query)."""
    return frozenset(Product.objects.filter(stock_quantity=0).values_list("slug", flat=True))
