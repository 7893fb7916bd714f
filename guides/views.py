"""Knowledge-base pages that need no recommendations: the list of condition guides."""

from django.shortcuts import render

from guides.selectors import guide_list_by_body_area


def guide_list_view(request):
    """List the published condition guides, grouped by body area."""
    return render(request, "guides/guide_list.html", {"nav": "guides", "groups": guide_list_by_body_area()})
