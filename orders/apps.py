from django.apps import AppConfig


class OrdersConfig(AppConfig):
    """Cart, checkout, payment providers, orders and their emails."""

    name = "orders"
    verbose_name = "Orders"

    def ready(self):
        from orders import checks  # noqa: F401  (registers the system checks)
