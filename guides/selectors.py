"""Read queries of the knowledge base: body areas, conditions and guides."""

from collections import defaultdict

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from guides.models import Article, BodyArea, Condition


def body_area_list() -> QuerySet[BodyArea]:
    """Return every body area in display order."""
    return BodyArea.objects.all()


def condition_list(*, published_only: bool = True) -> QuerySet[Condition]:
    """Return conditions with their body areas and guide."""
    queryset = Condition.objects.prefetch_related("body_areas").select_related("article")
    return queryset.published() if published_only else queryset


def article_list(*, published_only: bool = True) -> QuerySet[Article]:
    """Return guides with their condition and its body areas."""
    queryset = Article.objects.select_related("condition").prefetch_related("condition__body_areas")
    return queryset.published() if published_only else queryset


def article_get(*, slug: str, include_unpublished: bool = False) -> Article:
    """Return a published guide (or any guide, for staff previews) or raise Http404."""
    return get_object_or_404(article_list(published_only=not include_unpublished), slug=slug)


def guide_list_by_body_area() -> list[tuple[BodyArea, list[Article]]]:
    """Return published guides grouped under each body area their condition is felt in."""
    grouped: dict[int, list[Article]] = defaultdict(list)
    for article in article_list():
        for area in article.condition.body_areas.all():
            grouped[area.pk].append(article)
    return [(area, grouped[area.pk]) for area in body_area_list() if grouped[area.pk]]
