"""Pay by invoice or bank transfer: nothing happens online; staff mark the order paid when money arrives."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.dateformat import format as date_format

from orders.models import Order
from orders.payments.base import PaymentProvider
from shop.templatetags.shop_tags import money


class InvoiceProvider(PaymentProvider):
    """Send an invoice with the order; the shopper pays by bank transfer."""

    key = "invoice"
    label = "Invoice / bank transfer"
    description = "We email an invoice with our bank details; your order ships once the transfer arrives."
    reminds = True

    def hold_time(self) -> timedelta:
        return timedelta(days=settings.LIMBER_INVOICE_HOLD_DAYS)

    def instructions(self, *, order: Order) -> str:
        due = timezone.localtime(order.created_at + timedelta(days=settings.LIMBER_INVOICE_DAYS))
        return (
            f"Please transfer {money(order.total, order.currency)} by {date_format(due, 'j F Y')}, "
            f"quoting {order.number}, to {settings.LIMBER_BANK_DETAILS}."
        )
