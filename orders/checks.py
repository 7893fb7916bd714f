"""System checks that the orders' settings agree with each other (`manage.py check`)."""

import os
import re

from django.conf import settings
from django.core import checks

from orders.addresses import country_get
from shop.rate_limits import Rate

CURRENCY = re.compile(r"^[A-Z]{3}$")

RATES = [
    "LIMBER_ORDER_RATE_PER_CLIENT",
    "LIMBER_ORDER_RATE_PER_EMAIL",
    "LIMBER_ORDER_EMAILS_PER_ADDRESS",
    "LIMBER_ORDER_LINK_REQUESTS_PER_CLIENT",
]


@checks.register()
def order_limits_check(app_configs, **kwargs):
    """Report holds, limits and rates that cannot work or contradict each other."""
    problems = []
    if settings.LIMBER_INVOICE_HOLD_DAYS < settings.LIMBER_INVOICE_DAYS:
        problems.append(
            checks.Error(
                "LIMBER_INVOICE_HOLD_DAYS is shorter than LIMBER_INVOICE_DAYS: orders would be cancelled "
                "before the invoice's own date to pay.",
                id="orders.E001",
            )
        )
    if not 36 <= settings.LIMBER_CARD_HOLD_MINUTES <= 1445:
        problems.append(
            checks.Error(
                "LIMBER_CARD_HOLD_MINUTES must be 36 to 1445: Stripe's page stays open 30 minutes to 24 hours "
                "and closes 5 minutes before the hold ends.",
                id="orders.E002",
            )
        )
    for name in RATES:
        try:
            Rate.parse(getattr(settings, name))
        except ValueError as exc:
            problems.append(checks.Error(f"{name}: {exc}", id="orders.E003"))
    if min(settings.LIMBER_ORDER_MAX_UNITS_PER_PRODUCT, settings.LIMBER_ORDER_MAX_LINES) < 1:
        problems.append(
            checks.Error(
                "LIMBER_ORDER_MAX_UNITS_PER_PRODUCT and LIMBER_ORDER_MAX_LINES must be 1 or more.", id="orders.E004"
            )
        )
    if settings.LIMBER_INVOICE_REMINDER_DAYS >= settings.LIMBER_INVOICE_HOLD_DAYS:
        problems.append(
            checks.Warning(
                "LIMBER_INVOICE_REMINDER_DAYS is not shorter than LIMBER_INVOICE_HOLD_DAYS: the payment reminder "
                "would go out with the confirmation.",
                id="orders.W001",
            )
        )
    if settings.LIMBER_ORDER_LINK_DAYS < settings.LIMBER_INVOICE_HOLD_DAYS:
        problems.append(
            checks.Warning(
                "LIMBER_ORDER_LINK_DAYS is shorter than LIMBER_INVOICE_HOLD_DAYS: the confirmation's link would "
                "expire while the order still waits for payment.",
                id="orders.W002",
            )
        )
    if settings.LIMBER_OUTBOX_LEASE_SECONDS < 8 * settings.EMAIL_TIMEOUT:
        problems.append(
            checks.Warning(
                "LIMBER_OUTBOX_LEASE_SECONDS is shorter than 8 × EMAIL_TIMEOUT: a slow mail server could still be "
                "taking an email when its lease ends, and another worker would send it a second time.",
                id="orders.W003",
            )
        )
    if min(settings.LIMBER_OUTBOX_PERMANENT_ATTEMPTS, settings.LIMBER_IDEMPOTENCY_KEY_HOURS) < 1:
        problems.append(
            checks.Error(
                "LIMBER_OUTBOX_PERMANENT_ATTEMPTS and LIMBER_IDEMPOTENCY_KEY_HOURS must be 1 or more.", id="orders.E005"
            )
        )
    return problems


@checks.register()
def order_addresses_and_accounts_check(app_configs, **kwargs):
    """Report countries the checkout cannot describe and bank accounts an invoice could not quote."""
    problems = []
    unknown = [code for code in settings.LIMBER_SHIPPING_COUNTRIES if country_get(code) is None]
    if unknown:
        problems.append(
            checks.Error(
                f"LIMBER_SHIPPING_COUNTRIES names {', '.join(unknown)}, which orders/data/countries.yaml does not "
                "describe: add how their addresses are written there, or leave them out.",
                id="orders.E006",
            )
        )
    if settings.LIMBER_DEFAULT_COUNTRY not in settings.LIMBER_SHIPPING_COUNTRIES:
        problems.append(
            checks.Error("LIMBER_DEFAULT_COUNTRY is not one of LIMBER_SHIPPING_COUNTRIES.", id="orders.E007")
        )
    accounts = settings.LIMBER_BANK_ACCOUNTS
    if not isinstance(accounts, dict) or not all(
        isinstance(code, str) and CURRENCY.match(code) and isinstance(details, str) and details.strip()
        for code, details in accounts.items()
    ):
        problems.append(
            checks.Error(
                'LIMBER_BANK_ACCOUNTS must be a JSON object of ISO 4217 codes and bank details, e.g. {"USD": "..."}.',
                id="orders.E008",
            )
        )
    if "LIMBER_BANK_DETAILS" in os.environ:
        problems.append(
            checks.Warning(
                "LIMBER_BANK_DETAILS is no longer read: invoices quote the account of the order's currency from "
                "LIMBER_BANK_ACCOUNTS.",
                id="orders.W004",
            )
        )
    return problems
