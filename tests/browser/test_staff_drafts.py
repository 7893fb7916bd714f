"""A shop manager drafts a change, continues the draft, previews it and publishes it, in Chromium, checked by axe."""

import re
from decimal import Decimal

import pytest

from guides.models import Condition, ConditionTreatment, DraftChange, Publication, PublicationKind
from tests.browser.test_staff_publishing import _log_in

pytestmark = pytest.mark.browser

# Django's own admin markup, not Limber's, fails some axe rules; only its nodes are left out, each for one reason:
# - "label", "label-title-only", "select-name": a tabular inline (admin/edit_inline/tabular.html) names its
#   inputs by the column heading, not by a <label>; its inputs are `#id_<formset>-<n>-<field>`.
# - the same three rules on `#id_<field>_from`: the filter_horizontal widget (SelectFilter2.js) builds its
#   “available” list with a title and no label.
# - "empty-table-header": a tabular inline's heading row leaves cells empty by design: the first
#   (`th.original`, over each row's own link) and, on a read-only inline such as the order's lines, the
#   cells over its hidden columns (axe names them `th:nth-child(n)` inside the inline's fieldset).
DJANGO_INLINE_INPUT = re.compile(r"^#id_[a-z_]+-\d+-[A-Za-z_]+$")
DJANGO_FILTER_WIDGET = re.compile(r"^#id_[a-z_]+_from$")
UNLABELLED_RULES = {"label", "label-title-only", "select-name"}
DJANGO_INLINE_HEADING = re.compile(
    r'^(fieldset\[aria-labelledby="[a-z_]+-heading"\] > table > thead > tr > )?(\.original|th:nth-child\(\d+\))$'
)


def _djangos_own(rule: str, node: str) -> bool:
    if rule in UNLABELLED_RULES:
        return bool(DJANGO_INLINE_INPUT.match(node) or DJANGO_FILTER_WIDGET.match(node))
    return rule == "empty-table-header" and bool(DJANGO_INLINE_HEADING.match(node))


def _violations(axe, page) -> list[dict]:
    """Return axe's violations on the page as shown, less the nodes of Django's own markup listed above."""
    kept = []
    for violation in axe(page):
        nodes = [node for node in violation["nodes"] if not _djangos_own(violation["id"], node)]
        if nodes:
            kept.append(violation | {"nodes": nodes})
    return kept


@pytest.fixture
def manager(transactional_db, demo, django_user_model):
    """The demo store, committed so the live server sees it, and a staff login (as test_staff_publishing's)."""
    django_user_model.objects.create_superuser("manager", "manager@limber.test", "a-long-test-password")


def test_draft_continue_preview_and_publish_in_a_browser(page, manager, axe):
    condition = Condition.objects.get(slug="runners-knee")
    treatment = (
        ConditionTreatment.objects.filter(condition=condition, approach__has_products=True)
        .order_by("-weight", "pk")
        .first()
    )
    live_summary = condition.summary
    found = {}
    page.set_default_timeout(180_000)  # eager tasks: the publish runs in its request, slow on a busy machine
    _log_in(page)
    found["home"] = _violations(axe, page)

    page.goto(f"/admin/guides/condition/{condition.pk}/change/")
    page.fill("#id_summary", "Pain around the kneecap, worse on stairs. (draft)")
    page.click("input[name='_save_draft']")  # the main button
    assert "Saved as a draft — not live yet" in page.content()
    found["condition form, draft saved"] = _violations(axe, page)

    page.goto("/admin/")
    page.click("text=Changes waiting to be published")
    found["changes waiting"] = _violations(axe, page)
    page.click("text=Continue draft")
    assert page.input_value("#id_summary") == "Pain around the kneecap, worse on stairs. (draft)"
    assert "You are continuing the draft" in page.content()
    found["condition form, continuing the draft"] = _violations(axe, page)
    row = page.locator(f"input[name^='treatments-'][name$='-id'][value='{treatment.pk}']")
    prefix = row.get_attribute("name").removesuffix("-id")
    page.fill(f"input[name='{prefix}-weight']", "0")
    page.click("input[name='_save_draft_publish']")

    assert page.url.endswith("/admin/guides/draftchange/publish/")
    found["preview and publish"] = _violations(axe, page)
    condition.refresh_from_db()
    assert condition.summary == live_summary  # nothing live yet
    [draft] = DraftChange.objects.all()
    assert len(draft.changes) == 2  # both edits, one draft
    page.fill("input[name='note']", "Clearer summary, less of one treatment")
    page.click("input[value='Publish these changes now']")

    assert "live for shoppers now" in page.content()
    found["published version"] = _violations(axe, page)
    condition.refresh_from_db()
    treatment.refresh_from_db()
    assert condition.summary == "Pain around the kneecap, worse on stairs. (draft)"
    assert treatment.weight == 0
    assert Publication.objects.filter(kind=PublicationKind.PUBLISH).count() == 1

    problems = {what: violations for what, violations in found.items() if violations}
    assert not problems, "\n".join(f"{what}: {v}" for what, vs in problems.items() for v in vs)


def test_an_order_is_marked_paid_and_fulfilled_from_its_page_in_a_browser(page, manager, axe):
    from catalog.models import Product
    from orders.cart import Attribution
    from orders.models import Order, OrderStatus, ShippingMethod
    from orders.services import LineRequest, ShippingAddress, order_place

    method, _ = ShippingMethod.objects.update_or_create(
        code="standard", defaults={"name": "Standard", "price": Decimal("4.95")}
    )
    product = Product.objects.filter(stock_quantity__gt=0, is_active=True).order_by("pk").first()
    address = ShippingAddress(
        name="Sam Runner", line1="1 Track Lane", line2="", city="Portland", postcode="97201", country="US"
    )
    order = order_place(
        lines=[LineRequest(product, 1, Attribution(source="guide", condition="runners-knee"))],
        email="sam@example.com",
        address=address,
        shipping_method=method,
        payment_method="invoice",
        user=None,
    )
    found = {}
    page.set_default_timeout(120_000)
    _log_in(page)

    page.goto(f"/admin/orders/order/{order.pk}/change/")
    assert "Runner's knee" in page.text_content("#lines-group")
    found["placed order"] = _violations(axe, page)
    page.get_by_role("button", name="Mark paid").click()
    found["paid order"] = _violations(axe, page)
    page.get_by_label("Tracking number").fill("1Z999AA1")
    page.get_by_label("Tracking page").fill("not a web address")
    page.get_by_role("button", name="Mark fulfilled").click()
    assert "Enter the carrier" in page.content()
    found["fulfil form with a problem"] = _violations(axe, page)
    page.get_by_label("Tracking page").fill("https://track.example/1Z999AA1")
    page.get_by_role("button", name="Mark fulfilled").click()

    assert "marked fulfilled" in page.content()
    order.refresh_from_db()
    assert (order.status, order.tracking_number) == (OrderStatus.FULFILLED, "1Z999AA1")
    assert Order.objects.count() == 1
    problems = {what: violations for what, violations in found.items() if violations}
    assert not problems, "\n".join(f"{what}: {v}" for what, vs in problems.items() for v in vs)
