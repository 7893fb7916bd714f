"""The Celery application: JSON only, time-limited, tasks found in every app."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings")

app = Celery("limber")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
