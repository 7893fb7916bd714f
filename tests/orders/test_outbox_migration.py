"""Migration orders.0005 keeps each order's email history in the outbox: sent stays sent, owed goes out once."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = ("orders", "0004_order_stock_holds_and_email_limits")
AFTER = ("orders", "0005_outbox_request_keys_and_tracking")


def latest():
    """The newest migration of every app: going back to orders 0004 also undid the apps that depend on
    orders (the staff roles, and shop's migrations after them), and the tests after this one need
    every table and column the models have."""
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def migrate(target):
    executor = MigrationExecutor(connection)
    targets = target if isinstance(target, list) else [target]
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_sent_times_become_sent_emails_and_owed_emails_become_waiting_ones():
    old = migrate(BEFORE)
    Order = old.get_model("orders", "Order")
    now = timezone.now()
    money = {"subtotal": Decimal("20.00"), "shipping_price": Decimal("4.95"), "total": Decimal("24.95")}

    def order(number: str, **fields):
        return Order.objects.create(
            number=number, email=f"{number.lower()}@example.com", shipping_name="Sam", shipping_line1="1 Lane",
            shipping_city="Springfield", shipping_postcode="12345", shipping_country="US", shipping_method="standard",
            shipping_method_name="Standard", currency="USD", payment_method="invoice", **money, **fields,
        )  # fmt: skip

    shipped = order(
        "AAAA-0001",
        status="fulfilled",
        confirmation_sent_at=now - timedelta(days=9),
        reminder_sent_at=now - timedelta(days=5),
        fulfilled_at=now - timedelta(days=2),
        shipped_notice_sent_at=now - timedelta(days=2),
        feedback_requested_at=now - timedelta(hours=1),
    )
    owed = order("AAAA-0002", status="fulfilled", fulfilled_at=now - timedelta(days=1))  # an outage lost both
    withheld = order("AAAA-0003", confirmation_withheld_at=now)

    try:
        new = migrate(AFTER)
        OutboxMessage = new.get_model("orders", "OutboxMessage")
        rows = {
            (row.order_id, row.kind): row for row in OutboxMessage.objects.all()
        }  # what each order's page lists under its emails

        assert {key: row.state for key, row in rows.items()} == {
            (shipped.pk, "confirmation"): "sent",
            (shipped.pk, "reminder"): "sent",
            (shipped.pk, "shipped"): "sent",
            (shipped.pk, "feedback"): "sent",
            (owed.pk, "confirmation"): "pending",
            (owed.pk, "shipped"): "pending",
        }
        assert rows[(shipped.pk, "reminder")].sent_at == shipped.reminder_sent_at
        assert rows[(shipped.pk, "reminder")].created_at == shipped.reminder_sent_at
        assert rows[(owed.pk, "confirmation")].recipient == "aaaa-0002@example.com"
        assert rows[(owed.pk, "confirmation")].created_at == owed.created_at
        assert not [key for key in rows if key[0] == withheld.pk]  # withheld is never owed
        assert len({row.message_id for row in rows.values()}) == len(rows)
    finally:
        migrate(latest())
