"""Template helpers that read the shopper's cart."""

from django import template

from orders.cart import Cart

register = template.Library()


@register.filter
def not_in_cart(items, request):
    """Leave out suggestions (items with a ``product``) already in the cart; no query."""
    in_cart = Cart(request.session).product_ids()
    return [item for item in items if item.product.id not in in_cart]
