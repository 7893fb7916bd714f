"""The order page's own buttons: mark paid, mark fulfilled (with tracking), cancel and restock.

They call the same services as the order list's actions and need the same
permission (change order): view-only staff see no buttons, and a crafted post
from them is refused with 403.
"""

from copy import copy

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect, QueryDict

from orders.models import Order, OrderStatus
from orders.services import order_cancel, order_fulfil, order_mark_paid

ACTION_FIELD = "_order_action"


class FulfilForm(forms.Form):
    """The carrier's tracking number and page, both optional, sent to the shopper with the shipped email."""

    tracking_number = forms.CharField(
        label="Tracking number", required=False, max_length=100, help_text="Optional, as the carrier prints it."
    )
    tracking_url = forms.CharField(
        label="Tracking page",
        required=False,
        help_text="Optional: the carrier's page where the shopper follows the parcel, starting https://",
        widget=forms.URLInput(attrs={"size": 50}),
    )


def order_actions_offered(order: Order) -> list[str]:
    """Return the buttons an order's status allows, in the order they are shown."""
    return {
        OrderStatus.PLACED: ["mark_paid", "cancel"],
        OrderStatus.PAID: ["mark_fulfilled", "cancel"],
    }.get(order.status, [])


class OrderStatusButtons:
    """Mixin for the order admin: status buttons on the order page, handled by its change view."""

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "POST" and ACTION_FIELD in request.POST:
            return self._order_action(request, object_id, form_url, extra_context)
        return super().change_view(request, object_id, form_url, extra_context)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and self.has_change_permission(request, obj):
            context["order_actions"] = order_actions_offered(obj)
            context.setdefault("fulfil_form", FulfilForm())
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _order_action(self, request, object_id, form_url, extra_context):
        """Run one button's service; re-show the page naming what to fix when the tracking details are wrong."""
        order = self.get_object(request, unquote(object_id))
        if order is None:
            return self._get_object_does_not_exist(request, self.opts, object_id)
        if not self.has_change_permission(request, order):
            raise PermissionDenied
        action = request.POST[ACTION_FIELD]
        if action not in order_actions_offered(order):
            self.message_user(
                request,
                f"Order {order.number} is {order.get_status_display().lower()}: nothing was changed.",
                messages.WARNING,
            )
            return HttpResponseRedirect(request.path)
        if action == "mark_paid":
            order_mark_paid(order=order)
            self.message_user(request, f"Order {order.number} marked paid; the shopper is emailed.", messages.SUCCESS)
        elif action == "cancel":
            paid = order.paid_at is not None
            order_cancel(order=order)
            refund = " It was paid: refund it with the payment provider." if paid else ""
            self.message_user(
                request, f"Order {order.number} cancelled; its stock is back on the shelf.{refund}", messages.SUCCESS
            )
        else:
            form = FulfilForm(request.POST)
            if form.is_valid():
                try:
                    order_fulfil(order=order, **form.cleaned_data)
                except ValidationError as problems:
                    for field, errors in problems.message_dict.items():
                        form.add_error(field, errors)
            if form.errors:
                again = {**(extra_context or {}), "fulfil_form": form}
                return self._order_page_again(request, object_id, form_url, again)
            self.message_user(
                request, f"Order {order.number} marked fulfilled; the shopper is emailed.", messages.SUCCESS
            )
        return HttpResponseRedirect(request.path)

    def _order_page_again(self, request, object_id, form_url, extra_context):
        """Show the order page as a GET would, with the fulfil form's problems."""
        shown = copy(request)
        shown.method = "GET"
        shown.POST = QueryDict()
        return super().change_view(shown, object_id, form_url, extra_context)
