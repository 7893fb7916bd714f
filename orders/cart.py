"""The shopper's cart, kept in the session so a guest can buy and a login keeps it."""

from dataclasses import dataclass
from decimal import Decimal
from uuid import UUID

from catalog.models import Product
from catalog.selectors import product_base_queryset
from orders.limits import max_lines, max_units
from orders.models import Source

SESSION_KEY = "limber_cart"


@dataclass(frozen=True)
class Attribution:
    """Where the shopper found a product: the page kind, and the condition and symptom check when known."""

    source: str = Source.DIRECT
    condition: str = ""
    assessment: UUID | None = None

    @classmethod
    def clean(cls, *, source: str = "", condition: str = "", assessment: str = "") -> "Attribution":
        """Build an attribution from untrusted form or API values, dropping what does not parse."""
        source = source if source in Source.values else Source.DIRECT
        condition = condition[:100] if condition and condition.replace("-", "").isalnum() else ""
        try:
            parsed = UUID(assessment) if assessment else None
        except ValueError:
            parsed = None
        return cls(source=source, condition=condition, assessment=parsed)

    def as_session(self) -> dict:
        return {"source": self.source, "condition": self.condition, "assessment": str(self.assessment or "")}


@dataclass(frozen=True)
class CartLine:
    """A product in the cart with the quantity wanted and where it was found."""

    product: Product
    quantity: int
    attribution: Attribution

    @property
    def line_total(self) -> Decimal:
        """Today's price times the quantity."""
        return self.product.price * self.quantity

    @property
    def short_by(self) -> int:
        """Units wanted beyond what is on the shelf now; zero when there is enough."""
        return max(self.quantity - self.product.stock_quantity, 0)


class Cart:
    """Read and change the cart in a session; products are read in one query when lines are asked for."""

    def __init__(self, session):
        self.session = session
        self._data: dict[str, dict] = session.get(SESSION_KEY, {})

    def __len__(self) -> int:
        return sum(entry["quantity"] for entry in self._data.values())

    def product_ids(self) -> frozenset[int]:
        """Ids of the products in the cart, read from the session without a query."""
        return frozenset(int(key) for key in self._data)

    def quantity_of(self, product: Product) -> int:
        """Units of a product already in the cart."""
        return self._data.get(str(product.pk), {}).get("quantity", 0)

    def add_refusal(self, *, product: Product, quantity: int) -> str | None:
        """Why adding units of a product would make the cart more than one order may hold; None when it would not."""
        have = self.quantity_of(product)
        if have + quantity > max_units():
            return f"You can order at most {max_units()} of {product.name} at a time; your cart has {have}."
        if str(product.pk) not in self._data and len(self._data) >= max_lines():
            return (
                f"Your cart holds {len(self._data)} different products, the most one order can take. "
                "Place this order first, then start another."
            )
        return None

    def add(self, *, product: Product, quantity: int, attribution: Attribution) -> None:
        """Add units of a product, at most what one order may hold; a later non-direct source replaces the first."""
        key = str(product.pk)
        entry = self._data.get(key, {"quantity": 0, **Attribution().as_session()})
        entry["quantity"] = min(entry["quantity"] + quantity, max_units())
        if attribution.source != Source.DIRECT or key not in self._data:
            entry.update(attribution.as_session())
        self._data[key] = entry
        self._save()

    def set_quantity(self, *, product_id: int, quantity: int) -> None:
        """Change a line's quantity; zero removes it."""
        key = str(product_id)
        if key not in self._data:
            return
        if quantity <= 0:
            del self._data[key]
        else:
            self._data[key]["quantity"] = min(quantity, max_units())
        self._save()

    def remove(self, *, product_id: int) -> None:
        """Take a product out of the cart."""
        self.set_quantity(product_id=product_id, quantity=0)

    def clear(self) -> None:
        """Empty the cart (after an order is placed)."""
        self._data = {}
        self._save()

    def lines(self) -> list[CartLine]:
        """Return the lines whose product is still for sale, in the order they were added; one query."""
        products = product_base_queryset().in_bulk([int(key) for key in self._data])
        gone = [key for key in self._data if int(key) not in products]
        for key in gone:
            del self._data[key]
        if gone:
            self._save()
        return [
            CartLine(
                product=products[int(key)],
                quantity=entry["quantity"],
                attribution=Attribution.clean(
                    source=entry["source"], condition=entry["condition"], assessment=entry["assessment"]
                ),
            )
            for key, entry in self._data.items()
        ]

    def _save(self) -> None:
        self.session[SESSION_KEY] = self._data
        self.session.modified = True
