"""Signals analytics sends; apps that use its statistics listen instead of being imported here."""

from django.dispatch import Signal

# Sent after commit when product popularity and statistics have been recomputed.
statistics_aggregated = Signal()
