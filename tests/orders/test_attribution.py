"""Where a sale came from: "Add to cart" on guides and symptom-check results, through to the staff funnel."""

import re

import pytest

from analytics.models import Assessment, ShopperEvent
from analytics.services import events_flush
from orders.models import Order
from tests.orders.conftest import review_post
from tests.recommendations.test_symptom_check_pages import runners_knee_shopper, walk

pytestmark = pytest.mark.django_db


def add_first_card(client, page_html: str, section_id: str):
    """Submit the first "Add to cart" form inside a page section, as the browser would."""
    section = page_html.split(f'id="{section_id}"', 1)[1]
    form = re.search(r'<form class="add-to-cart".*?</form>', section, re.S).group(0)
    fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', form))
    # A product page with variants offers a choice: the browser sends the option selected first.
    if chosen := re.search(r'<option value="([^"]+)" selected', form):
        fields["product"] = chosen[1]
    return client.post("/cart/add/", {**fields, "quantity": "1"}), fields


def place(client, checkout_details):
    checkout_details()
    return review_post(client)


def test_a_product_bought_from_the_runners_knee_guide_is_attributed_to_the_guide(client, demo, checkout_details):
    guide = client.get("/guides/runners-knee/")

    added, fields = add_first_card(client, guide.text, "products-heading")
    place(client, checkout_details)

    line = Order.objects.get().lines.get()
    assert added.status_code == 302
    assert (line.product_slug, line.source, line.source_condition) == (fields["product"], "guide", "runners-knee")


def test_a_product_bought_from_symptom_check_results_carries_the_condition_and_the_assessment(
    client, demo, checkout_details
):
    results, _screens = walk(client, runners_knee_shopper)

    add_first_card(client, results.text, "products-heading")
    place(client, checkout_details)

    events_flush()
    line = Order.objects.get().lines.get()
    assert (line.source, line.source_condition) == ("symptom_check", "runners-knee")
    assert line.source_assessment == Assessment.objects.get().uid


def test_a_product_page_reached_from_a_result_keeps_the_attribution(client, demo, checkout_details):
    page = client.get("/products/loop-stretch-strap/?ref=symptom_check&c=runners-knee")

    add_first_card(client, page.text, "main")
    place(client, checkout_details)

    line = Order.objects.get().lines.get()
    assert (line.product_slug, line.source, line.source_condition) == (
        "loop-stretch-strap",
        "symptom_check",
        "runners-knee",
    )


def test_the_shop_listing_offers_add_to_cart_and_a_search_is_attributed_to_search(client, demo, checkout_details):
    listing = client.get("/products/", {"search": "strap"})

    add_first_card(client, listing.text, "main")
    place(client, checkout_details)

    assert Order.objects.get().lines.get().source == "search"


def test_staff_see_the_order_in_the_funnel_for_runners_knee_and_the_product(
    client, staff_client, demo, checkout_details, django_capture_on_commit_callbacks
):
    guide = client.get("/guides/runners-knee/")
    client.get("/products/loop-stretch-strap/?ref=guide&c=runners-knee")
    add_first_card(client, guide.text, "products-heading")
    with django_capture_on_commit_callbacks(execute=True):
        place(client, checkout_details)
    events_flush()

    funnel = staff_client.get("/admin/orders/order/funnel/").text

    kinds = set(ShopperEvent.objects.filter(condition="runners-knee").values_list("kind", flat=True))
    assert {"impression", "click", "cart_add", "order"} <= kinds
    per_condition = funnel.split("Per condition")[1].split("Per product")[0]
    assert '<th scope="row">runners-knee</th>' not in per_condition  # staff read names, not slugs
    row = per_condition.split('<th scope="row">Runner&#x27;s knee</th>')[1].split("</tr>")[0]
    cells = re.findall(r"<td>([^<]*)</td>", row)
    line = Order.objects.get().lines.get()
    assert int(cells[0]) >= 4  # impressions: the guide shows its products
    assert cells[2:] == ["1", "1", f"${line.line_total}"]  # one cart add, one order, its revenue
    assert line.product_name in funnel.split("Per product")[1]
