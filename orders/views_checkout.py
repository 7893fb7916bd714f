"""The checkout's two steps: details and shipping, then review and place; placing is once per review page.

The review page carries a one-time token (a hidden field). The session remembers the token and what
the page showed (cart lines at their prices, details, shipping), and the same page shown again keeps
its token. Placing writes the token's row in the order's transaction (`orders.idempotency`), so a
second POST of the same page — a double click, two tabs, the back button and "Place order" again —
waits for the first, finds its order and goes where the first went: the stock is taken once. A
token the session did not issue, or one issued for a page that no longer matches the cart, shows the
review again with what changed, and places nothing.
"""

import hashlib
import json
import secrets
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from analytics.visitors import visitor_id
from orders.addresses import address_lines
from orders.cart import Cart, CartLine
from orders.forms import CheckoutDetailsForm, PaymentMethodForm
from orders.holds import order_hold_renew
from orders.idempotency import CHECKOUT, AlreadyPlaced, RequestKey, order_request_placed
from orders.limits import RateLimited
from orders.links import order_url
from orders.models import OrderStatus, ShippingMethod
from orders.payments import PaymentUnavailable, provider_get
from orders.selectors import shipping_method_list
from orders.services import LineRequest, OutOfStock, ShippingAddress, order_payment_started, order_place
from shop.client_address import client_address

CHECKOUT_KEY = "limber_checkout"
ADDRESS_PARTS = ("name", "line1", "line2", "city", "region", "postcode", "country")
REVIEW_KEY = "limber_checkout_token"  # the session key of the review page's token and what it was for
STALE = (
    "Your cart, its prices or your details changed since this page was shown (perhaps in another tab). "
    "Nothing was ordered: check the order below and place it again."
)


def checkout_view(request):
    """Ask for the email, the shipping address and the shipping method."""
    cart = Cart(request.session)
    if not len(cart):
        return redirect("orders:cart")
    initial = request.session.get(CHECKOUT_KEY) or (
        {"email": request.user.email} if request.user.is_authenticated else {}
    )
    if "shipping_method" not in initial and (first := shipping_method_list().first()):
        initial = {**initial, "shipping_method": first.code}
    form = CheckoutDetailsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        request.session[CHECKOUT_KEY] = form.session_data()
        return redirect("orders:checkout-review")
    status = 400 if request.method == "POST" else 200
    return render(request, "orders/checkout_details.html", {"nav": "cart", "form": form}, status=status)


def checkout_review_view(request):
    """Show everything once more with the total and a one-time token; placing the order happens here, once."""
    token = request.POST.get("token", "")[:100] if request.method == "POST" else ""
    # The session is read before the token's order is looked up: a first POST saves the emptied cart
    # only after its order committed, so a second POST either finds that order or still sees the cart.
    cart = Cart(request.session)
    details = request.session.get(CHECKOUT_KEY)
    if token and (placed := order_request_placed(key=_token_key(token))) is not None:
        return _placed_before(request, placed.order)
    if not len(cart):
        return redirect("orders:cart")
    method = shipping_method_list().filter(code=(details or {}).get("shipping_method", "")).first()
    if not details or method is None:
        return redirect("orders:checkout")
    lines = cart.lines()
    shown = review_fingerprint(lines=lines, details=details, method=method)
    payment_form = PaymentMethodForm(request.POST or None, currency=method.currency)
    shortages = []
    limited: RateLimited | None = None
    stale = False
    if request.method == "POST" and payment_form.is_valid():
        if request.session.get(REVIEW_KEY) != {"token": token, "for": shown}:
            stale = True
            payment_form.add_error(None, STALE)
        else:
            try:
                order = order_place(
                    lines=[LineRequest(line.product, line.quantity, line.attribution) for line in lines],
                    email=details["email"],
                    address=ShippingAddress(
                        name=details["name"],
                        line1=details["line1"],
                        line2=details["line2"],
                        city=details["city"],
                        region=details.get("region", ""),
                        postcode=details["postcode"],
                        country=details["country"],
                    ),
                    shipping_method=method,
                    payment_method=payment_form.cleaned_data["payment_method"],
                    user=request.user,
                    visitor=visitor_id(request),
                    client=client_address(request),
                    request_key=_token_key(token, shown),
                )
            except AlreadyPlaced:  # the same page posted twice at once: this one waited for the first
                placed = order_request_placed(key=_token_key(token))
                return _placed_before(request, placed.order) if placed else redirect("orders:cart")
            except OutOfStock as exc:
                shortages = exc.shortages
            except RateLimited as exc:
                limited = exc
                payment_form.add_error(None, exc.message)
            except ValidationError as exc:
                payment_form.add_error(None, exc)
            else:
                cart.clear()
                del request.session[CHECKOUT_KEY]
                request.session.pop(REVIEW_KEY, None)
                return payment_start(request, order)
    subtotal = sum((line.line_total for line in lines), Decimal("0"))
    context = {
        "nav": "cart",
        "lines": lines,
        "details": details,
        "address_lines": address_lines(**{key: details.get(key, "") for key in ADDRESS_PARTS}),
        "method": method,
        "subtotal": subtotal,
        "total": subtotal + method.price,
        "currency": method.currency,
        "payment_form": payment_form,
        "shortages": shortages,
        "token": review_token(request.session, shown=shown),
    }
    status = 409 if shortages or stale else 429 if limited else 400 if request.method == "POST" else 200
    response = render(request, "orders/checkout_review.html", context, status=status)
    if limited:
        response["Retry-After"] = str(limited.wait_seconds)
    return response


def _placed_before(request, order):
    """This page placed its order already: go where the first post went, or, once paid, to the order."""
    if order.status == OrderStatus.PLACED:
        return payment_start(request, order)
    messages.info(request, f"Your order {order.number} was placed from this page already.")
    return redirect(order_url(order=order))


def _token_key(token: str, shown: str = "") -> RequestKey:
    return RequestKey(scope=CHECKOUT, key=token, fingerprint=shown)


def review_fingerprint(*, lines: list[CartLine], details: dict, method: ShippingMethod) -> str:
    """Return a digest of what the review page shows: each line at its price, the details and the shipping."""
    shown = {
        "lines": [[line.product.pk, line.quantity, str(line.product.price), line.product.currency] for line in lines],
        "details": details,
        "shipping": [method.code, str(method.price), method.currency],
    }
    return hashlib.sha256(json.dumps(shown, sort_keys=True, default=str).encode()).hexdigest()


def review_token(session, *, shown: str) -> str:
    """Return the review page's token: the one issued for the same page, or a new one for what it shows now."""
    issued = session.get(REVIEW_KEY)
    if issued and issued.get("for") == shown:
        return issued["token"]
    token = secrets.token_urlsafe(32)
    session[REVIEW_KEY] = {"token": token, "for": shown}
    return token


def payment_start(request, order):
    """Send the shopper to pay (a provider's page) or straight to their order."""
    provider = provider_get(order.payment_method)
    view_url = request.build_absolute_uri(order_url(order=order))
    if provider and provider.pays_online and not order_hold_renew(order=order, provider=provider):
        messages.error(request, f"The time to pay for order {order.number} has run out. Please order again.")
        return redirect(order_url(order=order))
    try:
        start = provider.start(order=order, return_url=f"{view_url}&paid=1", cancel_url=view_url) if provider else None
    except PaymentUnavailable as exc:
        messages.warning(request, f"Your order {order.number} is placed, but {exc} You can pay from this page.")
        return redirect(order_url(order=order))
    if start is None:
        messages.success(request, f"Thank you! Your order {order.number} is placed.")
        return redirect(order_url(order=order))
    order_payment_started(order=order, reference=start.reference)
    return redirect(start.redirect_url)
