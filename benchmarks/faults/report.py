"""The fault benchmark's table: one line per scenario with the figures an operator asks about."""

from __future__ import annotations


def _s(value) -> str:
    return "—" if value is None else f"{value:.2f} s"


def _load(figures: dict) -> str:
    return (
        f"{figures['rps']:,.0f} rps, p50 {figures['p50_ms']:.0f} ms, p99 {figures['p99_ms']:.0f} ms, "
        f"{figures['errors']} errors of {figures['requests']:,} (other work {figures['other_cpu']:.0%} CPU)"
    )


def _line(name: str, figures: dict) -> str:
    if "error" in figures:
        first = figures["error"].strip().splitlines()[0]
        return f"did not complete: {first[:200]}"
    if name == "baseline":
        return _load(figures)
    if name == "redis hang":
        ratio = figures["vs_baseline"]
        return (
            f"{_load(figures)}; {ratio:.2f}x baseline; staff edit {figures['staff_edit_status']} "
            f"in {_s(figures['staff_edit_seconds'])}; "
            f"worker alive after: {'yes' if figures['worker_alive_after'] else 'NO'}"
        )
    if name == "redis outage":
        catch_up = figures["edit_in_index_seconds"]
        index = (
            f"edit in the index {_s(catch_up)} after Redis returned"
            if catch_up is not None
            else f"edit not in the index {figures['waited_seconds']:.0f} s after Redis returned"
        )
        return (
            f"worker alive after: {'yes' if figures['worker_alive'] else 'NO'}; {index}; "
            f"staff edit {figures['staff_edit_status']} in {_s(figures['staff_edit_seconds'])}"
        )
    if name == "events":
        loss = figures["loss_percent"]
        return (
            f"{figures['acknowledged']:,} acknowledged, {figures['stored_rows']:,} stored, "
            f"lost {figures['lost']} ({'—' if loss is None else f'{loss:.1f} %'}), "
            f"duplicates {figures['duplicates']}, refused {figures['refused']}; "
            f"load errors {figures['load_errors']}; "
            f"worker alive after: {'yes' if figures['worker_alive_after'] else 'NO'}"
        )
    if name == "dropped connections":
        return (
            f"{figures['connections_terminated']} idle connections terminated; {_load(figures)}; "
            f"/healthz beside it (a query per request): {figures['healthz_errors']} errors of "
            f"{figures['healthz_requests']:,}"
        )
    if name == "worker killed":
        redelivered = figures["redelivered_seconds"]
        return (
            f"task redelivered after {_s(redelivered)}"
            if redelivered is not None
            else f"task not redelivered within {figures['waited_seconds']:.0f} s"
        ) + f"; index caught up after {_s(figures['index_caught_up_seconds'])}"
    if "skipped" in figures:
        return f"skipped: {figures['skipped']}"
    if name == "redis full":
        catch_up = figures["edit_in_index_seconds"]
        return (
            f"worker alive after: {'yes' if figures['worker_alive'] else 'NO'}; "
            f"/healthz/queue {figures['healthz_queue_while_full']} while full, {figures['healthz_queue_after']} after; "
            f"staff edit {figures['staff_edit_status']} in {_s(figures['staff_edit_seconds'])}, in the index "
            f"{_s(catch_up)} after Redis had room; reads by status {_statuses(figures['reads_by_status'])}"
        )
    if name == "edit, reload, redis back":
        return (
            f"staff edit {figures['staff_edit_status']}; shown by every read {_s(figures['edit_shown_seconds'])} "
            f"after Redis returned; stale reads later than 2 s: {figures['stale_reads_after_2s']}, "
            f"failed reads: {figures['failed_reads']}"
        )
    if name == "postgresql restart":
        return (
            f"restart took {_s(figures['restart_seconds'])}; reads by status {_statuses(figures['reads_by_status'])}; "
            f"every read 200 again {_s(figures['all_reads_200_seconds'])} after; "
            f"worker alive after: {'yes' if figures['worker_alive_after'] else 'NO'}"
        )
    return str(figures)


def _statuses(counts: dict) -> str:
    ordered = sorted(counts.items(), key=lambda item: int(item[0]))
    return ", ".join(f"{status or 'no answer'}: {count:,}" for status, count in ordered)


def report(results: dict[str, dict], *, products: int) -> str:
    """Return the results as a Markdown table."""
    rows = ["| scenario | figures |", "| --- | --- |"]
    rows += [f"| {name} | {_line(name, figures)} |" for name, figures in results.items()]
    return "\n".join(rows)
