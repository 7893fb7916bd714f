"""The order page's own buttons: mark paid, mark fulfilled with tracking, cancel and restock — for those allowed."""

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.urls import reverse

from catalog.models import Product
from orders.cart import Attribution
from orders.models import Order, OrderStatus
from orders.outbox import outbox_dispatch
from tests.conftest import ROLES
from tests.factories import ConditionFactory

pytestmark = pytest.mark.django_db

ORDER_HANDLER = ROLES[4]


def _page(order) -> str:
    return f"/admin/orders/order/{order.pk}/change/"


def _press(client, order, action, **data):
    return client.post(_page(order), {"_order_action": action, **data}, follow=True)


def test_an_order_handler_marks_an_order_paid_then_fulfilled_with_tracking_from_its_page(
    staff_in_role, place_order, django_capture_on_commit_callbacks
):
    handler = staff_in_role(ORDER_HANDLER)
    order = place_order()
    outbox_dispatch()
    mail.outbox.clear()

    placed_page = handler.get(_page(order)).text
    with django_capture_on_commit_callbacks(execute=True):
        paid = _press(handler, order, "mark_paid")
    with django_capture_on_commit_callbacks(execute=True):
        sent = _press(
            handler, order, "mark_fulfilled", tracking_number="1Z999AA1", tracking_url="https://track.example/1Z999AA1"
        )

    assert ">Mark paid</button>" in placed_page
    assert ">Mark fulfilled</button>" not in placed_page  # not paid yet
    assert ">Mark fulfilled</button>" in paid.text
    assert f"Order {order.number} marked paid" in paid.text
    assert f"Order {order.number} marked fulfilled" in sent.text
    order.refresh_from_db()
    assert order.status == OrderStatus.FULFILLED
    assert order.tracking_number == "1Z999AA1"
    assert [m.subject for m in mail.outbox] == [
        f"We received your payment for Limber order {order.number}",
        f"Your Limber order {order.number} is on its way",
    ]
    assert "Tracking number: 1Z999AA1" in mail.outbox[1].body
    assert "_order_action" not in sent.text  # a sent order has no next step


def test_a_wrong_tracking_page_shows_the_order_page_again_naming_the_problem(staff_in_role, place_order):
    handler = staff_in_role(ORDER_HANDLER)
    order = place_order()
    _press(handler, order, "mark_paid")

    response = _press(handler, order, "mark_fulfilled", tracking_number="1Z9", tracking_url="javascript:alert(1)")

    assert response.status_code == 200
    assert "Enter the carrier&#x27;s tracking page" in response.text
    assert 'value="1Z9"' in response.text  # what was typed stays
    assert Order.objects.get(pk=order.pk).status == OrderStatus.PAID


def test_cancel_and_restock_from_the_order_page_puts_the_units_back(staff_in_role, place_order):
    handler = staff_in_role(ORDER_HANDLER)
    order = place_order(quantity=2)
    product = Product.objects.get(pk=order.lines.get().product_id)
    stock = product.stock_quantity

    response = _press(handler, order, "cancel")

    product.refresh_from_db()
    assert f"Order {order.number} cancelled" in response.text
    assert Order.objects.get(pk=order.pk).status == OrderStatus.CANCELLED
    assert product.stock_quantity == stock + 2
    assert "Cancel and restock</button>" not in response.text


def test_view_only_staff_see_no_buttons_and_a_crafted_post_is_refused_with_403(staff_in_role, place_order):
    reader = staff_in_role(None, username="order-reader")
    reader.user.user_permissions.add(Permission.objects.get(content_type__app_label="orders", codename="view_order"))
    order = place_order()

    page = reader.get(_page(order))
    responses = [reader.post(_page(order), {"_order_action": action}) for action in ["mark_paid", "cancel"]]

    assert page.status_code == 200
    assert order.number in page.text
    assert "_order_action" not in page.text
    assert [response.status_code for response in responses] == [403, 403]
    assert Order.objects.get(pk=order.pk).status == OrderStatus.PLACED


def test_a_button_for_a_step_already_taken_changes_nothing_and_says_so(staff_in_role, place_order):
    handler = staff_in_role(ORDER_HANDLER)
    order = place_order()
    _press(handler, order, "cancel")

    response = _press(handler, order, "mark_paid")

    assert "nothing was changed" in response.text
    assert Order.objects.get(pk=order.pk).status == OrderStatus.CANCELLED


def test_order_lines_name_the_condition_not_its_slug(staff_client, place_order):
    ConditionFactory(name="Runner's knee", slug="runners-knee")
    order = place_order(attribution=Attribution(source="guide", condition="runners-knee"))

    page = staff_client.get(reverse("admin:orders_order_change", args=[order.pk])).text

    lines = page.split('id="lines-group"')[1].split("</table>")[0]
    assert "Runner&#x27;s knee" in lines
    assert "runners-knee" not in lines
