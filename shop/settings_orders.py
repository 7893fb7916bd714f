"""Settings of orders' limits: how long unpaid orders hold stock, how big and how frequent orders may be,
how long order links work, how long request keys are kept and how the outbox sends order emails;
imported by `shop.settings`, read from the same environment.

`orders.checks` reports values that contradict each other (a hold shorter than the invoice's days).
"""

import environ

env = environ.Env()

__all__ = [
    "LIMBER_CARD_HOLD_MINUTES",
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
]

# --- Orders: stock holds, limits and links ------------------------------------------

# Days an invoice gives the shopper to pay.
LIMBER_INVOICE_DAYS = env.int("LIMBER_INVOICE_DAYS", default=14)
# Days an unpaid invoice order holds its stock before it is cancelled: the invoice's days plus a few
# for a bank transfer to arrive. A reminder goes out LIMBER_INVOICE_REMINDER_DAYS before the end.
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
