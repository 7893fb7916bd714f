"""Celery tasks of the catalogue; each calls one service."""

from celery import shared_task

from catalog.services import product_image_renditions_make


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def product_image_renditions_task(image_id: int, name: str) -> None:
    """Make the smaller copies of an uploaded picture, away from the request that stored it."""
    product_image_renditions_make(image_id=image_id, name=name)
