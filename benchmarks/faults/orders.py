"""Orders exactly once under faults: ``python -m benchmarks.faults.orders [--orders 30] [--only g h i j]``.

The fault benchmark's production-like stack (PostgreSQL, a Redis of its own, gunicorn with two sync
workers, a Celery worker and beat), sending email by real SMTP to a mail server of the run's own
(`tests/smtp_sink.py`) that counts every message by its Message-ID. Four scenarios:

- (g) double submits: shoppers walk the HTML checkout and post its review page twice at once;
- (h) keyed retries: API clients send each placement three times at once with one Idempotency-Key,
  then once more later;
- (i) a worker SIGKILLed just after the mail server accepted an email and before the worker recorded
  it (the worst moment), several times, while orders keep coming;
- (j) Redis stopped while orders keep coming, then started: when did the last owed email arrive?

It prints one table (orders told vs stored; emails once, duplicated, lost; the longest delay) and
writes the figures to ``benchmarks/results/``. Every wait is bounded; every process is stopped.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import os
import re
import signal
import sys
import tempfile
import threading
import time
import traceback
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from benchmarks.faults.stack import Stack, wait_until
from benchmarks.load.servers import ROOT
from tests.smtp_sink import SmtpSink

RESULTS = ROOT / "benchmarks" / "results"
ADDRESS = {
    "name": "Sam Runner",
    "line1": "1 Track Lane",
    "city": "Springfield",
    "region": "IL",
    "postcode": "62704",
    "country": "US",
}
FORM_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
REVIEW_TOKEN = re.compile(r'name="token" value="([^"]+)"')


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


class Shopper:
    """A browser without JavaScript: its own cookies, forms posted with their CSRF token, redirects not followed."""

    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), _NoRedirect
        )

    def send(self, path: str, data: dict | None = None, headers: dict | None = None) -> tuple[int, str, dict]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(self.base + path, data=body, headers=headers or {})
        try:
            with self.opener.open(request, timeout=30) as answer:
                return answer.status, answer.read().decode(), dict(answer.headers)
        except urllib.error.HTTPError as answer:
            return answer.code, answer.read().decode(errors="replace"), dict(answer.headers)
        except OSError:
            return 0, "", {}

    def form(self, page: str, action: str, **data) -> tuple[int, str, dict]:
        """Open the page, then post its form (to `action`) with these fields and the page's CSRF token."""
        _, text, _ = self.send(page)
        return self.send(action, {**data, **_form_token(text)})


def _form_token(page: str) -> dict:
    found = FORM_TOKEN.search(page)
    return {"csrfmiddlewaretoken": found[1]} if found else {}


def at_once(sends: list) -> list:
    """Run each callable in its own thread, released together; return their results."""
    start = threading.Barrier(len(sends))
    results: list = [None] * len(sends)

    def run(index: int) -> None:
        start.wait()
        results[index] = sends[index]()

    threads = [threading.Thread(target=run, args=(index,), daemon=True) for index in range(len(sends))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=90)
    return results


class Run:
    """The stack, the mail server and the product every scenario orders."""

    def __init__(self, stack: Stack, sink: SmtpSink, product: str):
        self.stack, self.sink, self.product = stack, sink, product

    def api_order(self, email: str, key: str | None = None) -> tuple[int, bytes]:
        body = {
            "email": email,
            "shipping_address": ADDRESS,
            "payment_method": "invoice",
            "lines": [{"product": self.product, "quantity": 1}],
        }
        headers = {"Content-Type": "application/json", **({"Idempotency-Key": key} if key else {})}
        request = urllib.request.Request(
            f"{self.stack.base}/api/v1/orders/", data=json.dumps(body).encode(), headers=headers, method="POST"
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as answer:
                return answer.status, answer.read()
        except urllib.error.HTTPError as answer:
            return answer.code, answer.read()
        except OSError:
            return 0, b""

    def stored(self, prefix: str) -> int:
        return self.stack.sql("SELECT count(*) FROM orders_order WHERE email LIKE %s", f"{prefix}%")[0][0]

    def owed(self, prefix: str) -> list[tuple[str, datetime, str]]:
        """(Message-ID, when it was owed, state) of every email of the scenario's orders, oldest first."""
        return self.stack.sql(
            "SELECT m.message_id, m.created_at, m.state FROM orders_outboxmessage m "
            "JOIN orders_order o ON o.id = m.order_id WHERE o.email LIKE %s ORDER BY m.created_at, m.id",
            f"{prefix}%",
        )

    def emails(self, prefix: str, *, timeout: float, since: float | None = None) -> dict:
        """Wait until every email of the scenario is recorded sent (bounded); count copies and delays."""
        wait_until(lambda: all(state == "sent" for *_, state in self.owed(prefix)), timeout=timeout, interval=0.5)
        owed = self.owed(prefix)
        copies = self.sink.copies()
        arrivals: dict[str, float] = {}
        with self.sink.lock:
            for message in self.sink.messages:
                arrivals.setdefault(message.message_id, message.at)
        delays = [arrivals[mid] - created.timestamp() for mid, created, _ in owed if mid in arrivals]
        after = [arrivals[mid] - since for mid, *_ in owed if mid in arrivals] if since else []
        return {
            "emails_owed": len(owed),
            "emails_once": sum(copies[mid] == 1 for mid, *_ in owed),
            "emails_duplicated": sum(copies[mid] > 1 for mid, *_ in owed),
            "extra_copies": sum(max(copies[mid] - 1, 0) for mid, *_ in owed),
            "emails_lost": sum(copies[mid] == 0 for mid, *_ in owed),
            "max_delay_seconds": max(delays, default=None),
            "last_after_recovery_seconds": max(after, default=None),
            "oldest_first": [mid for mid, *_ in owed if mid in arrivals]
            == sorted((mid for mid, *_ in owed if mid in arrivals), key=arrivals.get),
        }


def double_submits(run: Run, *, shoppers: int) -> dict:
    """(g) Each shopper fills the cart and details, then posts the review page twice at once."""
    prefix, statuses, told = "bench-g-", [], set()
    before = run.stack.sql("SELECT stock_quantity FROM catalog_product WHERE slug = %s", run.product)[0][0]
    for n in range(shoppers):
        shopper = Shopper(run.stack.base)
        shopper.form(f"/products/{run.product}/", "/cart/add/", product=run.product, quantity=1)
        details = {"email": f"{prefix}{n}@example.com", "shipping_method": "standard", **ADDRESS, "region": "US-IL"}
        shopper.form("/checkout/", "/checkout/", **details)
        _, page, _ = shopper.send("/checkout/review/")
        form = {"payment_method": "invoice", **_form_token(page), "token": REVIEW_TOKEN.search(page)[1]}
        answers = at_once([lambda form=form, shopper=shopper: shopper.send("/checkout/review/", form)] * 2)
        statuses += [status for status, _, _ in answers]
        told |= {headers.get("Location", "").split("?")[0] for status, _, headers in answers if status == 302}
    after = run.stack.sql("SELECT stock_quantity FROM catalog_product WHERE slug = %s", run.product)[0][0]
    stored = run.stored(prefix)
    return {
        "shoppers": shoppers,
        "posts": len(statuses),
        "statuses": {str(code): statuses.count(code) for code in sorted(set(statuses))},
        "orders_told": len(told),
        "orders_stored": stored,
        "double_orders": stored - shoppers,
        "units_taken": before - after,
    } | run.emails(prefix, timeout=60)


def keyed_retries(run: Run, *, clients: int) -> dict:
    """(h) Each client sends its placement three times at once with one key, then once more later."""
    prefix, statuses, told, differing = "bench-h-", [], set(), 0
    for n in range(clients):
        email, key = f"{prefix}{n}@example.com", f"bench-key-{n}-{os.getpid()}"
        answers = at_once([lambda email=email, key=key: run.api_order(email, key)] * 3)
        answers.append(run.api_order(email, key))
        statuses += [status for status, _ in answers]
        bodies = {body for status, body in answers if status == 201}
        differing += len(bodies) > 1
        told |= {json.loads(body)["number"] for body in bodies}
    stored = run.stored(prefix)
    return {
        "clients": clients,
        "requests": len(statuses),
        "statuses": {str(code): statuses.count(code) for code in sorted(set(statuses))},
        "orders_told": len(told),
        "orders_stored": stored,
        "double_orders": stored - clients,
        "clients_with_differing_answers": differing,
    } | run.emails(prefix, timeout=60)


def _worker_restart(stack: Stack) -> None:
    """Start the worker again, as systemd would, and wait until it is ready (its log is appended to)."""
    ready = stack.worker_log.read_text(errors="replace").count("ready.")
    stack.worker_start()
    wait_until(lambda: stack.worker_log.read_text(errors="replace").count("ready.") > ready, timeout=60)


def worker_killed_mid_send(run: Run, *, orders: int, kills: int) -> dict:
    """(i) Orders keep coming; the worker is SIGKILLed after the mail server took an email, `kills` times."""
    prefix, killed = "bench-i-", []

    def kill_after_accepting(message) -> None:
        if len(killed) < kills and message.recipients and message.recipients[0].startswith(prefix):
            killed.append(message.message_id)
            os.killpg(run.stack.worker.pid, signal.SIGKILL)  # before the 250: the worker never learns it was sent

    run.sink.on_message = kill_after_accepting
    statuses = []
    try:
        for n in range(orders):
            statuses.append(run.api_order(f"{prefix}{n}@example.com")[0])
            if run.stack.worker.poll() is not None:
                _worker_restart(run.stack)
            time.sleep(0.2)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and not all(state == "sent" for *_, state in run.owed(prefix)):
            if run.stack.worker.poll() is not None:
                _worker_restart(run.stack)
            time.sleep(0.5)
    finally:
        run.sink.on_message = None
    return {
        "orders_placed": statuses.count(201),
        "orders_stored": run.stored(prefix),
        "worker_kills": len(killed),
    } | run.emails(prefix, timeout=60)


def redis_outage(run: Run, *, seconds: int) -> dict:
    """(j) Redis stopped for `seconds` while orders keep coming (one every half second), then started."""
    prefix, statuses = "bench-j-", []
    run.stack.redis.stop()
    try:
        stopped = time.monotonic()
        n = 0
        while time.monotonic() - stopped < seconds:
            statuses.append(run.api_order(f"{prefix}{n}@example.com")[0])
            n += 1
            time.sleep(0.5)
    finally:
        run.stack.redis.start()
    back = time.time()
    figures = run.emails(prefix, timeout=120, since=back)
    return {
        "orders_sent": len(statuses),
        "orders_told": statuses.count(201),
        "statuses": {str(code): statuses.count(code) for code in sorted(set(statuses))},
        "orders_stored": run.stored(prefix),
        "worker_alive": run.stack.worker.poll() is None,
    } | figures


def _line(name: str, f: dict) -> str:
    if "error" in f:
        return f"did not complete: {f['error'].strip().splitlines()[0][:200]}"
    emails = (
        f"emails {f['emails_owed']}: once {f['emails_once']}, duplicated {f['emails_duplicated']}, "
        f"lost {f['emails_lost']}, oldest first {'yes' if f['oldest_first'] else 'NO'}"
    )
    delay = f"{f['max_delay_seconds']:.1f} s" if f["max_delay_seconds"] is not None else "—"
    if name == "double submits":
        return (
            f"{f['shoppers']} shoppers, {f['posts']} posts {f['statuses']}: orders told {f['orders_told']}, "
            f"stored {f['orders_stored']} ({f['double_orders']} double), units taken {f['units_taken']}; {emails}"
        )
    if name == "keyed retries":
        return (
            f"{f['clients']} clients, {f['requests']} requests {f['statuses']}: orders told {f['orders_told']}, "
            f"stored {f['orders_stored']} ({f['double_orders']} double), clients with differing answers "
            f"{f['clients_with_differing_answers']}; {emails}"
        )
    if name == "worker killed mid-send":
        return (
            f"{f['orders_placed']} orders, worker SIGKILLed {f['worker_kills']} times after the server took an "
            f"email: {emails}, extra copies {f['extra_copies']}; longest from owed to sent {delay}"
        )
    last = f["last_after_recovery_seconds"]
    return (
        f"{f['orders_sent']} orders sent while Redis was stopped {f['statuses']}: told {f['orders_told']}, stored "
        f"{f['orders_stored']}; {emails}; last email {'—' if last is None else f'{last:.1f} s'} after Redis "
        f"returned; worker alive {'yes' if f['worker_alive'] else 'NO'}"
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Start the stack with a mail server of its own, run the scenarios, stop everything, print the figures."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.faults.orders", description=__doc__.split("\n\n")[0])
    parser.add_argument("--products", type=int, default=200)
    parser.add_argument("--postgres", default="postgres://postgres@127.0.0.1:5432", help="server, no database")
    parser.add_argument("--database", default="limber_faults_orders", help="dropped and recreated")
    parser.add_argument("--orders", type=int, default=30, help="shoppers (g), clients (h), orders (i)")
    parser.add_argument("--kills", type=int, default=3)
    parser.add_argument("--lease-seconds", type=int, default=10, help="the outbox lease the stack runs with")
    parser.add_argument("--outage-seconds", type=int, default=20)
    parser.add_argument("--only", nargs="+", choices=list("ghij"))
    args = parser.parse_args(argv)
    chosen = set(args.only or "ghij")
    results: dict[str, dict] = {}
    sink = SmtpSink().start()
    with tempfile.TemporaryDirectory(prefix="limber-faults-orders-") as temporary:
        stack = Stack(postgres=args.postgres, database=args.database, work=Path(temporary))
        try:
            print(f"Preparing {args.products:,} products...", flush=True)
            stack.prepare(products=args.products, conditions=20, seed=7)
            plenty = "100000/hour"
            stack.env |= {
                "EMAIL_URL": sink.email_url(),
                "LIMBER_ORDER_RATE_PER_CLIENT": plenty,
                "LIMBER_ORDER_RATE_PER_EMAIL": plenty,
                "LIMBER_ORDER_EMAILS_PER_ADDRESS": plenty,
                "LIMBER_OUTBOX_LEASE_SECONDS": str(args.lease_seconds),
            }
            (product,) = stack.sql(
                "UPDATE catalog_product SET stock_quantity = 1000000 WHERE id = (SELECT min(id) FROM catalog_product "
                "WHERE is_active AND currency = 'USD') RETURNING slug"
            )[0]
            stack.start()
            run = Run(stack, sink, product)
            scenarios = {
                "g": ("double submits", lambda: double_submits(run, shoppers=args.orders)),
                "h": ("keyed retries", lambda: keyed_retries(run, clients=args.orders)),
                "i": (
                    "worker killed mid-send",
                    lambda: worker_killed_mid_send(run, orders=args.orders, kills=args.kills),
                ),
                "j": ("redis outage", lambda: redis_outage(run, seconds=args.outage_seconds)),
            }
            for letter, (name, scenario) in scenarios.items():
                if letter not in chosen:
                    continue
                print(f"({letter}) {name}...", flush=True)
                try:
                    results[name] = scenario()
                except Exception as exc:  # one broken scenario must not hide the others' figures
                    traceback.print_exc()
                    results[name] = {"error": f"{type(exc).__name__}: {exc}"}
                print(f"    {results[name]}", flush=True)
        except KeyboardInterrupt:
            print("interrupted: stopping every process", flush=True)
            return 130
        finally:
            stack.stop()
            sink.stop()
    rows = ["| scenario | figures |", "| --- | --- |", *(f"| {n} | {_line(n, f)} |" for n, f in results.items())]
    text = "\n".join(rows)
    print(f"\n## Limber orders under faults: gunicorn 2 sync workers, a Celery worker and beat, SMTP sink, "
          f"outbox lease {args.lease_seconds} s\n\n{text}")  # fmt: skip
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"faults-orders-{datetime.now(UTC):%Y%m%dT%H%M%SZ}.json"
    path.write_text(json.dumps({"arguments": vars(args), "scenarios": results, "report": text}, indent=2, default=str))
    print(f"Figures written to {path.relative_to(ROOT)}")
    return 0


def _interrupted(signum, frame):
    raise KeyboardInterrupt  # SIGTERM stops the stack as Ctrl-C does


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, _interrupted)
    sys.exit(main())
