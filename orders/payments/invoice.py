"""Pay by invoice or bank transfer: nothing happens online; staff mark the order paid when money arrives."""

from datetime import timedelta

from django.conf import settings

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

    def refusal(self, *, currency: str) -> str:
        if bank_account(currency=currency):
            return ""
        return (
            f"Invoice / bank transfer is not offered for orders in {currency}: we have no bank account for {currency}."
        )

    def instructions(self, *, order: Order) -> str:
        # No date here: the order's page, emails and API give one, the end of its hold (`order_pay_by`).
        account = bank_account(currency=order.currency)
        to = f"to {account}" if account else f"to the {order.currency} account we will email you"
        return f"Please transfer {money(order.total, order.currency)}, quoting {order.number}, {to}."


def bank_account(*, currency: str) -> str:
    """Return the bank details invoices in this currency quote (LIMBER_BANK_ACCOUNTS), or ""."""
    return str(settings.LIMBER_BANK_ACCOUNTS.get(currency.upper(), "")).strip()
