"""Staff see each order's emails and their state: on the order's page, and all of them in one list."""

from django.contrib import admin

from orders.models import MessageState, OutboxMessage

FIELDS = ["kind", "recipient", "state", "created_at", "sent_at", "attempts", "next_attempt_at", "last_error"]


class OutboxMessageInline(admin.TabularInline):
    """The order's emails: what was sent when, what waits, what failed and why (read-only)."""

    model = OutboxMessage
    verbose_name = "email"
    verbose_name_plural = "emails (sent, waiting or given up)"
    extra = 0
    can_delete = False
    fields = FIELDS
    readonly_fields = FIELDS

    def has_add_permission(self, request, obj=None):
        return False


class OwedFilter(admin.SimpleListFilter):
    title = "needs attention"
    parameter_name = "attention"

    def lookups(self, request, model_admin):
        return [("failed", "Given up"), ("retrying", "Waiting after a failure")]

    def queryset(self, request, queryset):
        if self.value() == "failed":
            return queryset.filter(state=MessageState.FAILED)
        if self.value() == "retrying":
            return queryset.filter(state=MessageState.PENDING, attempts__gt=0)
        return queryset


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    """Every order email, newest first; written by the shop, sent by the worker, never edited here."""

    list_display = ["created_at", "order", "kind", "recipient", "state", "attempts", "sent_at", "last_error"]
    list_filter = [OwedFilter, "state", "kind", "created_at"]
    list_select_related = ["order"]
    search_fields = ["order__number", "recipient", "message_id"]
    date_hierarchy = "created_at"
    ordering = ["-created_at", "-pk"]
    readonly_fields = ["order", "message_id", *FIELDS]
    fields = readonly_fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
