"""Receivers that keep cached reads current when catalogue rows outside the recommendation index change."""

from shop.content import content_changed


def shelf_changed(sender, **kwargs):
    """A category or brand was saved or deleted: cached pages and API reads that name it are stale."""
    content_changed()
