from django.apps import AppConfig


class ShopConfig(AppConfig):
    """Site-wide templates, static files, markup and the demo loader."""

    name = "shop"
    verbose_name = "Limber"
