"""Knowledge-base pages that need no recommendations: the list of condition guides."""

from guides.selectors import guide_list_by_body_area
from shop.pages import page_cached


def guide_list_view(request):
    """List the published condition guides, each once under its main body area; cached, with conditional GETs."""

    def build():
        return {"nav": "guides", "groups": guide_list_by_body_area()}, {}

    response, _meta = page_cached(request, "guides/guide_list.html", key_parts=(), build=build)
    return response
