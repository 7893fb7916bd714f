"""Lists that show variety: every approach before a second of any, one product per family.

Plain functions over any items (a condition's ranked products, a shopper's candidates, related
products), told how to read an item's approach, score and family.
"""

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from typing import TypeVar

from recommendations.engine.policy import DEFAULT_POLICY, ScoringPolicy

LAST_ROUND = 1 << 30  # the round of a product too weak to stand for its approach: after every real round

Item = TypeVar("Item")


def approach_rounds(
    items: Sequence[Item],
    *,
    approach_of: Callable[[Item], str | None],
    score_of: Callable[[Item], float],
    covered: Iterable[str | None] = (),
    policy: ScoringPolicy = DEFAULT_POLICY,
) -> list[Item]:
    """Order items, given best first, so that every approach's best comes before any approach's second.

    Round by round, best first within a round: each approach's first product, then each one's
    second, and so on. Approaches in `covered` (what pinned products above the list already show)
    start a round later. A product scoring below the policy's share of the best cannot stand for its
    approach ahead of stronger repeats: it keeps its order after every round.
    """
    seen = Counter(covered)
    best = max((score_of(item) for item in items), default=0.0)
    keyed = []
    for position, item in enumerate(items):
        approach = approach_of(item)
        if policy.stands_for_approach(score_of(item), best):
            keyed.append((seen[approach], position, item))
            seen[approach] += 1
        else:
            keyed.append((LAST_ROUND, position, item))
    keyed.sort(key=lambda entry: (entry[0], entry[1]))
    return [item for _round, _position, item in keyed]


def family_representatives(
    items: Iterable[Item], *, family_of: Callable[[Item], str], taken: Iterable[str] = ()
) -> tuple[list[Item], list[tuple[Item, Item | None]]]:
    """Split items, given best first, into the first of each product family and the rest (with their first).

    Products of no family stand for themselves. A family in `taken` is already shown: all its
    items are the rest, paired with None.
    """
    first: dict[str, Item | None] = dict.fromkeys(taken)
    shown: list[Item] = []
    others: list[tuple[Item, Item | None]] = []
    for item in items:
        family = family_of(item)
        if not family:
            shown.append(item)
        elif family in first:
            others.append((item, first[family]))
        else:
            first[family] = item
            shown.append(item)
    return shown, others
