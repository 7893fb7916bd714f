"""Staff screens for orders: list, search, filters, status actions, CSV export and a sales dashboard."""

import csv
from datetime import timedelta

from django.conf import settings
from django.contrib import admin, messages
from django.db.models import OuterRef, Subquery
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html

from guides.models import Condition
from orders.addresses import country_get
from orders.admin_forms import OrderAddressForm
from orders.admin_outbox import OutboxMessageInline
from orders.admin_status import OrderStatusButtons
from orders.links import order_url
from orders.models import Order, OrderLine, OrderStatus, PaymentEvent, ShippingMethod, Source
from orders.payments import provider_get
from orders.selectors import sales_dashboard, sales_funnel
from orders.services import order_cancel, order_fulfil, order_mark_paid
from shop.admin_permissions import admin_view_with_permission
from shop.spreadsheets import row_safe
from shop.templatetags.shop_tags import money

FUNNEL_DAYS = 30
CSV_COLUMNS = [
    "order",
    "placed_at",
    "status",
    "email",
    "country",
    "payment_method",
    "currency",
    "order_total",
    "sku",
    "product",
    "quantity",
    "unit_price",
    "line_total",
    "source",
    "condition",
]


@admin.register(ShippingMethod)
class ShippingMethodAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "price", "currency", "is_active", "position"]
    list_editable = ["price", "is_active", "position"]
    prepopulated_fields = {"code": ["name"]}


class OrderLineInline(admin.TabularInline):
    model = OrderLine
    extra = 0
    can_delete = False
    fields = ["product_name", "product_sku", "unit_price", "quantity", "line_total", "source", "condition"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        """Each line with the name of the condition it was found for (one query for all lines)."""
        name = Condition.objects.filter(slug=OuterRef("source_condition")).values("name")[:1]
        return super().get_queryset(request).annotate(condition_name=Subquery(name))

    @admin.display(description="for the condition")
    def condition(self, line):
        return line.condition_name or line.source_condition or "—"


class SourceFilter(admin.SimpleListFilter):
    title = "found through"
    parameter_name = "source"

    def lookups(self, request, model_admin):
        return Source.choices

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(lines__source=self.value()).distinct()
        return queryset


class HoldFilter(admin.SimpleListFilter):
    title = "stock hold"
    parameter_name = "hold"

    def lookups(self, request, model_admin):
        return [
            ("open", "Holding stock, unpaid"),
            ("ending", "Hold ends within a day"),
            ("expired", "Cancelled: not paid in time"),
            ("refund", "Paid after cancellation: refund due"),
        ]

    def queryset(self, request, queryset):
        now = timezone.now()
        return {
            "open": lambda: queryset.filter(status=OrderStatus.PLACED),
            "ending": lambda: queryset.filter(status=OrderStatus.PLACED, hold_expires_at__lte=now + timedelta(days=1)),
            "expired": lambda: queryset.filter(status=OrderStatus.CANCELLED, expired_at__isnull=False),
            "refund": lambda: queryset.filter(status=OrderStatus.CANCELLED, paid_at__isnull=False),
        }.get(self.value(), lambda: queryset)()


def payment_label(key: str) -> str:
    """The name staff know a way to pay by ("Invoice / bank transfer"), or its key for one no longer configured."""
    provider = provider_get(key)
    return provider.label if provider else key


class PaymentMethodFilter(admin.SimpleListFilter):
    title = "payment"
    parameter_name = "payment_method"

    field = "payment_method"

    def lookups(self, request, model_admin):
        keys = model_admin.get_queryset(request).order_by().values_list(self.field, flat=True).distinct()
        return sorted(((key, payment_label(key)) for key in keys), key=lambda choice: choice[1])

    def queryset(self, request, queryset):
        return queryset.filter(**{self.field: self.value()}) if self.value() else queryset


class ProviderFilter(PaymentMethodFilter):
    title = "sent by"
    parameter_name = "provider"
    field = "provider"


@admin.register(Order)
class OrderAdmin(OrderStatusButtons, admin.ModelAdmin):
    list_display = [
        "number",
        "created_at",
        "email",
        "status",
        "hold_ends",
        "total_display",
        "payment",
        "country",
    ]
    list_filter = ["status", HoldFilter, PaymentMethodFilter, SourceFilter, "shipping_method", "created_at"]
    search_fields = ["number", "email", "shipping_name", "payment_reference"]
    date_hierarchy = "created_at"
    form = OrderAddressForm
    inlines = [OrderLineInline, OutboxMessageInline]
    actions = ["mark_paid", "mark_fulfilled", "cancel_and_restock", "export_csv"]
    change_list_template = "admin/orders/order/change_list.html"
    change_form_template = "admin/orders/order/change_form.html"
    readonly_fields = [
        "number",
        "status",
        "shopper_link",
        "user",
        "email",
        "subtotal",
        "shipping_price",
        "total",
        "currency",
        "payment",
        "payment_reference",
        "created_at",
        "hold_expires_at",
        "paid_at",
        "fulfilled_at",
        "cancelled_at",
        "expired_at",
        "restocked_at",
        "confirmation_withheld_at",
        "tracking_number",
        "tracking_url",
    ]
    fieldsets = [
        (None, {"fields": ["number", "status", "shopper_link", "user", "email"]}),
        (
            "Money",
            {"fields": ["subtotal", "shipping_price", "total", "currency", "payment", "payment_reference"]},
        ),
        (
            "Shipping",
            {
                "description": "Correct a typo in the address here, checked by the country's rules as at checkout; "
                "the status changes through the buttons above.",
                "fields": [
                    "shipping_name",
                    "shipping_line1",
                    "shipping_line2",
                    "shipping_country",
                    "shipping_city",
                    "shipping_region",
                    "shipping_postcode",
                    "shipping_method_name",
                ],
            },
        ),
        (
            "History",
            {
                "fields": [
                    "created_at",
                    "hold_expires_at",
                    "paid_at",
                    "fulfilled_at",
                    "cancelled_at",
                    "expired_at",
                    "restocked_at",
                    "confirmation_withheld_at",
                    "tracking_number",
                    "tracking_url",
                ],
            },
        ),
    ]

    def has_add_permission(self, request):
        return False  # orders come from the checkout and the API, with stock taken

    def has_delete_permission(self, request, obj=None):
        return False  # cancel instead: it puts the stock back

    @admin.display(description="hold ends", ordering="hold_expires_at")
    def hold_ends(self, order):
        """When an unpaid order gives its stock back; why a cancelled one was, if it was not paid in time."""
        if order.refund_due:
            return "paid late: refund"
        if order.status == OrderStatus.PLACED and order.hold_expires_at:
            return timezone.localtime(order.hold_expires_at).strftime("%Y-%m-%d %H:%M")
        return "expired" if order.expired_at else "—"

    @admin.display(description="payment", ordering="payment_method")
    def payment(self, order):
        return payment_label(order.payment_method)

    @admin.display(description="country", ordering="shipping_country")
    def country(self, order):
        known = country_get(order.shipping_country)
        return known.name if known else order.shipping_country

    @admin.display(description="total", ordering="total")
    def total_display(self, order):
        return money(order.total, order.currency)

    @admin.display(description="shopper's page")
    def shopper_link(self, order):
        return format_html('<a href="{}">{}</a>', order_url(order=order), "Open as the shopper sees it")

    def _apply(self, request, queryset, service, done: str, skipped: str):
        changed = sum(1 for order in queryset if service(order=order))
        if changed:
            self.message_user(request, f"{changed} order(s) {done}.", messages.SUCCESS)
        if unchanged := queryset.count() - changed:
            self.message_user(request, f"{unchanged} order(s) skipped: {skipped}.", messages.WARNING)

    @admin.action(description="Mark paid (payment received)", permissions=["change"])
    def mark_paid(self, request, queryset):
        self._apply(request, queryset, order_mark_paid, "marked paid", "not waiting for payment")

    @admin.action(description="Mark fulfilled (parcel sent; emails the shopper)", permissions=["change"])
    def mark_fulfilled(self, request, queryset):
        self._apply(request, queryset, order_fulfil, "marked fulfilled", "only paid orders can be fulfilled")

    @admin.action(description="Cancel and put the stock back", permissions=["change"])
    def cancel_and_restock(self, request, queryset):
        self._apply(request, queryset, order_cancel, "cancelled, stock returned", "already fulfilled or cancelled")
        if queryset.filter(status=OrderStatus.CANCELLED, paid_at__isnull=False).exists():
            self.message_user(request, "Some cancelled orders were paid: refund them with the provider.", messages.INFO)

    @admin.action(description="Export as CSV (one row per line)", permissions=["view"])
    def export_csv(self, request, queryset):
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        response["Content-Disposition"] = f'attachment; filename="limber-orders-{stamp}.csv"'
        writer = csv.writer(response)
        writer.writerow(CSV_COLUMNS)
        lines = (
            OrderLine.objects.filter(order__in=queryset).select_related("order").order_by("-order__created_at", "pk")
        )
        for line in lines:
            order = line.order
            # Every cell escaped: shoppers choose their email, and a product name may predate the catalogue's rule.
            writer.writerow(
                row_safe(
                    [
                        order.number,
                        order.created_at.isoformat(),
                        order.status,
                        order.email,
                        order.shipping_country,
                        order.payment_method,
                        order.currency,
                        order.total,
                        line.product_sku,
                        line.product_name,
                        line.quantity,
                        line.unit_price,
                        line.line_total,
                        line.source,
                        line.source_condition,
                    ]
                )
            )
        return response

    def get_urls(self):
        dashboard = admin_view_with_permission(self.admin_site, self.dashboard_view, "orders.view_sales_dashboard")
        funnel = admin_view_with_permission(self.admin_site, self.funnel_view, "orders.view_funnel")
        return [
            path("dashboard/", dashboard, name="orders_dashboard"),
            path("funnel/", funnel, name="orders_funnel"),
            *super().get_urls(),
        ]

    def funnel_view(self, request):
        """Impressions → clicks → cart adds → orders and revenue over the last 30 days, per condition and product."""
        since = timezone.now() - timedelta(days=FUNNEL_DAYS)
        context = {
            **self.admin_site.each_context(request),
            "title": f"What recommendations sell (last {FUNNEL_DAYS} days)",
            "opts": self.model._meta,
            "tables": [
                ("Per condition", "Condition", sales_funnel(since=since, by="condition")),
                ("Per product", "Product", sales_funnel(since=since, by="product")),
            ],
            "currency": settings.LIMBER_CURRENCY,
            "changelist_url": reverse("admin:orders_order_changelist"),
        }
        return TemplateResponse(request, "admin/orders/funnel.html", context)

    def dashboard_view(self, request):
        """Today's and this month's orders and revenue, and the share that came through recommendations."""
        context = {
            **self.admin_site.each_context(request),
            "title": "Sales dashboard",
            "opts": self.model._meta,
            "sales": sales_dashboard(),
            "currency": settings.LIMBER_CURRENCY,
            "changelist_url": reverse("admin:orders_order_changelist"),
        }
        return TemplateResponse(request, "admin/orders/dashboard.html", context)


@admin.register(PaymentEvent)
class PaymentEventAdmin(admin.ModelAdmin):
    list_display = ["received_at", "sent_by", "kind", "event_id", "order"]
    list_filter = [ProviderFilter, "kind"]
    search_fields = ["event_id", "order__number"]
    readonly_fields = ["sent_by", "event_id", "kind", "order", "received_at"]
    fields = readonly_fields

    @admin.display(description="sent by", ordering="provider")
    def sent_by(self, event):
        return payment_label(event.provider)

    def has_add_permission(self, request):
        return False
