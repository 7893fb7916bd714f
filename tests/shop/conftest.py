"""Fixtures of the shop-wide tests."""

import importlib

import pytest

from orders.models import ShippingMethod


@pytest.fixture
def shipping_methods(db):
    """The shipping methods the data migration adds (a test after a live-server test starts without them)."""
    migration = importlib.import_module("orders.migrations.0002_shipping_methods")
    for code, name, description, price, position in migration.METHODS:
        ShippingMethod.objects.update_or_create(
            code=code, defaults={"name": name, "description": description, "price": price, "position": position}
        )
