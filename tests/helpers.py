"""Helpers for tests that post admin forms."""

import re

MANAGEMENT = re.compile(r'name="([\w-]+)-INITIAL_FORMS" value="(\d+)"')


def inline_management_forms(html: str) -> dict[str, str]:
    """Return each inline formset's management fields, submitting no extra blank forms.

    Posting these keeps a test valid whichever app adds inlines to the page.
    """
    data = {}
    for prefix, initial in MANAGEMENT.findall(html):
        data[f"{prefix}-TOTAL_FORMS"] = initial
        data[f"{prefix}-INITIAL_FORMS"] = initial
    return data
