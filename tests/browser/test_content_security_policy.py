"""Every page, the shop's and the staff's, in Chromium with JavaScript on: no CSP violation, headers on each."""

from urllib.parse import parse_qsl, urldefrag, urlsplit

import pytest

pytestmark = pytest.mark.browser

# Links that change state when followed, or leave the pages being walked.
SKIP = ("/admin/logout/", "/media/", "/static/", "/api/v1/", "/api/schema/", "/healthz")
MAX_PAGES = 250

RECORD_VIOLATIONS = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__csp.push(`${event.violatedDirective} ${event.blockedURI} at ${event.sourceFile}:${event.lineNumber}`);
});
"""


@pytest.fixture
def store(transactional_db, demo, django_user_model):
    """The demo store, committed so the live server sees it, with a superuser to walk the admin."""
    django_user_model.objects.create_superuser("walker", "walker@limber.test", "a-long-test-password")


def walk(tab, base: str, starts: list[str], *, key) -> tuple[list[str], list[str], list[str]]:
    """Visit every same-site page reachable from starts; return (pages, violations, pages missing headers)."""
    queue, seen, pages, violations, missing = list(starts), set(), [], [], []
    while queue and len(pages) < MAX_PAGES:
        url = queue.pop(0)
        if key(url) in seen:
            continue
        seen.add(key(url))
        # The API docs fetch the schema after loading; shop and admin pages are done once loaded.
        response = tab.goto(url, wait_until="networkidle" if url.startswith("/api/") else "load")
        pages.append(url)
        headers = response.all_headers() if response else {}
        if "content-security-policy" not in headers or "permissions-policy" not in headers:
            missing.append(url)
        violations += [f"{url}: {v}" for v in tab.evaluate("window.__csp || []")]
        for href in tab.eval_on_selector_all("a[href]", "links => links.map(a => a.href)"):
            href = urldefrag(href).url
            if href.startswith(base) and not any(urlsplit(href).path.startswith(p) for p in SKIP):
                queue.append(href[len(base) :])
    return pages, violations, missing


def shape(url: str) -> tuple[str, tuple[str, ...]]:
    """Reduce an address to its path and the names of its query parameters."""
    parts = urlsplit(url)
    return parts.path, tuple(sorted(name for name, _ in parse_qsl(parts.query, keep_blank_values=True)))


def open_tab(browser, live_server):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=True)
    context.add_init_script(RECORD_VIOLATIONS)
    tab = context.new_page()
    console = []
    tab.on("console", lambda message: console.append(message.text) if "Content Security Policy" in message.text else 0)
    tab.csp_console = console
    return context, tab


def test_every_shopper_page_runs_without_a_csp_violation(browser, live_server, store):
    context, tab = open_tab(browser, live_server)
    starts = ["/", "/symptom-check/", "/no-such-page/", "/api/docs/"]

    # One visit per path and set of query parameter names: /products/?category=a and ?category=b render alike.
    pages, violations, missing = walk(tab, live_server.url, starts, key=shape)
    context.close()

    assert len(pages) > 20
    assert violations == []
    assert tab.csp_console == []
    assert missing == []


def test_every_staff_page_runs_without_a_csp_violation(browser, live_server, store):
    context, tab = open_tab(browser, live_server)
    tab.goto("/admin/login/")
    tab.get_by_label("Username").fill("walker")
    tab.get_by_label("Password").fill("a-long-test-password")
    tab.get_by_role("button", name="Log in").click()

    # One visit per admin path: filters and sort orders of the same list render the same page.
    pages, violations, missing = walk(tab, live_server.url, ["/admin/"], key=lambda url: urlsplit(url).path)
    context.close()

    assert any("/admin/catalog/product/" in page for page in pages)
    assert len(pages) > 30
    assert violations == []
    assert tab.csp_console == []
    assert missing == []


def test_the_export_pages_select_all_box_still_works_without_inline_handlers(browser, live_server, store):
    context, tab = open_tab(browser, live_server)
    tab.goto("/admin/login/?next=/admin/catalog/product/export/")
    tab.get_by_label("Username").fill("walker")
    tab.get_by_label("Password").fill("a-long-test-password")
    tab.get_by_role("button", name="Log in").click()

    tab.locator(".select-toggle").first.uncheck()

    boxes = tab.locator("input[type=checkbox][name^=productresource_]")
    checked = [boxes.nth(i).is_checked() for i in range(boxes.count())]
    context.close()
    assert checked
    assert not any(checked)
