"""Helpers shared by tests: posting admin forms, counting the queries of what a request records."""

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


def records_queries(*, assessment: bool = False, events: bool = False) -> int:
    """Queries a request spends storing what it recorded for analytics.

    None with Redis (one stream entry). On the embedded default the records are stored in the
    request: a savepoint, the check that the products exist (events), the inserts, the release.
    """
    from shop.cache import cache_is_shared

    if cache_is_shared() or not (assessment or events):
        return 0
    return 2 + int(assessment) + 2 * int(events)
