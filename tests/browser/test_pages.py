"""Shopper pages in a real browser, without JavaScript, as the slowest phone would show them."""

import re

import pytest

pytestmark = pytest.mark.browser


@pytest.fixture
def store(transactional_db, demo):
    """The demo store, committed so the live server sees it."""


def test_a_runners_knee_shopper_walks_the_symptom_check_in_a_browser(page, store):
    page.goto("/guides/runners-knee/")
    page.get_by_role("link", name="Start the symptom check").click()

    wanted = {
        "knee-where-exactly": ["At the front, around or behind the kneecap"],
        "knee-worse-with": ["Going up or down stairs", "Kneeling or squatting", "Standing up after sitting"],
    }
    for _ in range(12):  # screens
        if page.get_by_role("heading", name="Your results").count():
            break
        for fieldset in page.locator("fieldset.question").all():
            slug = fieldset.get_attribute("id").removeprefix("question-")
            if fieldset.locator("input:checked").count():
                continue  # preselected: where it hurts, from the guide
            if slug in wanted:
                for label in wanted[slug]:
                    fieldset.get_by_label(re.compile(re.escape(label), re.IGNORECASE)).first.check()
            elif slug == "age":
                fieldset.get_by_label("16 to 49", exact=True).check()
            elif slug.startswith("safety-"):
                fieldset.get_by_label("No", exact=True).check()
            else:
                fieldset.get_by_label("Not sure", exact=True).check()
        page.get_by_role("button", name="Next").click()

    assert page.get_by_role("heading", name="Self-care is a reasonable start").is_visible()
    conditions = page.locator("section", has=page.get_by_role("heading", name="What your answers point to"))
    assert conditions.get_by_role("link", name="Runner's knee").first.is_visible()
    products = page.locator("section", has=page.get_by_role("heading", name="Products that may help"))
    assert products.locator("article.card").count() >= 3
    assert "stretching for lasting recovery" in products.inner_text()
    assert page.external_requests == []


def test_back_in_the_browser_keeps_the_answers(page, store):
    page.goto("/symptom-check/?area=knee")
    first_screen = page.locator("legend .question-text").all_inner_texts()
    page.locator("#question-age").get_by_label("16 to 49", exact=True).check()
    page.get_by_role("button", name="Next").click()
    second_screen = page.locator("legend .question-text").all_inner_texts()
    assert second_screen != first_screen
    first_line = page.locator("fieldset.question").first
    first_line.get_by_label("No", exact=True).check()  # one line answered, the others not yet

    page.get_by_role("button", name="Back").click()

    assert page.locator("legend .question-text").all_inner_texts() == first_screen
    assert page.locator("#question-age").get_by_label("16 to 49", exact=True).is_checked()
    assert page.get_by_role("alert").count() == 0
    page.get_by_role("button", name="Next").click()
    assert page.locator("legend .question-text").all_inner_texts() == second_screen
    assert page.locator("fieldset.question").first.get_by_label("No", exact=True).is_checked()
    assert page.locator("fieldset.question input:checked").count() == 1


def test_a_shopper_filters_the_shop_and_opens_a_product(page, store):
    page.goto("/products/")
    page.get_by_text("Filters and sorting").click()  # a <details> toggle, closed at first
    page.get_by_label("Max price").fill("15")
    page.get_by_label("Sort by").select_option("price")
    page.get_by_role("button", name="Apply").click()

    prices = [float(p.replace("$", "")) for p in page.locator(".card .price").all_inner_texts()]
    assert prices == sorted(prices)
    assert max(prices) <= 15
    page.locator(".card h3 a").first.click()
    assert page.get_by_role("heading", name="About this product").is_visible()


def test_a_bad_filter_is_named_on_the_page(page, store):
    page.goto("/products/?price_min=20&price_max=5")

    assert page.get_by_role("alert").inner_text().count("maximum price must not be below the minimum") == 1


def test_guide_page_shows_products_by_phase_and_the_doctor_box(page, store):
    page.goto("/guides/runners-knee/")

    for phase in ("For immediate relief", "For long-term healing"):
        assert page.get_by_role("heading", name=phase, level=3).is_visible()
    assert page.get_by_role("heading", name="When to see a doctor").is_visible()
    assert page.locator("#products ul.reasons").count() >= 4


PHONE = {"width": 390, "height": 844}


def _longest_named_variant() -> str:
    """The product page whose "Choose from this range" list has the longest choice in the demo store."""
    from django.db.models.functions import Length

    from catalog.models import Product

    return Product.objects.exclude(family="").order_by(-Length("name"), "slug").values_list("slug", flat=True)[0]


def test_pages_are_usable_on_a_phone_screen(browser, live_server, store):
    variant = _longest_named_variant()
    context = browser.new_context(base_url=live_server.url, viewport=PHONE, java_script_enabled=False)
    tab = context.new_page()
    overflow = {}
    try:
        for address in ["/", "/guides/", "/guides/runners-knee/", "/symptom-check/", "/cart/"]:
            tab.goto(address)
            overflow[address] = tab.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        tab.goto(f"/products/{variant}/")
        choice = tab.get_by_label("Choose from this range")
        choices = choice.locator("option").count()
        choice_box = choice.bounding_box()
        add_box = tab.get_by_role("button", name=re.compile("Add to cart")).first.bounding_box()
        overflow["product with variants"] = tab.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        tab.goto("/products/")
        tab.get_by_text("Filters and sorting").click()
        condition_box = tab.get_by_label("Condition").bounding_box()
        overflow["shop, filters open"] = tab.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    finally:
        context.close()

    assert overflow == dict.fromkeys(overflow, 0), "a page scrolls sideways on a phone"
    assert choices >= 2
    assert choice_box["x"] + choice_box["width"] <= PHONE["width"]
    assert condition_box["width"] > 0
    assert condition_box["x"] + condition_box["width"] <= PHONE["width"]
    assert add_box["y"] + add_box["height"] <= PHONE["height"], "Add to cart is below the fold"
