"""Pay by invoice or bank transfer: nothing happens online; staff mark the order paid when money arrives."""

from django.conf import settings

from orders.models import Order
from orders.payments.base import PaymentProvider
from shop.templatetags.shop_tags import money


class InvoiceProvider(PaymentProvider):
    """Send an invoice with the order; the shopper pays by bank transfer."""

    key = "invoice"
    label = "Invoice / bank transfer"
    description = "We email an invoice with our bank details; your order ships once the transfer arrives."

    def instructions(self, *, order: Order) -> str:
        return (
            f"Please transfer {money(order.total, order.currency)} within {settings.LIMBER_INVOICE_DAYS} days, "
            f"quoting {order.number}, to {settings.LIMBER_BANK_DETAILS}."
        )
