"""Template context every page gets from the orders app."""

from orders.cart import Cart

ADD_TO_CART_TEMPLATE = "orders/_add_to_cart.html"


def cart(request):
    """Give the header the cart's item count (from the session, no query) and product cards their buy form.

    Cards and product pages include ``add_to_cart_template`` when it is set, so
    the catalogue's templates offer "Add to cart" without knowing this app.
    """
    session = getattr(request, "session", None)
    return {
        "cart_count": len(Cart(session)) if session is not None else 0,
        "add_to_cart_template": ADD_TO_CART_TEMPLATE,
    }
