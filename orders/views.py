"""Shopper pages: the cart, the order page, "did it help?", and the payment webhook (the checkout: views_checkout)."""

import logging
from decimal import Decimal

from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from analytics.models import EventKind
from analytics.services import events_record
from analytics.visitors import visitor_id
from orders.cart import Attribution, Cart
from orders.forms import CartAddForm, FeedbackForm, OrderLinkForm
from orders.limits import RateLimited, max_units, max_units_rule
from orders.links import feedback_token_check, feedback_url, order_token, order_url
from orders.models import OrderStatus
from orders.notices import NoticeRefused, payment_notice_apply
from orders.payments import InvalidNotice, order_pay_by, provider_get
from orders.selectors import (
    OrderLinkExpired,
    feedback_items,
    order_get_for_viewer,
    order_with_lines,
    product_for_cart,
)
from orders.services import order_feedback_submit, order_link_send
from orders.views_checkout import payment_start
from shop.client_address import client_address
from shop.numbers import MAX_DIGITS, whole_number

logger = logging.getLogger(__name__)


@require_POST
def cart_add_view(request):
    """Add a product to the cart and go back to the page the shopper was on (or the cart)."""
    form = CartAddForm(request.POST)
    if not form.is_valid():
        problem = " ".join(form.errors.get("quantity", []))
        rule = max_units_rule() if problem else ""
        messages.error(request, " ".join(filter(None, ["That could not be added to your cart.", problem, rule])))
        return redirect("orders:cart")
    product = product_for_cart(slug=form.cleaned_data["product"])
    if product is None:
        messages.error(request, "That product is no longer for sale.")
        return redirect("orders:cart")
    cart = Cart(request.session)
    if refusal := cart.add_refusal(product=product, quantity=form.cleaned_data["quantity"]):
        messages.error(request, refusal)
        return redirect(form.safe_next(request) or "orders:cart")
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
    context = {
        "nav": "cart",
        "lines": lines,
        "subtotal": subtotal,
        "currency": _currency(lines),
        "max_units": max_units(),
        "max_units_rule": max_units_rule(),
    }
    return render(request, "orders/cart.html", context)


@require_POST
def cart_update_view(request):
    """Apply the cart page's quantities, or remove the line whose button was pressed; all or nothing."""
    cart = Cart(request.session)
    if "remove" in request.POST:
        if (product_id := _line_id(request.POST["remove"])) is None:
            messages.error(request, "That line could not be removed; please try again.")
        else:
            cart.remove(product_id=product_id)
            messages.success(request, "Removed from your cart.")
        return redirect("orders:cart")
    names = {line.product.pk: line.product.name for line in cart.lines()}
    wanted: dict[int, int] = {}
    problems: list[str] = []
    for key, value in request.POST.items():
        product_id = _line_id(key.removeprefix("quantity-")) if key.startswith("quantity-") else None
        if product_id not in names:
            continue  # not a quantity of a line in this cart
        try:
            wanted[product_id] = whole_number(value, minimum=0, maximum=max_units())
        except ValueError as exc:
            problems.append(f"{names[product_id]}: {exc}")
    if problems:
        messages.error(request, f"{' '.join(problems)} Your cart is unchanged. {max_units_rule()}")
        return redirect("orders:cart")
    for product_id, quantity in wanted.items():
        cart.set_quantity(product_id=product_id, quantity=quantity)
    messages.success(request, "Your cart is updated.")
    return redirect("orders:cart")


def _line_id(text: str) -> int | None:
    try:
        return whole_number(text, minimum=1, maximum=10**MAX_DIGITS - 1)
    except ValueError:
        return None


@require_GET
def order_detail_view(request, number):
    """Show an order to the account that placed it, to staff allowed to, or to anyone holding its signed link."""
    try:
        order = order_get_for_viewer(number=number, user=request.user, token=request.GET.get("t", ""))
    except OrderLinkExpired:
        return _link_expired(request, number)
    provider = provider_get(order.payment_method)
    context = {
        "nav": "cart",
        "order": order,
        "lines": list(order.lines.all()),
        "token": order_token(order=order),
        "payment_label": provider.label if provider else order.payment_method,
        "payment_instructions": provider.instructions(order=order) if provider else "",
        "pay_by": order_pay_by(order=order),
        "can_pay_online": bool(
            order.status == OrderStatus.PLACED and provider and provider.pays_online and provider.is_enabled()
        ),
        "returned_from_payment": request.GET.get("paid") == "1" and order.status == OrderStatus.PLACED,
    }
    response = render(request, "orders/order_detail.html", context)
    response["Referrer-Policy"] = "no-referrer"  # the link is the key: do not hand it to other sites
    return response


@require_POST
def order_pay_view(request, number):
    """Start paying online again for a placed order (a first attempt failed or was abandoned)."""
    try:
        order = order_get_for_viewer(number=number, user=request.user, token=request.POST.get("t", ""))
    except OrderLinkExpired:
        return _link_expired(request, number)
    if order.status != OrderStatus.PLACED:
        return redirect(order_url(order=order))
    return payment_start(request, order)


def _link_expired(request, number: str):
    form = OrderLinkForm(initial={"number": number[:12]})
    return render(request, "orders/order_link.html", {"form": form, "expired": True}, status=410)


def order_link_view(request):
    """ "Lost your link?": email a fresh link when the number and email match; the same answer either way."""
    form = OrderLinkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            order_link_send(
                number=form.cleaned_data["number"], email=form.cleaned_data["email"], client=client_address(request)
            )
        except RateLimited as exc:
            form.add_error(None, exc.message)
            response = render(request, "orders/order_link.html", {"form": form}, status=429)
            response["Retry-After"] = str(exc.wait_seconds)
            return response
        return render(request, "orders/order_link.html", {"sent": True, "email": form.cleaned_data["email"]})
    status = 400 if request.method == "POST" else 200
    return render(request, "orders/order_link.html", {"form": form}, status=status)


def feedback_view(request, number):
    """Ask, per product of an order, whether it helped; each product is answered once, while the link lasts."""
    token = request.GET.get("t", "")
    order = order_with_lines(number=number.upper())
    try:
        if order is None:
            raise signing.BadSignature("No such order.")
        feedback_token_check(number=order.number, token=token)
    except signing.SignatureExpired:
        return render(request, "orders/feedback_refused.html", {"expired": True}, status=410)
    except signing.BadSignature:
        return render(request, "orders/feedback_refused.html", {"expired": False}, status=404)
    items = feedback_items(order=order)
    form = FeedbackForm(request.POST if request.method == "POST" else None, items=items)
    if request.method == "POST" and form.is_valid():
        stored = order_feedback_submit(order=order, answers=form.given())
        messages.success(request, "Thank you! Your answers help other shoppers." if stored else "Already answered.")
        return redirect(feedback_url(order=order))
    context = {"nav": "cart", "order": order, "items": items, "form": form, "token": token}
    status = 400 if request.method == "POST" else 200
    response = render(request, "orders/feedback.html", context, status=status)
    response["Referrer-Policy"] = "no-referrer"  # the link is the key: do not hand it to other sites
    return response


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
    try:
        outcome = payment_notice_apply(provider=payment_provider.key, notice=notice)
    except NoticeRefused as exc:
        return HttpResponseBadRequest(f"refused: {exc}")
    logger.info("%s webhook %s for order %s: %s", provider, notice.event_id, notice.order_number, outcome)
    return HttpResponse(outcome)


def _currency(lines) -> str:
    return lines[0].product.currency if lines else settings.LIMBER_CURRENCY
