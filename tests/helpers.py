"""Helpers shared by tests: posting admin forms, counting the queries of what a request records, abridged JSON."""

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


MORE = "..."  # in a documented (abridged) JSON list: more items may follow


def shows(actual, documented) -> bool:
    """Whether an actual JSON answer holds what an abridged documented one shows.

    A documented object may leave keys out; a documented list holds every item, unless it ends with
    "..." (then the first items only); anything else is equal.
    """
    if isinstance(documented, dict):
        return isinstance(actual, dict) and all(k in actual and shows(actual[k], v) for k, v in documented.items())
    if isinstance(documented, list):
        if not isinstance(actual, list):
            return False
        if documented and documented[-1] == MORE:
            documented = documented[:-1]
            return len(actual) >= len(documented) and all(map(shows, actual, documented))
        return len(actual) == len(documented) and all(map(shows, actual, documented))
    return actual == documented
