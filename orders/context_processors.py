"""Template context every page gets from the orders app."""

from orders.cart import Cart
from orders.limits import max_units

ADD_TO_CART_TEMPLATE = "orders/_add_to_cart.html"


def cart(request):
    """Give the header the cart's item count (from the session, no query) and product cards their buy form.

    Cards and product pages include ``add_to_cart_template`` when it is set, so
    the catalogue's templates offer "Add to cart" without knowing this app; its quantity
    input stops at ``cart_max_units``, the units of one product an order may hold.
    """
    session = getattr(request, "session", None)
    return {
        "cart_count": len(Cart(session)) if session is not None else 0,
        "add_to_cart_template": ADD_TO_CART_TEMPLATE,
        "cart_max_units": max_units(),
    }
