"""Signals other apps listen to; catalog itself knows none of its listeners."""

from django.dispatch import Signal

# Sent after a write that bypasses Model.save() (bulk updates, stock moves),
# with ``product_ids``: the products whose row changed. Sales and returns send it
# only for products that sold out or came back: in stock or not is all listeners read.
products_changed = Signal()
