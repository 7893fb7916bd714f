from django.apps import AppConfig


class CatalogConfig(AppConfig):
    """Products, categories, brands, images and stock."""

    name = "catalog"
    verbose_name = "Catalogue"
