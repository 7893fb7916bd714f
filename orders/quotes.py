"""Price a basket as placing it would, without placing it: no order, no stock taken, nothing counted."""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from catalog.models import Product
from orders.models import ShippingMethod
from orders.services import LineRequest, order_lines_check


@dataclass(frozen=True)
class QuoteLine:
    """One product of the quote at today's price, with what the shelf holds now."""

    product: Product
    quantity: int

    @property
    def unit_price(self) -> Decimal:
        return self.product.price

    @property
    def line_total(self) -> Decimal:
        """Today's price times the quantity, as the order line would copy it."""
        return self.product.price * self.quantity

    @property
    def available(self) -> int:
        """Units on the shelf now (other shoppers may take them before an order is placed)."""
        return max(self.product.stock_quantity, 0)

    @property
    def enough_stock(self) -> bool:
        """Whether the shelf could fill this line now."""
        return self.available >= self.quantity


@dataclass(frozen=True)
class Quote:
    """What an order of these lines would cost now, shipping included."""

    lines: list[QuoteLine]
    shipping_method: ShippingMethod
    country: str

    @property
    def subtotal(self) -> Decimal:
        return sum((line.line_total for line in self.lines), Decimal("0"))

    @property
    def shipping(self) -> Decimal:
        return self.shipping_method.price

    @property
    def total(self) -> Decimal:
        return self.subtotal + self.shipping

    @property
    def currency(self) -> str:
        return self.shipping_method.currency

    @property
    def can_order(self) -> bool:
        """Whether every line could be filled now."""
        return all(line.enough_stock for line in self.lines)


def order_quote(*, lines: Sequence[LineRequest], shipping_method: ShippingMethod, country: str) -> Quote:
    """Price lines as `order_place` would, or raise the same ValidationError; read only, no query."""
    merged = order_lines_check(lines=lines, shipping_method=shipping_method)
    return Quote(
        lines=[QuoteLine(product=line.product, quantity=line.quantity) for line in merged],
        shipping_method=shipping_method,
        country=country,
    )
