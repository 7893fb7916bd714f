"""Each staff role against every admin action and custom screen: allowed where the role says, refused elsewhere."""

import io
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from catalog.models import Product
from guides.history import baseline_ensure
from orders.cart import Attribution
from orders.models import Order, OrderStatus, ShippingMethod
from orders.services import LineRequest, ShippingAddress, order_mark_paid, order_place
from recommendations.index.build import index_rebuild
from recommendations.models import IndexSnapshot
from tests.conftest import ROLES
from tests.factories import ProductFactory

pytestmark = pytest.mark.django_db

EVERY_ROLE = [*ROLES, None]  # None: a staff account with no permission at all
MANAGER, CATALOGUE, CONTENT, CLINICAL, ORDERS, ANALYST = ROLES
ADDRESS = ShippingAddress(
    name="Sam Runner", line1="1 Track Lane", line2="", city="Springfield", postcode="12345", country="US"
)


@pytest.fixture
def shop(db):
    """An order, a product, a published baseline and a recommendations build for the screens to show."""
    method, _ = ShippingMethod.objects.update_or_create(
        code="standard", defaults={"name": "Standard", "price": Decimal("4.95"), "position": 0}
    )
    product = ProductFactory(price=Decimal("20.00"), stock_quantity=5)
    order = order_place(
        lines=[LineRequest(product, 1, Attribution())],
        email="sam@example.com",
        address=ADDRESS,
        shipping_method=method,
        payment_method="invoice",
        user=None,
    )
    baseline_ensure()
    index_rebuild(force=True)
    return {"order": order, "product": product}


def _url(name: str, shop: dict) -> str:
    from guides.models import Publication

    return {
        "sales dashboard": reverse("admin:orders_dashboard"),
        "what recommendations sell": reverse("admin:orders_funnel"),
        "coverage report": reverse("admin:recommendations_coverage"),
        "try the engine": reverse("admin:recommendations_try_engine"),
        "preview and publish": reverse("admin:guides_draftchange_publish"),
        "restore a version": reverse("admin:guides_publication_restore", args=[Publication.objects.get().pk]),
        "orders": reverse("admin:orders_order_changelist"),
        "an order": reverse("admin:orders_order_change", args=[shop["order"].pk]),
        "product import": reverse("admin:catalog_product_import"),
        "product export": reverse("admin:catalog_product_export"),
        "did it help? answers": reverse("admin:analytics_productfeedback_changelist"),
        "symptom checks": reverse("admin:analytics_assessment_changelist"),
        "API tokens": reverse("admin:knox_authtoken_changelist"),
        "staff accounts": reverse("admin:auth_user_changelist"),
        "login failures": reverse("admin:axes_accessattempt_changelist"),
        "recommendation builds": reverse("admin:recommendations_indexsnapshot_changelist"),
        "changes waiting": reverse("admin:guides_draftchange_changelist"),
        "red-flag rules": reverse("admin:guides_redflagrule_changelist"),
    }[name]


SCREENS = {
    "sales dashboard": {MANAGER, ANALYST},
    "what recommendations sell": {MANAGER, ANALYST},
    "coverage report": {MANAGER, CONTENT, CLINICAL, ANALYST},
    "try the engine": {MANAGER, CONTENT, CLINICAL},
    "preview and publish": {MANAGER, CLINICAL},
    "restore a version": {MANAGER, CLINICAL},
    "orders": {MANAGER, ORDERS},
    "an order": {MANAGER, ORDERS},
    "product import": {MANAGER, CATALOGUE},
    "product export": {MANAGER, CATALOGUE, CONTENT, CLINICAL, ORDERS},
    "did it help? answers": {MANAGER, ANALYST},
    "symptom checks": {MANAGER, CLINICAL, ANALYST},
    "API tokens": {MANAGER, CATALOGUE},
    "staff accounts": {MANAGER},
    "login failures": {MANAGER},
    "recommendation builds": {MANAGER, CLINICAL},
    "changes waiting": {MANAGER, CATALOGUE, CONTENT, CLINICAL},
    "red-flag rules": {MANAGER, CATALOGUE, CONTENT, CLINICAL},
}


@pytest.mark.parametrize("role", EVERY_ROLE, ids=lambda role: role or "no role")
@pytest.mark.parametrize("screen", sorted(SCREENS))
def test_each_screen_opens_for_its_roles_and_is_403_for_the_rest(screen, role, shop, staff_in_role):
    client = staff_in_role(role)

    response = client.get(_url(screen, shop))

    assert response.status_code == (200 if role in SCREENS[screen] else 403)


def _act(client, changelist: str, action: str, *objects):
    return client.post(changelist, {"action": action, "_selected_action": [obj.pk for obj in objects]})


def _order_marked_paid(client, shop) -> bool:
    _act(client, reverse("admin:orders_order_changelist"), "mark_paid", shop["order"])
    return Order.objects.get(pk=shop["order"].pk).status == OrderStatus.PAID


def _order_fulfilled(client, shop) -> bool:
    order_mark_paid(order=shop["order"])
    _act(client, reverse("admin:orders_order_changelist"), "mark_fulfilled", shop["order"])
    return Order.objects.get(pk=shop["order"].pk).status == OrderStatus.FULFILLED


def _order_cancelled_and_restocked(client, shop) -> bool:
    _act(client, reverse("admin:orders_order_changelist"), "cancel_and_restock", shop["order"])
    restocked = Product.objects.get(pk=shop["product"].pk).stock_quantity == 5
    return Order.objects.get(pk=shop["order"].pk).status == OrderStatus.CANCELLED and restocked


def _orders_exported(client, shop) -> bool:
    response = _act(client, reverse("admin:orders_order_changelist"), "export_csv", shop["order"])
    return response.status_code == 200 and "sam@example.com" in response.content.decode()


def _index_rebuilt(client, shop) -> bool:
    builds = IndexSnapshot.objects.count()
    changelist = reverse("admin:recommendations_indexsnapshot_changelist")
    _act(client, changelist, "rebuild_now", IndexSnapshot.objects.first())
    return IndexSnapshot.objects.count() > builds


def _product_deactivated(client, shop) -> bool:
    _act(client, reverse("admin:catalog_product_changelist"), "deactivate", shop["product"])
    return not Product.objects.get(pk=shop["product"].pk).is_active


ACTIONS = {
    "mark paid": (_order_marked_paid, {MANAGER, ORDERS}),
    "mark fulfilled": (_order_fulfilled, {MANAGER, ORDERS}),
    "cancel and restock": (_order_cancelled_and_restocked, {MANAGER, ORDERS}),
    "export orders as CSV": (_orders_exported, {MANAGER, ORDERS}),
    "rebuild the recommendations": (_index_rebuilt, {MANAGER}),
    "deactivate a product": (_product_deactivated, {MANAGER, CATALOGUE}),
}


@pytest.mark.parametrize("role", EVERY_ROLE, ids=lambda role: role or "no role")
@pytest.mark.parametrize("action", sorted(ACTIONS))
def test_each_action_works_for_its_roles_and_changes_nothing_for_the_rest(action, role, shop, staff_in_role):
    done, roles = ACTIONS[action]
    client = staff_in_role(role)

    assert done(client, shop) == (role in roles)


def test_view_only_staff_are_not_offered_order_actions_and_a_crafted_post_changes_nothing(shop, staff_in_role):
    client = staff_in_role(None, username="order-reader")
    client.user.user_permissions.add(Permission.objects.get(content_type__app_label="orders", codename="view_order"))

    page = client.get(reverse("admin:orders_order_changelist")).content.decode()

    assert "export_csv" in page  # reading stays possible
    assert "mark_paid" not in page
    assert "mark_fulfilled" not in page
    assert "cancel_and_restock" not in page
    assert not _order_marked_paid(client, shop)
    assert not _order_fulfilled(client, shop)
    assert not _order_cancelled_and_restocked(client, shop)


def test_links_to_reports_show_only_to_those_who_may_open_them(shop, staff_in_role):
    manager = staff_in_role(MANAGER).get(reverse("admin:orders_order_changelist")).content.decode()
    handler = staff_in_role(ORDERS).get(reverse("admin:orders_order_changelist")).content.decode()

    assert reverse("admin:orders_dashboard") in manager
    assert reverse("admin:orders_dashboard") not in handler
    assert reverse("admin:orders_funnel") not in handler


def test_the_roles_migration_can_run_again_and_gives_the_same_roles(staff_in_role):
    from importlib import import_module

    from django.apps import apps as global_apps

    before = {group.name: set(group.permissions.values_list("codename", flat=True)) for group in Group.objects.all()}
    import_module("shop.migrations.0002_staff_roles").roles_create(global_apps, None)
    after = {group.name: set(group.permissions.values_list("codename", flat=True)) for group in Group.objects.all()}

    assert after == before
    assert set(before) >= set(ROLES)
    assert "publish_safety_advice" in before[CLINICAL]
    assert "publish_safety_advice" not in before[MANAGER]
    assert "change_order" not in before[ANALYST]


def test_the_demo_staff_login_is_a_shop_manager_not_a_superuser(staff_in_role, settings, django_user_model):
    from django.core.management import call_command

    settings.DEBUG = True
    call_command("load_demo", "--no-images", "--demo-staff", stdout=io.StringIO())

    staff = django_user_model.objects.get(username="staff")
    assert (staff.is_staff, staff.is_superuser) == (True, False)
    assert [group.name for group in staff.groups.all()] == [MANAGER]
