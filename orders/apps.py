from django.apps import AppConfig


class OrdersConfig(AppConfig):
    """Cart, checkout, payment providers, orders and their emails."""

    name = "orders"
    verbose_name = "Orders"
