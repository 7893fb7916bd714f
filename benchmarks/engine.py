"""Engine benchmark: the recommendation engine in pure Python, with no database and no Django.

For each catalogue size (1k and 50k products by default, 200 conditions each) it builds the
synthetic knowledge in memory (`benchmarks.synthetic`) and measures

* ranking: `Catalogue(...)` plus `rank_condition()` for every condition — the pure-Python part
  of an index build (the queries that load the catalogue are not included);
* `recommend()`: one call per answer set over a fixed spread of ~200 answer sets (empty, body
  area only, area + see-a-doctor red flags, area + symptom answers, an urgent red flag), several
  rounds after a warm-up round; mean, p50 and p99 in microseconds per recommendation;
* the cost of diversification (lists that cover approaches before repeating one and fold product
  families, a third of the synthetic products being in families of three): ranking and
  `recommend()` again with a policy that keeps plain score order, timed in the same run,
  interleaved with the diversified runs, and given as a ratio (diversified / plain); with what
  it buys: distinct approaches and repeated families in each phase's first four products.
* the same calls without the search for a separating question before the check stops (the
  policy's `rivals_considered = 0`): the baseline that search's cost is read against;
* the same calls without foreseeing a screen's last questions (`last_screen_extra = 0`): the
  baseline for what grouping the check's last one or two questions onto a screen costs.

The answer sets are the same at every size, so the last column (50k / 1k) isolates the effect of
the catalogue's size. Figures are printed as a Markdown table and written to
``benchmarks/results/engine-<time>.json``.

    python -m benchmarks.engine [--sizes 1000 50000] [--conditions 200] [--answer-sets 200] [--rounds 5]
"""

from __future__ import annotations

import argparse
import gc
import json
import math
import pickle
import platform
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from benchmarks.synthetic.answers import ANSWER_KINDS, answer_sets
from benchmarks.synthetic.engine_objects import engine_index, engine_products
from benchmarks.synthetic.plan import plan_make
from benchmarks.synthetic.specs import DEFAULT_SEED
from recommendations.engine.policy import DEFAULT_POLICY, ScoringPolicy
from recommendations.engine.ranking import Catalogue, rank_condition
from recommendations.engine.recommend import recommend

RESULTS = Path(__file__).resolve().parent / "results"
SHOWN = 4  # products per phase a guide page shows


class PlainScoreOrder(ScoringPolicy):
    """The baseline: lists in score order, no approach coverage, no folding of product families."""

    diversify = False


PLAIN = PlainScoreOrder()


class WithoutSeparating(ScoringPolicy):
    """The default policy without the separating question before stopping: a baseline for its cost."""

    rivals_considered = 0


class WithoutForesight(ScoringPolicy):
    """The default policy without a screen taking the check's last questions: a baseline for the foresight's cost."""

    last_screen_extra = 0


def interleaved(index, sets, without: ScoringPolicy, *, limit: int, rounds: int) -> tuple[list[float], list[float]]:
    """Time every answer set with `without` and with the default policy, round by round; µs per call per round."""
    baseline: list[float] = []
    default: list[float] = []
    for _round in range(rounds):
        for policy, into in ((without, baseline), (DEFAULT_POLICY, default)):
            started_ns = time.perf_counter_ns()
            for _kind, answers in sets:
                recommend(index, answers, limit=limit, policy=policy)
            into.append((time.perf_counter_ns() - started_ns) / 1000 / len(sets))
    return baseline, default


def percentile(samples: Sequence[float], p: float) -> float:
    """Nearest-rank percentile of samples (p in 0..100)."""
    ordered = sorted(samples)
    rank = max(math.ceil(p / 100 * len(ordered)), 1)
    return ordered[rank - 1]


def measure_size(
    products: int, *, conditions: int, answer_count: int, rounds: int, limit: int, seed: int
) -> dict[str, Any]:
    """Build the knowledge for one size and time ranking and recommend()."""
    started = time.perf_counter()
    plan = plan_make(products=products, conditions=conditions, seed=seed)
    index, first = engine_index(plan)
    plain_index, plain_first = engine_index(plan, policy=PLAIN)
    figures: dict[str, Any] = {
        "products": products,
        "conditions": conditions,
        "questions": len(index.questions),
        "active_products": sum(spec.is_active for spec in plan.products),
        "index_products": len(index.products),
        "ranked_per_phase_mean": statistics.mean(
            len(items) for ranking in index.rankings.values() for items in ranking.phases.values()
        ),
        "pickled_index_bytes": len(pickle.dumps(index, protocol=pickle.HIGHEST_PROTOCOL)),
        "setup_s": time.perf_counter() - started,
    }

    # (a) Ranking: a fresh catalogue and every condition, repeated while it is quick; the plain
    # baseline right after each diversified run, so both see the same machine.
    rank_runs, plain_runs = [first["rank_s"]], [plain_first["rank_s"]]
    infos = engine_products(plan)
    while len(rank_runs) < 5 and sum(rank_runs) + sum(plain_runs) < 6.0:
        for policy, runs in ((DEFAULT_POLICY, rank_runs), (PLAIN, plain_runs)):
            gc.collect()
            started = time.perf_counter()
            catalogue = Catalogue(infos)
            for condition in index.conditions:
                rank_condition(condition, catalogue, policy=policy)
            runs.append(time.perf_counter() - started)
    figures |= {
        "rank_all_s_best": min(rank_runs),
        "rank_all_s_mean": statistics.mean(rank_runs),
        "rank_runs": len(rank_runs),
        "rank_per_condition_ms": min(rank_runs) / conditions * 1000,
        "rank_all_plain_s_best": min(plain_runs),
        "rank_diversified_over_plain": min(rank_runs) / min(plain_runs),
        **_list_quality(index, "diversified"),
        **_list_quality(plain_index, "plain"),
    }

    # (b) recommend(), one call per answer set, after a warm-up round.
    sets = answer_sets(plan, answer_count, seed=seed)
    for _kind, answers in sets:
        recommend(index, answers, limit=limit)
        recommend(plain_index, answers, limit=limit, policy=PLAIN)
    samples: list[float] = []
    round_means: dict[str, list[float]] = {"diversified": [], "plain": []}
    by_kind: dict[str, list[float]] = defaultdict(list)
    outcomes: dict[str, int] = defaultdict(int)
    gc.collect()
    for round_number in range(rounds):
        # Each answer set is answered diversified and plain back to back, the first of the two
        # alternating by round, so both see the same moment of a shared machine.
        this_round: dict[str, list[float]] = {"diversified": [], "plain": []}
        runs = [("diversified", index, DEFAULT_POLICY), ("plain", plain_index, PLAIN)]
        for kind, answers in sets:
            for label, which, policy in runs if round_number % 2 == 0 else runs[::-1]:
                started_ns = time.perf_counter_ns()
                result = recommend(which, answers, limit=limit, policy=policy)
                micros = (time.perf_counter_ns() - started_ns) / 1000
                this_round[label].append(micros)
                if label == "diversified":
                    samples.append(micros)
                    by_kind[kind].append(micros)
                    if round_number == 0:
                        outcomes[f"triage {result.triage.level}"] += 1
                        outcomes["with products"] += bool(result.products)
                        outcomes["with a next question"] += result.next_question is not None
        for label, values in this_round.items():
            round_means[label].append(statistics.mean(values))
    figures |= {
        "recommend_calls": len(samples),
        "recommend_us_mean": statistics.mean(samples),
        "recommend_us_p50": percentile(samples, 50),
        "recommend_us_p99": percentile(samples, 99),
        "recommend_us_mean_by_kind": {kind: statistics.mean(values) for kind, values in by_kind.items()},
        "recommend_us_best_round": min(round_means["diversified"]),
        "recommend_plain_us_best_round": min(round_means["plain"]),
        # Best round over best round: the machine's slow moments fall out of both.
        "recommend_diversified_over_plain": min(round_means["diversified"]) / min(round_means["plain"]),
        "outcomes": dict(outcomes),
    }

    # (c) The same calls without the separating-question search, interleaved round by round with the default.
    baseline, default = interleaved(index, sets, WithoutSeparating(), limit=limit, rounds=rounds)
    figures |= {
        "recommend_us_mean_without_separating": statistics.mean(baseline),
        "recommend_us_mean_interleaved": statistics.mean(default),
    }

    # (d) The same calls without foreseeing a screen's last questions, interleaved round by round with the default.
    baseline, default = interleaved(index, sets, WithoutForesight(), limit=limit, rounds=rounds)
    figures |= {
        "recommend_us_mean_without_foresight": statistics.mean(baseline),
        "recommend_us_mean_interleaved_foresight": statistics.mean(default),
        "recommend_foresight_over_without": min(default) / min(baseline),
    }
    return figures


def _list_quality(index, label: str) -> dict[str, float]:
    """What a shopper sees in each phase's first products: distinct approaches, and lists repeating a family."""
    approaches, repeated, lists = [], 0, 0
    for ranking in index.rankings.values():
        for items in ranking.phases.values():
            shown = [item for item in items if not item.variant_of][:SHOWN]
            if not shown:
                continue
            lists += 1
            approaches.append(len({item.approaches[0] for item in shown if item.approaches}))
            families = [index.products[item.slug].family for item in shown if index.products[item.slug].family]
            repeated += len(set(families)) < len(families)
    return {
        f"approaches_in_first_{SHOWN}_{label}": statistics.mean(approaches) if approaches else 0.0,
        f"lists_repeating_a_family_{label}": repeated / lists if lists else 0.0,
    }


def _ratio(big: float, small: float) -> str:
    return f"{big / small:.2f}x" if small else "–"


def table(results: list[dict[str, Any]]) -> str:
    """Render the figures of every size as one Markdown table, with the last size over the first."""
    sizes = [
        f"{r['products'] // 1000}k products" if r["products"] >= 1000 else f"{r['products']} products" for r in results
    ]
    header = ["measure", *sizes] + ([f"{sizes[-1].split()[0]} / {sizes[0].split()[0]}"] if len(results) > 1 else [])
    rows: list[list[str]] = []

    def row(label: str, key: str, fmt: str, *, ratio: bool = True, getter=None) -> None:
        values = [getter(r) if getter else r[key] for r in results]
        cells = [format(value, fmt) for value in values]
        if len(results) > 1:
            cells.append(_ratio(values[-1], values[0]) if ratio else "")
        rows.append([label, *cells])

    row("active products in the catalogue", "active_products", ",d")
    row("products kept in the index", "index_products", ",d")
    row("ranked products per condition and phase (mean)", "ranked_per_phase_mean", ".1f", ratio=False)
    row("pickled index, KB", "pickled_index_bytes", ",.0f", getter=lambda r: r["pickled_index_bytes"] / 1024)
    row(f"Catalogue() + rank all {results[0]['conditions']} conditions, s (best)", "rank_all_s_best", ",.3f")
    row("Catalogue() + rank all conditions, s (mean)", "rank_all_s_mean", ",.3f")
    row("per condition, ms (best)", "rank_per_condition_ms", ",.2f")
    row("Catalogue() + rank all, plain score order, s (best)", "rank_all_plain_s_best", ",.3f")
    row("diversification cost, ranking: diversified / plain", "rank_diversified_over_plain", ".2f", ratio=False)
    row("recommend(), µs mean", "recommend_us_mean", ",.0f")
    row("recommend(), µs p50", "recommend_us_p50", ",.0f")
    row("recommend(), µs p99", "recommend_us_p99", ",.0f")
    row("recommend(), µs mean of the best round", "recommend_us_best_round", ",.0f")
    row("recommend(), plain score order, µs mean of the best round", "recommend_plain_us_best_round", ",.0f")
    row(
        "diversification cost, recommend(): diversified / plain",
        "recommend_diversified_over_plain",
        ".2f",
        ratio=False,
    )
    for label in ("diversified", "plain"):
        row(
            f"approaches in a phase's first {SHOWN}, {label} (mean)",
            f"approaches_in_first_{SHOWN}_{label}",
            ".2f",
            ratio=False,
        )
        row(
            f"phase lists repeating a family in the first {SHOWN}, {label}",
            f"lists_repeating_a_family_{label}",
            ".1%",
            ratio=False,
        )
    row("recommend(), µs mean, interleaved with the next row", "recommend_us_mean_interleaved", ",.0f")
    row("recommend() without the separating question, µs mean", "recommend_us_mean_without_separating", ",.0f")
    row("recommend(), µs mean, interleaved with the next row", "recommend_us_mean_interleaved_foresight", ",.0f")
    row("recommend() without the last questions foreseen, µs mean", "recommend_us_mean_without_foresight", ",.0f")
    row(
        "foresight cost, recommend(): with / without (best rounds)",
        "recommend_foresight_over_without",
        ".2f",
        ratio=False,
    )
    for kind, _share in ANSWER_KINDS:
        row(
            f"recommend(), µs mean: {kind}",
            "",
            ",.0f",
            getter=lambda r, kind=kind: r["recommend_us_mean_by_kind"].get(kind, float("nan")),
        )
    widths = [max(len(line[i]) for line in [header, *rows]) for i in range(len(header))]

    def render(cells: list[str]) -> str:
        return (
            "| "
            + " | ".join(cell.ljust(widths[i]) if i == 0 else cell.rjust(widths[i]) for i, cell in enumerate(cells))
            + " |"
        )

    separator = "|" + "|".join("-" * (w + 1) + ("-" if i == 0 else ":") for i, w in enumerate(widths)) + "|"
    return "\n".join([render(header), separator, *(render(line) for line in rows)])


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 50000], help="products per run")
    parser.add_argument("--conditions", type=int, default=200)
    parser.add_argument("--answer-sets", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=5, help="timed passes over the answer sets")
    parser.add_argument("--limit", type=int, default=6, help="products per recommendation (the API default)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args(argv)

    results = []
    for size in args.sizes:
        print(f"Building {size:,} products x {args.conditions} conditions in memory and timing...", flush=True)
        results.append(
            measure_size(
                size,
                conditions=args.conditions,
                answer_count=args.answer_sets,
                rounds=args.rounds,
                limit=args.limit,
                seed=args.seed,
            )
        )
    first = results[0]
    print(
        f"\nEngine benchmark (no database): {args.conditions} conditions, {first['questions']} questions, "
        f"{args.answer_sets} answer sets x {args.rounds} rounds, limit {args.limit}; "
        f"Python {platform.python_version()}\n"
    )
    print(table(results))
    print("\nOutcomes of the answer sets (first round): " + json.dumps(first["outcomes"], sort_keys=True))

    RESULTS.mkdir(exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    path = RESULTS / f"engine-{stamp}.json"
    path.write_text(
        json.dumps({"arguments": vars(args), "python": platform.python_version(), "sizes": results}, indent=2)
    )
    print(f"Figures written to {path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
