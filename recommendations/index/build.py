"""Compile the knowledge base and catalogue into an index, and rebuild the stored one."""

import logging
import secrets
import time

from django.utils import timezone

from recommendations.engine.policy import DEFAULT_POLICY, ScoringPolicy
from recommendations.engine.ranking import Catalogue, rank_condition
from recommendations.engine.types import ConditionRanking, KnowledgeIndex
from recommendations.index.sources import (
    base_rates,
    condition_infos,
    product_infos,
    question_infos,
    red_flag_rule_infos,
    symptom_names,
)
from recommendations.index.store import built_generation, index_publish, rebuild_lock, requested_generation

logger = logging.getLogger(__name__)


def index_build(*, policy: ScoringPolicy = DEFAULT_POLICY) -> tuple[KnowledgeIndex, dict]:
    """Compile the knowledge base and catalogue into an index; return it with build figures."""
    started = time.perf_counter()
    catalogue = Catalogue(product_infos())
    conditions = tuple(condition_infos())
    rankings = {condition.slug: rank_condition(condition, catalogue, policy=policy) for condition in conditions}
    needed = sorted({item.slug for ranking in rankings.values() for items in ranking.phases.values() for item in items})
    index = KnowledgeIndex(
        version=f"{timezone.now():%Y%m%dT%H%M%S%f}-{secrets.token_hex(3)}",
        conditions=conditions,
        questions=tuple(question_infos()),
        rankings=rankings,
        products={slug: catalogue.products[slug] for slug in needed},
        symptoms=symptom_names(),
        base_rates=base_rates(),
        red_flag_rules=tuple(red_flag_rule_infos()),
    )
    figures = {"products": len(catalogue), "conditions": len(conditions), "seconds": time.perf_counter() - started}
    return index, figures


def index_rebuild(*, force: bool = False, policy: ScoringPolicy = DEFAULT_POLICY) -> KnowledgeIndex | None:
    """Rebuild and store the index if it is behind the requested generation (or when forced).

    Safe to call twice or concurrently: one caller builds, the others get IndexBusy.
    Return the new index, or None when the stored one was already fresh.
    """
    with rebuild_lock():
        generation = requested_generation()
        if not force and built_generation() >= generation:
            return None
        index, figures = index_build(policy=policy)
        index_publish(index, generation=generation, figures=figures)
    logger.info(
        "Recommendation index %s built in %.2fs: %d products, %d conditions.",
        index.version,
        figures["seconds"],
        figures["products"],
        figures["conditions"],
    )
    return index


def condition_ranking_compute(
    *, slug: str, policy: ScoringPolicy = DEFAULT_POLICY
) -> tuple[ConditionRanking, Catalogue]:
    """Rank the whole catalogue for one condition straight from the database (staff previews)."""
    [condition] = condition_infos(slugs=[slug], published_only=False)
    catalogue = Catalogue(product_infos())
    return rank_condition(condition, catalogue, policy=policy), catalogue
