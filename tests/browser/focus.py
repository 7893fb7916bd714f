"""Where the keyboard focus is once a page's `autofocus` has had its turn."""

import time


def focused_id(page, *, timeout: float = 3.0) -> str:
    """Return the id of the focused element ("" for none), waiting for the page's autofocus.

    Chromium moves focus to an `autofocus` element at a rendering step after the page has loaded,
    not as it loads: poll until something other than the page itself has focus, or the time is up.
    """
    deadline = time.monotonic() + timeout
    while True:
        found = page.evaluate(
            "document.activeElement && document.activeElement !== document.body ? document.activeElement.id : ''"
        )
        if found or time.monotonic() > deadline:
            return found
        time.sleep(0.05)
