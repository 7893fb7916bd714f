"""Queue health for staff: what could not be queued, and when each worker was last seen; and API tokens."""

from django.contrib import admin
from django.utils import timezone

from shop import admin_tokens, admin_users  # noqa: F401 - register the API tokens and staff accounts screens
from shop.models import EnqueueFailure, WorkerHeartbeat


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows the system writes; staff read them (and may delete a stale one)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(EnqueueFailure)
class EnqueueFailureAdmin(ReadOnlyAdmin):
    list_display = ["kind", "count", "last_failed_at", "last_error"]


@admin.register(WorkerHeartbeat)
class WorkerHeartbeatAdmin(ReadOnlyAdmin):
    list_display = ["hostname", "last_seen", "seen_at"]

    @admin.display(description="last seen", ordering="seen_at")
    def last_seen(self, obj: WorkerHeartbeat) -> str:
        seconds = int((timezone.now() - obj.seen_at).total_seconds())
        return f"{seconds} s ago"
