"""Shopper pages: the cart, the two checkout steps, the order page, and the payment webhook."""

import logging
from decimal import Decimal

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from analytics.models import EventKind
from analytics.services import events_record
from analytics.visitors import visitor_id
from orders.cart import Attribution, Cart
from orders.forms import CartAddForm, CheckoutDetailsForm, PaymentMethodForm
from orders.links import order_token, order_url
from orders.models import OrderStatus
from orders.payments import InvalidNotice, PaymentUnavailable, provider_get
from orders.selectors import order_get_for_viewer, product_for_cart, shipping_method_list
from orders.services import (
    LineRequest,
    OutOfStock,
    ShippingAddress,
    order_payment_started,
    order_place,
    payment_notice_apply,
)

logger = logging.getLogger(__name__)

CHECKOUT_KEY = "limber_checkout"


@require_POST
def cart_add_view(request):
    """Add a product to the cart and go back to the page the shopper was on (or the cart)."""
    form = CartAddForm(request.POST)
    if not form.is_valid():
        messages.error(request, "That could not be added to your cart.")
        return redirect("orders:cart")
    product = product_for_cart(slug=form.cleaned_data["product"])
    if product is None:
        messages.error(request, "That product is no longer for sale.")
        return redirect("orders:cart")
    cart = Cart(request.session)
    wanted = cart.quantity_of(product) + form.cleaned_data["quantity"]
    if wanted > product.stock_quantity:
        left = product.stock_quantity
        messages.error(
            request,
            f"Only {left} of {product.name} in stock; your cart has {cart.quantity_of(product)}."
            if left
            else f"{product.name} is out of stock.",
        )
        return redirect(form.safe_next(request) or "orders:cart")
    attribution = Attribution.clean(
        source=form.cleaned_data["source"],
        condition=form.cleaned_data["condition"],
        assessment=str(form.cleaned_data["assessment"] or ""),
    )
    cart.add(product=product, quantity=form.cleaned_data["quantity"], attribution=attribution)
    events_record(
        kind=EventKind.CART_ADD,
        product_ids=[product.pk],
        condition=attribution.condition,
        source=attribution.source,
        visitor=visitor_id(request),
    )
    messages.success(request, f"Added {form.cleaned_data['quantity']} × {product.name} to your cart.")
    return redirect(form.safe_next(request) or "orders:cart")


def cart_view(request):
    """Show the cart with today's prices and stock; change quantities or remove lines without JavaScript."""
    lines = Cart(request.session).lines()
    subtotal = sum((line.line_total for line in lines), Decimal("0"))
    context = {"nav": "cart", "lines": lines, "subtotal": subtotal, "currency": _currency(lines)}
    return render(request, "orders/cart.html", context)


@require_POST
def cart_update_view(request):
    """Apply the cart page's quantities, or remove the line whose button was pressed."""
    cart = Cart(request.session)
    if remove := request.POST.get("remove", ""):
        if remove.isdigit():
            cart.remove(product_id=int(remove))
            messages.success(request, "Removed from your cart.")
        return redirect("orders:cart")
    for key, value in request.POST.items():
        if key.startswith("quantity-") and key[9:].isdigit() and value.strip().isdigit():
            cart.set_quantity(product_id=int(key[9:]), quantity=int(value))
    messages.success(request, "Your cart is updated.")
    return redirect("orders:cart")


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
    """Show everything once more with the total; placing the order happens here."""
    cart = Cart(request.session)
    details = request.session.get(CHECKOUT_KEY)
    if not len(cart):
        return redirect("orders:cart")
    method = shipping_method_list().filter(code=(details or {}).get("shipping_method", "")).first()
    if not details or method is None:
        return redirect("orders:checkout")
    lines = cart.lines()
    payment_form = PaymentMethodForm(request.POST or None)
    shortages = []
    if request.method == "POST" and payment_form.is_valid():
        try:
            order = order_place(
                lines=[LineRequest(line.product, line.quantity, line.attribution) for line in lines],
                email=details["email"],
                address=ShippingAddress(
                    name=details["name"],
                    line1=details["line1"],
                    line2=details["line2"],
                    city=details["city"],
                    postcode=details["postcode"],
                    country=details["country"],
                ),
                shipping_method=method,
                payment_method=payment_form.cleaned_data["payment_method"],
                user=request.user,
                visitor=visitor_id(request),
            )
        except OutOfStock as exc:
            shortages = exc.shortages
        except ValidationError as exc:
            payment_form.add_error(None, exc)
        else:
            cart.clear()
            del request.session[CHECKOUT_KEY]
            return _payment_start(request, order)
    subtotal = sum((line.line_total for line in lines), Decimal("0"))
    context = {
        "nav": "cart",
        "lines": lines,
        "details": details,
        "method": method,
        "subtotal": subtotal,
        "total": subtotal + method.price,
        "currency": method.currency,
        "payment_form": payment_form,
        "shortages": shortages,
    }
    status = 409 if shortages else 400 if request.method == "POST" else 200
    return render(request, "orders/checkout_review.html", context, status=status)


def _payment_start(request, order):
    """Send the shopper to pay (a provider's page) or straight to their order."""
    provider = provider_get(order.payment_method)
    view_url = request.build_absolute_uri(order_url(order=order))
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


@require_GET
def order_detail_view(request, number):
    """Show an order to the account that placed it, to staff, or to anyone holding its signed link."""
    order = order_get_for_viewer(number=number, user=request.user, token=request.GET.get("t", ""))
    provider = provider_get(order.payment_method)
    context = {
        "nav": "cart",
        "order": order,
        "lines": list(order.lines.all()),
        "token": order_token(order=order),
        "payment_label": provider.label if provider else order.payment_method,
        "payment_instructions": provider.instructions(order=order) if provider else "",
        "can_pay_online": bool(
            order.status == OrderStatus.PLACED and provider and provider.pays_online and provider.is_enabled()
        ),
        "returned_from_payment": request.GET.get("paid") == "1" and order.status == OrderStatus.PLACED,
    }
    return render(request, "orders/order_detail.html", context)


@require_POST
def order_pay_view(request, number):
    """Start paying online again for a placed order (a first attempt failed or was abandoned)."""
    order = order_get_for_viewer(number=number, user=request.user, token=request.POST.get("t", ""))
    if order.status != OrderStatus.PLACED:
        return redirect(order_url(order=order))
    return _payment_start(request, order)


@csrf_exempt
@require_POST
def payment_webhook_view(request, provider):
    """Receive a payment provider's notification; verify it, then act on it once."""
    payment_provider = provider_get(provider, enabled_only=True)
    if payment_provider is None:
        return HttpResponse(status=404)
    try:
        notice = payment_provider.notice_parse(payload=request.body, headers=request.headers)
    except InvalidNotice as exc:
        logger.warning("Rejected a %s webhook: %s", provider, exc)
        return HttpResponseBadRequest("Invalid signature or body.")
    if notice is None:
        return HttpResponse("ignored")
    outcome = payment_notice_apply(provider=payment_provider.key, notice=notice)
    logger.info("%s webhook %s for order %s: %s", provider, notice.event_id, notice.order_number, outcome)
    return HttpResponse(outcome)


def _currency(lines) -> str:
    return lines[0].product.currency if lines else settings.LIMBER_CURRENCY
