"""Versioned caching of anonymous reads, with strong validators and the personal parts put back per request.

A cached entry is keyed by the content version, the view's own version parts (such as the
recommendation index's version) and the full path, so an edit never needs a key deleted. Stock moves
too often for that: an entry keeps the units on hand of the products it shows, and is built again
when any has moved (`shop.read_watch`, `catalog.stock_shown`). Nothing
personal is ever stored or shared: API bodies carry nothing personal and are cached for anonymous
requests only; pages are stored with a placeholder for the CSRF token and with an empty cart, and
each response puts the shopper's own token (on a page with a form that posts) and cart count back.
Logged-in users, staff, requests with an ``Authorization`` header and shoppers with a pending
message are never served from, or stored in, the cache.
"""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.template import engines
from django.template.loader import render_to_string
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.crypto import salted_hmac
from django.utils.http import http_date

from shop.cache import cache_read, cache_write
from shop.read_watch import read_moved, read_watch

# Sixty-four characters a masked CSRF token may hold, so the stored page is shaped like a real one.
CSRF_PLACEHOLDER = "LimberCsrfPlaceholder" + "x" * 43
CART_LINK_TEMPLATE = "shop/_cart_link.html"
FORMAT = 1  # part of every key: change it when what an entry holds changes


@dataclass
class Entry:
    """A cached response: its body, validators and what the view needs to act on after serving it."""

    body: bytes
    etag: str
    changed_at: int
    content_type: str
    meta: dict[str, Any] = field(default_factory=dict)


def read_is_anonymous(request: HttpRequest) -> bool:
    """Whether a request may be answered from, and stored in, the shared cache."""
    if request.method not in ("GET", "HEAD") or "HTTP_AUTHORIZATION" in request.META:
        return False
    if request.COOKIES.get(getattr(settings, "MESSAGE_COOKIE_NAME", "messages")):
        return False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    session = getattr(request, "session", None)
    return not (session is not None and session.get("_messages"))


def read_cache_key(request: HttpRequest, *parts: object) -> str:
    """Return the cache key of a read: the content version, the view's own parts and the full path."""
    from shop.content import content_version

    raw = "\x1f".join(map(str, [FORMAT, content_version().token, *parts, request.get_full_path()]))
    return "read:" + hashlib.sha256(raw.encode()).hexdigest()


def _etag(*parts: str | bytes) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part if isinstance(part, bytes) else part.encode())
        digest.update(b"\x1f")
    return f'"{digest.hexdigest()[:32]}"'


def _entry_make(body: bytes, content_type: str, meta: dict | None = None) -> Entry:
    from shop.content import content_version

    return Entry(body, _etag(body), content_version().changed_at, content_type, meta or {})


def _conditional(request: HttpRequest, response: HttpResponse, *, etag: str, changed_at: int, by_date: bool):
    """Add validators and answer 304 when the client's copy is current."""
    response["ETag"] = etag
    response["Last-Modified"] = http_date(changed_at)
    if not by_date:
        # The copy a browser holds carries its own CSRF token and cart count: only the ETag, which
        # names them, can vouch for it; a date cannot.
        request.META.pop("HTTP_IF_MODIFIED_SINCE", None)
    return get_conditional_response(request, etag=etag, last_modified=changed_at, response=response)


def api_read_cached(request: HttpRequest, *, key_parts: tuple, build: Callable[[], HttpResponse]) -> HttpResponse:
    """Answer an anonymous API read from the cache, or build, store and answer it; 304 on a match."""
    key = read_cache_key(request, "api", *key_parts)
    entry = cache_read(key)
    if entry is None or read_moved(entry.meta.get("watched")):
        with read_watch() as watched:
            response = build()
            if hasattr(response, "render"):
                response.render()
        renderer = getattr(response, "accepted_renderer", None)
        if response.status_code != 200 or (renderer is not None and renderer.format != "json"):
            return response
        entry = _entry_make(response.content, response["Content-Type"], {"watched": watched})
        cache_write(key, entry, timeout=settings.LIMBER_READ_CACHE_SECONDS)
    response = HttpResponse(entry.body, content_type=entry.content_type)
    patch_vary_headers(response, ["Accept"])
    response = _conditional(request, response, etag=entry.etag, changed_at=entry.changed_at, by_date=True)
    patch_cache_control(
        response,
        public=True,
        max_age=settings.LIMBER_SHARED_MAX_AGE,
        stale_while_revalidate=settings.LIMBER_STALE_WHILE_REVALIDATE,
    )
    return response


def read_mark_private(response: HttpResponse) -> HttpResponse:
    """Tell shared caches (a CDN) never to keep a response made for one user."""
    patch_cache_control(response, private=True, no_cache=True)
    return response


def _context_processed(request: HttpRequest) -> dict[str, Any]:
    """Return what the configured context processors give this request (the CSRF one is lazy)."""
    values: dict[str, Any] = {}
    for processor in engines["django"].engine.template_context_processors:
        values.update(processor(request))
    return values


def page_cached(
    request: HttpRequest,
    template_name: str,
    *,
    key_parts: tuple,
    build: Callable[[], tuple[dict[str, Any], dict[str, Any]]],
    cart_sensitive: bool = False,
) -> tuple[HttpResponse, dict[str, Any]]:
    """Render a page from its shared cached body with this shopper's own parts; return it and the view's meta.

    `build` returns the template context and the meta the view needs after serving (e.g. the
    products shown, for impressions). A page whose body depends on the cart's contents passes
    `cart_sensitive` and is cached only for shoppers with an empty cart.
    """
    processed = _context_processed(request)
    cart_count = processed.get("cart_count", 0)
    if not read_is_anonymous(request) or (cart_sensitive and cart_count):
        context, meta = build()
        body = render_to_string(template_name, context, request)
        return read_mark_private(HttpResponse(body, status=meta.get("status", 200))), meta
    key = read_cache_key(request, "page", template_name, *key_parts)
    entry = cache_read(key)
    if entry is None or read_moved(entry.meta.get("watched")):
        with read_watch() as watched:
            context, meta = build()
            if meta.get("status", 200) != 200:  # a page that explains an error is rendered, never stored
                response = HttpResponse(render_to_string(template_name, context, request), status=meta["status"])
                return read_mark_private(response), meta
            shared = processed | context | {"csrf_token": CSRF_PLACEHOLDER, "cart_count": 0}
            body = render_to_string(template_name, shared)
        stored = meta | {"nav": context.get("nav", ""), "watched": watched}
        entry = _entry_make(body.encode(), "text/html; charset=utf-8", stored)
        cache_write(key, entry, timeout=settings.LIMBER_READ_CACHE_SECONDS)
    body = entry.body.decode()
    # Only a page with a form that posts carries a token; any other page needs no CSRF cookie, so a
    # client that keeps no cookies gets the same ETag each time and may revalidate by date.
    needs_token = CSRF_PLACEHOLDER in body
    personal = [str(cart_count)]
    if needs_token:
        body = body.replace(CSRF_PLACEHOLDER, get_token(request))
        personal.append(salted_hmac("limber.pages.csrf", request.META["CSRF_COOKIE"]).hexdigest())
    etag = _etag(entry.etag, *personal)
    if cart_count:
        nav = entry.meta.get("nav", "")
        empty = render_to_string(CART_LINK_TEMPLATE, {"cart_count": 0, "nav": nav})
        body = body.replace(empty, render_to_string(CART_LINK_TEMPLATE, {"cart_count": cart_count, "nav": nav}), 1)
    response = HttpResponse(body, content_type=entry.content_type)
    # A date vouches only for a copy with nothing personal in it: no token, and no cart it could have counted.
    by_date = not needs_token and settings.SESSION_COOKIE_NAME not in request.COOKIES
    response = _conditional(request, response, etag=etag, changed_at=entry.changed_at, by_date=by_date)
    # The body may carry this shopper's CSRF token and cart: a browser may keep it, a shared cache must not.
    read_mark_private(response)
    meta = {k: v for k, v in entry.meta.items() if k not in ("nav", "watched")}
    return response, meta
