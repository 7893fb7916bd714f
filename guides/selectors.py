"""Read queries of the knowledge base: body areas, conditions and guides."""

from collections import defaultdict
from dataclasses import dataclass

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


@dataclass(frozen=True)
class GuideListing:
    """A guide on the guide list, with the body areas its condition is also felt in besides its main one."""

    article: Article
    also_felt_in: list[BodyArea]


def guide_list_by_body_area() -> list[tuple[BodyArea, list[GuideListing]]]:
    """Return published guides, each once: under its condition's main body area, the first one listed."""
    articles = list(Article.objects.published().select_related("condition"))
    links = Condition.body_areas.through.objects.filter(condition__in=[a.condition_id for a in articles])
    areas_of: dict[int, list[int]] = defaultdict(list)
    for condition_id, area_id in links.order_by("pk").values_list("condition_id", "bodyarea_id"):
        areas_of[condition_id].append(area_id)  # links are written in the knowledge file's order
    areas = {area.pk: area for area in body_area_list()}
    grouped: dict[int, list[GuideListing]] = defaultdict(list)
    for article in articles:
        felt_in = [areas[pk] for pk in areas_of[article.condition_id] if pk in areas]
        if felt_in:
            grouped[felt_in[0].pk].append(GuideListing(article, felt_in[1:]))
    return [(area, grouped[area.pk]) for area in areas.values() if grouped[area.pk]]
