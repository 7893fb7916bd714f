"""Ask for a picture's smaller copies: forgotten in the request, made by the worker after commit."""

from django.db import transaction

from catalog.models import ProductImage
from catalog.tasks import product_image_renditions_task
from shop.enqueue import task_enqueue


def product_image_renditions_request(*, image: ProductImage) -> None:
    """Drop the copies of the picture's previous file and have the worker make new ones once the upload commits."""
    ProductImage.objects.filter(pk=image.pk).update(rendition_widths=[])
    image.rendition_widths = []
    name = image.image.name
    transaction.on_commit(
        lambda: task_enqueue(product_image_renditions_task, args=(image.pk, name), about="a picture's smaller copies")
    )
