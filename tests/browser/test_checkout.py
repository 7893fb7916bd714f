"""A shopper buys in a real browser without JavaScript: product page → cart → checkout → invoice order."""

import re

import pytest

from catalog.models import Product
from orders.models import Order, ShippingMethod

pytestmark = pytest.mark.browser


@pytest.fixture
def store(transactional_db, demo):
    """The demo store with its shipping methods, committed so the live server sees it."""
    ShippingMethod.objects.update_or_create(
        code="standard", defaults={"name": "Standard (3–5 working days)", "price": "4.95"}
    )


def test_a_shopper_goes_from_the_runners_knee_guide_to_a_placed_invoice_order(page, store):
    page.goto("/guides/runners-knee/")
    products = page.locator("section#products")
    name = products.locator(".card h3 a").first.inner_text()
    products.locator(".card").first.get_by_role("button", name=re.compile("Add to cart")).click()

    assert page.locator(".cart-count").inner_text() == "1"
    page.get_by_role("link", name=re.compile("^Cart")).click()
    page.get_by_label(re.compile(f"Quantity of {re.escape(name)}")).fill("2")
    page.get_by_role("button", name="Update quantities").click()
    page.get_by_role("link", name="Go to checkout").click()

    page.get_by_label("Email").fill("sam@example.com")
    page.get_by_label("Full name").fill("Sam Runner")
    page.get_by_label("Address line 1").fill("1 Track Lane")
    page.get_by_label("ZIP or postcode").fill("62704")
    page.get_by_label("Town or city").fill("Springfield")
    page.get_by_label("State, province or territory").select_option(label="Illinois")
    page.get_by_label(re.compile("Standard")).check()
    page.get_by_role("button", name="Continue to review").click()

    assert page.get_by_role("heading", name="Review your order").is_visible()
    page.get_by_label("Invoice / bank transfer").check()
    page.get_by_role("button", name="Place order").click()

    order = Order.objects.get()
    assert page.get_by_role("heading", name=f"Order {order.number}").is_visible()
    assert f"Thank you! Your order {order.number} is placed." in page.content()
    assert page.locator(".cart-count").inner_text() == "0"
    line = order.lines.get()
    assert (line.product_name, line.quantity, line.source, line.source_condition) == (name, 2, "guide", "runners-knee")
    assert page.external_requests == []


# Answers a runner with an ache at the front of the knee would choose, matched on the options' labels.
SENSIBLE = re.compile(r"\bknee\b|front|kneecap|stairs|kneel|squat|sitting|gradual|running|dull|ache", re.IGNORECASE)


def answer_the_step(page) -> None:
    """Answer the questions on screen as that runner would: an adult's age, "No" to every safety question,
    else what fits."""
    for fieldset in page.locator("fieldset.question").all():
        slug = fieldset.get_attribute("id").removeprefix("question-")
        options = fieldset.locator("ul.options label")
        labels = [label.strip() for label in options.all_inner_texts()]
        if slug == "age":
            chosen = ["16 to 49"]
        elif slug.startswith("safety-") and "No" in labels:
            chosen = ["No"]
        else:
            chosen = [label for label in labels if SENSIBLE.search(label)] or ["Not sure"]
            if fieldset.locator('input[type="radio"]').count():
                chosen = chosen[:1]
        for label in chosen:
            fieldset.get_by_label(label, exact=True).check()
    page.get_by_role("button", name="Next").click()


def test_a_shopper_goes_from_a_symptom_check_result_to_a_placed_invoice_order(page, store):
    page.goto("/symptom-check/")
    for _ in range(40):
        if page.get_by_role("heading", name="Your results").count():
            break
        answer_the_step(page)

    assert page.get_by_role("heading", name="Self-care is a reasonable start").is_visible()
    top = page.locator("section", has=page.get_by_role("heading", name="What your answers point to"))
    condition = top.locator(".card h3 a").first.get_attribute("href").strip("/").split("/")[-1]
    products = page.locator("section", has=page.get_by_role("heading", name="Products that may help"))
    card = products.locator("article.card").first
    name = card.locator("h3 a").inner_text()
    card.get_by_role("button", name=re.compile("Add to cart")).click()

    assert page.locator(".cart-count").inner_text() == "1"
    page.get_by_role("link", name=re.compile("^Cart")).click()
    page.get_by_role("link", name="Go to checkout").click()
    page.get_by_label("Email").fill("sam@example.com")
    page.get_by_label("Full name").fill("Sam Runner")
    page.get_by_label("Address line 1").fill("1 Track Lane")
    page.get_by_label("ZIP or postcode").fill("62704")
    page.get_by_label("Town or city").fill("Springfield")
    page.get_by_label("State, province or territory").select_option(label="Illinois")
    page.get_by_label(re.compile("Standard")).check()
    page.get_by_role("button", name="Continue to review").click()
    page.get_by_label("Invoice / bank transfer").check()
    page.get_by_role("button", name="Place order").click()

    order = Order.objects.get()
    assert page.get_by_role("heading", name=f"Order {order.number}").is_visible()
    line = order.lines.get()
    assert (line.product_name, line.source, line.source_condition) == (name, "symptom_check", condition)
    assert line.source_assessment is not None
    assert page.external_requests == []


@pytest.mark.integration
@pytest.mark.postgres
def test_place_order_clicked_twice_before_the_page_changes_makes_one_order_and_shows_it(page, store):
    page.goto("/products/loop-stretch-strap/")
    page.get_by_role("button", name=re.compile("Add to cart")).first.click()
    page.goto("/checkout/")
    page.get_by_label("Email").fill("sam@example.com")
    page.get_by_label("Full name").fill("Sam Runner")
    page.get_by_label("Address line 1").fill("1 Track Lane")
    page.get_by_label("ZIP or postcode").fill("62704")
    page.get_by_label("Town or city").fill("Springfield")
    page.get_by_label("State, province or territory").select_option(label="Illinois")
    page.get_by_role("button", name="Continue to review").click()
    page.get_by_label("Invoice / bank transfer").check()
    before = Product.objects.get(slug="loop-stretch-strap").stock_quantity
    answered = []

    def slow_network(route):
        """Let each post reach the shop, but hold the first answer back, as a slow connection does."""
        answer = route.fetch(max_redirects=0)
        answered.append(answer.status)
        if len(answered) > 1:
            route.fulfill(response=answer)

    page.route("**/checkout/review/", slow_network)
    box = page.get_by_role("button", name="Place order").bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.click(x, y)
    while not answered:  # the first post reached the shop; its answer is on its way back
        page.wait_for_timeout(50)
    page.mouse.click(x, y)  # the page has not changed yet: the shopper clicks again (the first load is dropped)
    for _ in range(200):
        if re.search(r"/orders/[A-Z0-9-]+/\?t=", page.url):
            break
        page.wait_for_timeout(50)
    page.wait_for_load_state()

    order = Order.objects.get()
    assert answered == [302, 302]  # both posts reached the shop
    assert page.get_by_role("heading", name=f"Order {order.number}").is_visible()
    assert f"Thank you! Your order {order.number} is placed." in page.content()
    assert Product.objects.get(slug="loop-stretch-strap").stock_quantity == before - 1
