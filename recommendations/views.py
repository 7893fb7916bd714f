"""Shopper-facing guide and symptom-check pages."""

from django.shortcuts import render


def guide_list_view(request):
    """List the condition guides."""
    return render(request, "recommendations/coming_soon.html", {"nav": "guides", "title": "Condition guides"})


def symptom_check_view(request):
    """Start the symptom check."""
    return render(request, "recommendations/coming_soon.html", {"nav": "symptom-check", "title": "Symptom check"})
