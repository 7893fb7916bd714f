"""Celery tasks of the project itself."""

import socket

from celery import shared_task
from django.utils import timezone

from shop.models import WorkerHeartbeat


@shared_task(bind=True, ignore_result=True)
def worker_heartbeat_task(self) -> None:
    """Record that a worker (and the beat that sent this) is alive, for the admin."""
    hostname = self.request.hostname or socket.gethostname()
    if self.request.is_eager:
        hostname = f"{hostname} (in-process)"
    WorkerHeartbeat.objects.update_or_create(hostname=hostname, defaults={"seen_at": timezone.now()})
