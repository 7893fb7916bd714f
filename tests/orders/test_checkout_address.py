"""The checkout's address: a country from a list, a state where the country has them, its postcode format,
autocomplete on every field, and problems summed up at the top with links to their fields."""

import re
from html.parser import HTMLParser

import pytest

from orders.models import Order
from tests.factories import ProductFactory
from tests.orders.conftest import review_post

pytestmark = pytest.mark.django_db

US = {"name": "Sam Runner", "line1": "1 Track Lane", "city": "Portland", "region": "US-OR", "postcode": "97201"}
GB = {"name": "Sam Runner", "line1": "10 Downing Street", "city": "London", "region": "", "postcode": "sw1a2aa"}


class Elements(HTMLParser):
    """Every start tag of a page, with its attributes."""

    def __init__(self, html: str):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def by_id(self, element_id: str) -> tuple[str, dict] | None:
        return next((tag for tag in self.tags if tag[1].get("id") == element_id), None)

    def named(self, name: str) -> dict:
        return next(attrs for tag, attrs in self.tags if attrs.get("name") == name and tag in ("input", "select"))


def test_a_us_address_prints_city_state_and_zip_on_one_line(client, fill_cart, checkout_details):
    fill_cart(ProductFactory())

    details = checkout_details(country="US", **US)
    review = client.get(details.headers["Location"])
    placed = review_post(client)
    order = Order.objects.get()
    page = client.get(placed.headers["Location"])

    assert "1 Track Lane<br>Portland, OR 97201<br>United States</address>" in review.text
    assert (order.shipping_region, order.shipping_postcode, order.shipping_country) == ("OR", "97201", "US")
    assert "Portland, OR 97201<br>United States" in page.text


def test_a_british_address_puts_the_postcode_on_its_own_line_written_as_the_post_writes_it(
    client, fill_cart, checkout_details
):
    fill_cart(ProductFactory())

    details = checkout_details(country="GB", **GB)
    review = client.get(details.headers["Location"])

    assert "10 Downing Street<br>London<br>SW1A 2AA<br>United Kingdom</address>" in review.text


def test_going_back_to_the_details_keeps_the_state_chosen(client, fill_cart, checkout_details):
    fill_cart(ProductFactory())
    checkout_details(country="US", **US)

    page = Elements(client.get("/checkout/").text)

    selected = [attrs.get("value") for tag, attrs in page.tags if tag == "option" and "selected" in attrs]
    assert selected == ["US", "US-OR"]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"country": "US", "region": ""}, "Choose a state: an address in the United States needs one."),
        (
            {"country": "US", "postcode": "SW1A 2AA"},
            "Enter a valid ZIP code for the United States: 5 digits, or ZIP+4 (e.g. 97201 or 97201-1234).",
        ),
        ({"country": "GB", "region": "", "postcode": "97201"}, "Enter a valid postcode for the United Kingdom"),
        ({"country": "GB", "region": "", "postcode": ""}, "Enter the postcode: e.g. SW1A 1AA or M1 1AE."),
        ({"country": "AU", "postcode": "6000"}, "Oregon is not in Australia: choose a state or territory there."),
        ({"country": "CA", "region": "CA-XX"}, "Choose a state, province or territory from the list."),
        ({"country": "ZZ"}, "Choose a country from the list: we ship to those countries only."),
    ],
)
def test_an_address_that_does_not_fit_its_country_comes_back_naming_the_problem(
    client, fill_cart, checkout_details, changes, message
):
    fill_cart(ProductFactory())

    response = checkout_details(**{**US, **changes})

    assert response.status_code == 400
    assert message in response.text
    assert not Order.objects.exists()


def test_an_irish_address_may_have_no_eircode(client, fill_cart, checkout_details):
    fill_cart(ProductFactory())

    response = checkout_details(country="IE", **{**GB, "city": "Dublin", "postcode": ""})

    assert response.status_code == 302


def test_every_address_field_says_what_it_holds_for_autofill_and_the_country_is_a_list_of_names(client, fill_cart):
    fill_cart(ProductFactory())

    page = Elements(client.get("/checkout/").text)

    autocomplete = {
        name: page.named(name).get("autocomplete")
        for name in ("email", "name", "line1", "line2", "city", "region", "postcode", "country")
    }
    assert autocomplete == {
        "email": "email",
        "name": "name",
        "line1": "address-line1",
        "line2": "address-line2",
        "city": "address-level2",
        "region": "address-level1",
        "postcode": "postal-code",
        "country": "country",
    }
    html = client.get("/checkout/").text
    assert re.search(r'<select name="country"[^>]*>', html)
    assert '<option value="US" selected>United States</option>' in html
    assert '<option value="GB">United Kingdom</option>' in html
    assert '<optgroup label="Canada">' in html
    assert '<option value="CA-QC">Quebec</option>' in html


def test_problems_are_summed_up_at_the_top_with_links_to_fields_that_exist_and_take_the_focus(
    client, fill_cart, checkout_details
):
    fill_cart(ProductFactory())

    html = checkout_details(
        email="nope", city="", shipping_method="", **{k: v for k, v in US.items() if k != "city"}
    ).text
    page = Elements(html)

    summary = page.by_id("error-summary")
    assert summary is not None
    assert "autofocus" in summary[1]
    assert summary[1]["tabindex"] == "-1"
    assert html.index('id="error-summary"') < html.index("<form method")
    links = re.findall(r'<li><a href="#([^"]+)">([^<]+)</a></li>', html[html.index('id="error-summary"') :])
    assert [text for _, text in links] == [
        "Enter a valid email address.",
        "Enter the town or city.",
        "Choose how the parcel is sent.",
    ]
    assert all(page.by_id(anchor) for anchor, _ in links)
    assert [anchor for anchor, _ in links] == ["id_email", "id_city", "id_shipping_method_0"]
    for name in ("email", "city"):
        field = page.named(name)
        assert field["aria-invalid"] == "true"
        assert all(page.by_id(target) for target in field["aria-describedby"].split())
        assert f"id_{name}_error" in field["aria-describedby"]
    assert "aria-invalid" not in page.named("line1")


def test_only_fields_every_address_can_leave_empty_are_marked_optional(client, fill_cart):
    fill_cart(ProductFactory())

    html = client.get("/checkout/").text

    optional = re.findall(r'<label for="id_(\w+)">[^<]*<span class="small">\(optional\)</span>', html)
    assert optional == ["line2"]


def test_every_aria_describedby_on_the_details_page_points_to_an_element_that_exists(client, fill_cart):
    fill_cart(ProductFactory())

    page = Elements(client.get("/checkout/").text)

    described = [attrs["aria-describedby"] for _, attrs in page.tags if "aria-describedby" in attrs]
    assert described  # the email's and the state's help
    assert all(page.by_id(target) for value in described for target in value.split())
