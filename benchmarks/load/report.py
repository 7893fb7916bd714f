"""Render the load benchmark's figures as Markdown tables."""

from __future__ import annotations

from typing import Any


def _md(header: list[str], rows: list[list[str]], *, left: int = 1) -> str:
    """Render a Markdown table; the first `left` columns are text, the rest figures."""
    widths = [max(len(str(line[i])) for line in [header, *rows]) for i in range(len(header))]

    def render(cells: list[str]) -> str:
        return (
            "| "
            + " | ".join(
                str(c).ljust(w) if i < left else str(c).rjust(w)
                for i, (c, w) in enumerate(zip(cells, widths, strict=True))
            )
            + " |"
        )

    separator = "|" + "|".join("-" * (w + 2) if i < left else "-" * (w + 1) + ":" for i, w in enumerate(widths)) + "|"
    return "\n".join([render(header), separator, *(render(line) for line in rows)])


def _size(products: int) -> str:
    """Return a catalogue size as it reads in a table: 1k, 50k, 300."""
    return f"{products // 1000}k" if products >= 1000 and products % 1000 == 0 else str(products)


ENDPOINTS = (
    "recommendations (warm)",
    "recommendations (cold)",
    "products",
    "guide page",
    "product page",
    "catalogue page",
    "catalogue page, returning visitor",
    "baseline",
)


def report(sizes: list[dict[str, Any]]) -> str:
    """Render the figures as Markdown tables."""
    lines = []
    runs = [item | {"products": s["products"]} for s in sizes for item in s["runs"]]
    baseline = {(r["products"], r["server"]): r["result"]["rps"] for r in runs if r["endpoint"] == "baseline"}
    rows = []
    for r in runs:
        result = r["result"]
        errors = result["non_2xx"] + sum(result["socket_errors"].values())
        rows.append(
            [
                _size(r["products"]),
                r["endpoint"],
                r["server"],
                f"{result['rps']:,.1f}",
                f"{result['p50_ms']:.2f}",
                f"{result['p99_ms']:.2f}",
                f"{result['rps'] / baseline[(r['products'], r['server'])]:.3f}",
                f"{result['requests']:,}",
                str(errors),
                f"{r['other_cpu']:.0%}",
            ]
        )
    header = ["products", "endpoint", "server", "RPS", "p50 ms", "p99 ms", "RPS / baseline", "requests", "errors"]
    header.append("other CPU")
    lines += ["### Throughput and latency", "", _md(header, rows, left=3), ""]
    lines += [f"- {_size(r['products'])} {r['endpoint']} on {r['server']}: {r['note']}" for r in runs if r["note"]]

    def find(products: int, endpoint: str, server: str = "gunicorn") -> dict | None:
        return next(
            (r["result"] for r in runs if (r["products"], r["endpoint"], r["server"]) == (products, endpoint, server)),
            None,
        )

    servers = list(dict.fromkeys(r["server"] for r in runs))
    if len(sizes) > 1:
        small, big = sizes[0]["products"], sizes[-1]["products"]
        rows = []
        for server in servers:
            for endpoint in ENDPOINTS:
                a, b = find(small, endpoint, server), find(big, endpoint, server)
                if a and b:
                    rows.append(
                        [
                            server,
                            endpoint,
                            f"{a['rps']:,.1f}",
                            f"{b['rps']:,.1f}",
                            f"{b['rps'] / a['rps']:.2f}x",
                            f"{a['p50_ms']:.2f} → {b['p50_ms']:.2f}",
                            f"{a['p99_ms']:.2f} → {b['p99_ms']:.2f}",
                        ]
                    )
        header = ["server", "endpoint", f"RPS {_size(small)}", f"RPS {_size(big)}", "RPS change", "p50 ms", "p99 ms"]
        lines += [f"### {_size(big)} vs {_size(small)} products", "", _md(header, rows, left=2), ""]

    rows = []
    for s in sizes:
        index, fill = s["index"], s["fill"]
        rows.append(
            [
                _size(s["products"]),
                f"{fill['fill_s']:.1f}",
                f"{index['rebuild_s']:.2f}",
                f"{index['build_s']:.2f}",
                f"{index['index_products']:,}",
                f"{index['payload_bytes'] / 1024:,.0f}",
                f"{index['rss_delta_bytes'] / 1_048_576:.1f}",
                f"{index['peak_rss_delta_bytes'] / 1_048_576:.1f}",
                f"{index['tracemalloc_peak_bytes'] / 1_048_576:.1f}" if "tracemalloc_peak_bytes" in index else "–",
                "; ".join(
                    f"{name}: " + " / ".join(f"{mb:.0f}" for mb in sizes_mb)
                    for name, sizes_mb in s.get("worker_rss_mb", {}).items()
                ),
            ]
        )
    header = [
        "products",
        "fill s",
        "rebuild s",
        "of which build s",
        "products in index",
        "payload KB",
        "RSS delta MB",
        "peak RSS delta MB",
        "tracemalloc peak MB",
        "server RSS MB (each process)",
    ]
    lines += ["### Index rebuild and memory (200 conditions)", "", _md(header, rows), ""]

    if len(servers) > 1:
        rows = []
        for s in sizes:
            for endpoint in ENDPOINTS:
                found = [(name, find(s["products"], endpoint, name)) for name in servers]
                if sum(1 for _name, result in found if result) < 2:
                    continue
                cells = []
                for name, result in found:
                    base = find(s["products"], "baseline", name)
                    cells.append(
                        f"{result['rps']:,.1f} ({result['rps'] / base['rps']:.2f}x, p99 {result['p99_ms']:.1f})"
                        if result and base
                        else "–"
                    )
                found = [(name, result) for name, result in found if result]
                ranked = sorted(found, key=lambda item: -item[1]["rps"])
                (first, best), (_second, runner_up) = ranked[0], ranked[1]
                margin = best["rps"] / runner_up["rps"]
                verdict = f"{first}, by {margin - 1:.0%}" if margin >= 1.05 else f"even (within 5%: {first})"
                rows.append([_size(s["products"]), endpoint, *cells, verdict])
        header = ["products", "endpoint", *(f"{name} RPS (/ its baseline, p99 ms)" for name in servers)]
        header.append("faster (vs next)")
        lines += ["### Servers compared (2 workers each, same data, same run)", "", _md(header, rows, left=2), ""]
    return "\n".join(lines)
