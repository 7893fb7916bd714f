"""Receivers that ask for an index rebuild when anything the index is built from changes."""

from recommendations.index.requests import index_rebuild_request


def knowledge_changed(sender, **kwargs):
    """A row the index reads was saved or deleted."""
    if kwargs.get("raw"):  # loading fixtures
        return
    index_rebuild_request()


def knowledge_links_changed(sender, action, **kwargs):
    """A many-to-many link the index reads was added, removed or cleared."""
    if action in ("post_add", "post_remove", "post_clear"):
        index_rebuild_request()


def products_changed(sender, product_ids, **kwargs):
    """The catalogue changed products without saving them one by one (stock moves, bulk actions)."""
    index_rebuild_request()


def statistics_aggregated(sender, **kwargs):
    """Popularity was recomputed: it is a small prior in the ranking."""
    index_rebuild_request()
