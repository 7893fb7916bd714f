from django.apps import AppConfig
from django.db.models.signals import post_delete, post_migrate, post_save


class CatalogConfig(AppConfig):
    """Products, categories, brands, images and stock."""

    name = "catalog"
    verbose_name = "Catalogue"

    def ready(self):
        from django.conf import settings
        from PIL import Image

        from catalog import receivers
        from catalog.fulltext import product_fulltext_after_migrate
        from catalog.models import Brand, Category
        from catalog.stock_notes import STOCK
        from catalog.stock_shown import stock_moved
        from shop.read_watch import read_check_register

        # Pillow's own guard, for any picture opened anywhere: past twice this it refuses to open one
        # (uploads are held to the limit itself, from their header: catalog.images).
        Image.MAX_IMAGE_PIXELS = settings.LIMBER_IMAGE_MAX_PIXELS

        # Products reach the recommendation index, which bumps the content version; shelves and
        # makers do not, but their names show on cached pages.
        for model in (Category, Brand):
            uid = f"catalog-content-{model._meta.label_lower}"
            post_save.connect(receivers.shelf_changed, sender=model, dispatch_uid=f"{uid}-save")
            post_delete.connect(receivers.shelf_changed, sender=model, dispatch_uid=f"{uid}-delete")
        # Cached reads keep the stock they showed and are built again when it moved (an order, a cancel).
        read_check_register(STOCK, stock_moved)
        # A table Django rebuilds on SQLite loses its triggers: keep the product word table in step.
        post_migrate.connect(product_fulltext_after_migrate, sender=self, dispatch_uid="catalog-product-fulltext")
