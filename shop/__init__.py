"""Limber: a store of stretching, massage and recovery tools."""

from .celery import app as celery_app

__all__ = ["celery_app"]
