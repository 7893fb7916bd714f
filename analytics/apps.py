from django.apps import AppConfig


class AnalyticsConfig(AppConfig):
    """Shopper events, symptom-check records and the statistics aggregated from them."""

    name = "analytics"
    verbose_name = "Shopper analytics"
