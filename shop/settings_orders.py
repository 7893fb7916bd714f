"""Settings of orders: where Limber ships, the bank accounts invoices quote per currency, how long unpaid
orders hold stock, how big and how frequent orders may be,
how long order links work, how long request keys are kept and how the outbox sends order emails;
imported by `shop.settings`, read from the same environment.

`orders.checks` reports values that contradict each other (a hold shorter than the invoice's days).
"""

import environ

env = environ.Env()

__all__ = [
    "LIMBER_BANK_ACCOUNTS",
    "LIMBER_CARD_HOLD_MINUTES",
    "LIMBER_DEFAULT_COUNTRY",
    "LIMBER_IDEMPOTENCY_KEY_HOURS",
    "LIMBER_INVOICE_DAYS",
    "LIMBER_INVOICE_HOLD_DAYS",
    "LIMBER_INVOICE_REMINDER_DAYS",
    "LIMBER_ORDER_EMAILS_PER_ADDRESS",
    "LIMBER_ORDER_LINK_DAYS",
    "LIMBER_ORDER_LINK_REQUESTS_PER_CLIENT",
    "LIMBER_ORDER_MAX_LINES",
    "LIMBER_ORDER_MAX_UNITS_PER_PRODUCT",
    "LIMBER_ORDER_RATE_PER_CLIENT",
    "LIMBER_ORDER_RATE_PER_EMAIL",
    "LIMBER_OUTBOX_GIVE_UP_HOURS",
    "LIMBER_OUTBOX_LEASE_SECONDS",
    "LIMBER_OUTBOX_PERMANENT_ATTEMPTS",
    "LIMBER_OUTBOX_RETRY_MAX_SECONDS",
    "LIMBER_SHIPPING_COUNTRIES",
]

# --- Orders: where parcels go and how invoices are paid ---------------------------------

# ISO 3166-1 codes of the countries the checkout offers (each described in orders/data/countries.yaml,
# which says how its addresses are written and checked), and the one chosen at first.
LIMBER_SHIPPING_COUNTRIES = env.list(
    "LIMBER_SHIPPING_COUNTRIES",
    default=["US", "CA", "GB", "IE", "AU", "NZ", "DE", "FR", "NL", "BE", "AT", "CH", "ES", "IT", "DK", "SE"],
)
LIMBER_DEFAULT_COUNTRY = env.str("LIMBER_DEFAULT_COUNTRY", default="US")
# The bank account an invoice quotes for each currency, as a JSON object of ISO 4217 code -> the details
# in one line. An order in a currency not listed cannot be paid by invoice (the checkout says so).
# The default is demo data: set real accounts in production.
LIMBER_BANK_ACCOUNTS = env.json(
    "LIMBER_BANK_ACCOUNTS",
    default={
        "USD": "Limber Inc., account 000123456789, ABA routing number 021000021 (demo)",
        "GBP": "Limber Ltd, sort code 00-00-00, account 00000000, IBAN GB00 LIMB 0000 0000 0000 00, "
        "BIC LIMBGB00 (demo)",
    },
)

# --- Orders: stock holds, limits and links ------------------------------------------

# The fewest days an invoice order may give to pay: LIMBER_INVOICE_HOLD_DAYS may not be shorter (orders.E001).
LIMBER_INVOICE_DAYS = env.int("LIMBER_INVOICE_DAYS", default=14)
# Days an unpaid invoice order holds its stock before it is cancelled, the one date shoppers are told to
# pay by: by default the fewest days to pay plus a few for a bank transfer to arrive. A reminder goes out
# LIMBER_INVOICE_REMINDER_DAYS before the end.
LIMBER_INVOICE_HOLD_DAYS = env.int("LIMBER_INVOICE_HOLD_DAYS", default=LIMBER_INVOICE_DAYS + 3)
LIMBER_INVOICE_REMINDER_DAYS = env.int("LIMBER_INVOICE_REMINDER_DAYS", default=3)
# Minutes a card order holds its stock while its Stripe Checkout page is open. Stripe closes the page
# five minutes earlier, and allows 30 minutes to 24 hours, so 36 to 1445.
LIMBER_CARD_HOLD_MINUTES = env.int("LIMBER_CARD_HOLD_MINUTES", default=40)

# One order: at most this many units of one product (lines of the same product added up) and lines.
LIMBER_ORDER_MAX_UNITS_PER_PRODUCT = env.int("LIMBER_ORDER_MAX_UNITS_PER_PRODUCT", default=10)
LIMBER_ORDER_MAX_LINES = env.int("LIMBER_ORDER_MAX_LINES", default=20)
# Orders placed (API and checkout together) per client address and per email address, in any
# stretch of the period ("3/hour", "10/15min", "20/day"): an exact sliding window.
LIMBER_ORDER_RATE_PER_CLIENT = env.str("LIMBER_ORDER_RATE_PER_CLIENT", default="6/hour")
LIMBER_ORDER_RATE_PER_EMAIL = env.str("LIMBER_ORDER_RATE_PER_EMAIL", default="3/hour")
# Emails anyone can cause (order confirmations, re-sent order links) per recipient address.
LIMBER_ORDER_EMAILS_PER_ADDRESS = env.str("LIMBER_ORDER_EMAILS_PER_ADDRESS", default="5/hour")
# Days a guest's order link works, and how often one client may ask for a fresh link.
LIMBER_ORDER_LINK_DAYS = env.int("LIMBER_ORDER_LINK_DAYS", default=30)
LIMBER_ORDER_LINK_REQUESTS_PER_CLIENT = env.str("LIMBER_ORDER_LINK_REQUESTS_PER_CLIENT", default="5/hour")

# --- Orders exactly once: request keys and the email outbox ------------------------------

# Hours an API Idempotency-Key (and a review page's token) keeps finding its order; a repeat after
# that places a new order. Beat forgets older keys every LIMBER_IDEMPOTENCY_SWEEP_SECONDS.
LIMBER_IDEMPOTENCY_KEY_HOURS = env.int("LIMBER_IDEMPOTENCY_KEY_HOURS", default=24)
# Seconds a worker holds an order email it is sending: no other worker sends it meanwhile, and one
# left by a worker that died is sent again after it. Longer than a slow send (`orders.W003`).
LIMBER_OUTBOX_LEASE_SECONDS = env.int("LIMBER_OUTBOX_LEASE_SECONDS", default=120)
# The longest wait between two attempts at an email that failed (10 s, then doubling up to this).
LIMBER_OUTBOX_RETRY_MAX_SECONDS = env.int("LIMBER_OUTBOX_RETRY_MAX_SECONDS", default=300)
# Attempts at an email the mail server refuses for good (a bad address) before it is given up.
LIMBER_OUTBOX_PERMANENT_ATTEMPTS = env.int("LIMBER_OUTBOX_PERMANENT_ATTEMPTS", default=3)
# Hours an email keeps being retried through passing failures (the mail server away) before it is given up.
LIMBER_OUTBOX_GIVE_UP_HOURS = env.int("LIMBER_OUTBOX_GIVE_UP_HOURS", default=72)
