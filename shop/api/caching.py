"""Anonymous API reads served from the versioned cache (see `shop.pages`)."""

from shop.api.throttling import longest_wait, throttle_waits
from shop.pages import api_read_cached, read_is_anonymous, read_mark_private


class CachedReadMixin:
    """Serve anonymous GETs of a DRF view from the versioned cache, with ETag, Last-Modified and 304.

    A hit still passes the rate limits, then skips the rest of DRF's cycle (queries, serialising,
    rendering). Views add what else their answer depends on in `read_key_parts()`. Responses to
    anyone else are marked private so a shared cache never keeps them.
    """

    _throttles_checked = False

    def read_key_parts(self, request) -> tuple:
        """Return what, besides the content version and the path, the answer depends on."""
        return ()

    def check_throttles(self, request):
        if not self._throttles_checked:
            super().check_throttles(request)

    def dispatch(self, request, *args, **kwargs):
        if not read_is_anonymous(request):
            response = super().dispatch(request, *args, **kwargs)
            return read_mark_private(response) if request.method in ("GET", "HEAD") else response
        limited = self._rate_limited(request, *args, **kwargs)
        if limited is not None:
            return limited
        self._throttles_checked = True
        html = "text/html" in request.META.get("HTTP_ACCEPT", "") or "format" in request.GET
        return api_read_cached(
            request,
            key_parts=(type(self).__qualname__, html, *self.read_key_parts(request)),
            build=lambda: super(CachedReadMixin, self).dispatch(request, *args, **kwargs),
        )

    def _rate_limited(self, request, *args, **kwargs):
        """Return DRF's 429 response when a rate limit refuses the request, else None.

        The limits read the plain request: it is anonymous (`read_is_anonymous`), so DRF's request
        and its authentication are built only to answer a refusal, as DRF's `check_throttles` would.
        """
        waits = throttle_waits(request, self)
        if not waits:
            return None
        drf_request = self.initialize_request(request, *args, **kwargs)
        self.request, self.args, self.kwargs = drf_request, args, kwargs
        self.headers = self.default_response_headers
        try:
            self.throttled(drf_request, longest_wait(waits))
        except Exception as exc:  # DRF turns its own exceptions into responses
            response = self.finalize_response(drf_request, self.handle_exception(exc), *args, **kwargs)
            return response.render() if hasattr(response, "render") else response
        return None
