"""Counts of long lists remembered per content version, so paging does not count every row per request."""

import hashlib

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.utils.functional import cached_property

from shop.cache import cache_read, cache_write
from shop.content import content_version


def queryset_count_cached(queryset) -> int:
    """Return ``queryset.count()``, computed once per content version and query."""
    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:  # a queryset that cannot match anything, e.g. .none()
        return 0
    raw = f"{content_version().token}\x1f{sql}\x1f{params!r}"
    key = "count:" + hashlib.sha256(raw.encode()).hexdigest()
    count = cache_read(key)
    if count is None:
        count = queryset.count()
        cache_write(key, count, timeout=settings.LIMBER_READ_CACHE_SECONDS)
    return count


class CachedCountPaginator(Paginator):
    """A paginator whose total comes from `queryset_count_cached`."""

    @cached_property
    def count(self) -> int:
        return queryset_count_cached(self.object_list)
