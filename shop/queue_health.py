"""What `/healthz/queue` reports: whether tasks can flow, and when Redis memory is the reason they cannot."""

from django.conf import settings
from django.db import DatabaseError
from django.utils import timezone

from shop.celery import app
from shop.models import WorkerHeartbeat
from shop.redis_memory import redis_memory


def _is_redis(url: str) -> bool:
    return str(url).startswith(("redis://", "rediss://", "unix://"))


def _redis_problems(role: str, memory: dict, *, broker: bool) -> list[str]:
    """Say, in words, what is wrong with one Redis."""
    if not memory["reachable"]:
        return [f"The {role} Redis does not answer ({memory['error']})."]
    problems = []
    if memory["full"]:
        problems.append(
            f"The {role} Redis is out of memory ({memory['used_bytes']} bytes used, maxmemory "
            f"{memory['max_bytes']}, policy {memory['policy']}): it refuses writes. "
            + ("The worker waits and takes tasks again once there is room." if broker else "")
        )
    if broker and memory["max_bytes"] and memory["policy"] != "noeviction":
        problems.append(
            f"The broker's Redis may evict queued tasks (maxmemory-policy {memory['policy']}); use noeviction."
        )
    return problems


def queue_health() -> tuple[dict, bool]:
    """Return the report and whether tasks can flow (the broker answers and has room)."""
    report: dict = {"problems": []}
    healthy = True
    broker_url = app.conf.broker_url or ""
    if _is_redis(broker_url):
        memory = redis_memory(broker_url)
        report["broker"] = memory
        report["problems"] += _redis_problems("broker", memory, broker=True)
        healthy = memory["reachable"] and not memory["full"]
    cache_url = settings.CACHES["default"].get("LOCATION", "")
    if isinstance(cache_url, str) and _is_redis(cache_url) and cache_url != broker_url:
        memory = redis_memory(cache_url)
        report["cache"] = memory
        report["problems"] += _redis_problems("cache", memory, broker=False)
    try:
        seen = WorkerHeartbeat.objects.order_by("-seen_at").values_list("seen_at", flat=True).first()
    except DatabaseError:
        seen = None
    report["worker_last_seen_seconds"] = round((timezone.now() - seen).total_seconds(), 1) if seen else None
    report["status"] = "ok" if healthy and not report["problems"] else ("degraded" if healthy else "down")
    return report, healthy
