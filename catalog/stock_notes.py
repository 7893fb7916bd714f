"""Notes of the stock a cached read shows, made as products load (`catalog.stock_shown` checks them)."""

from shop.read_watch import read_notes

STOCK = "stock"  # the kind of notes stock makes in a cached read

# Noted for a product shown only as "in stock" (a recommendation card): any count above zero still holds.
ANY_IN_STOCK = -1


def stock_note(product_id: int, quantity: int) -> None:
    """Note a product's units on hand as loaded, when a read is being built."""
    shown = read_notes(STOCK)
    if shown is not None and not (quantity == ANY_IN_STOCK and product_id in shown):
        shown[product_id] = quantity
