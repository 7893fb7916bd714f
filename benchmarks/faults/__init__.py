"""Measure how the site behaves when its dependencies fail, on a production-like stack on this machine.

``python -m benchmarks.faults`` (``make bench-faults``) fills a PostgreSQL database with synthetic
data, starts a Redis of its own, gunicorn with two workers, one Celery worker and one beat, drives
a mixed shopper load with wrk and injects one fault per scenario: a hung Redis, a stopped Redis,
a Redis restart and a killed web worker while events arrive, dropped database connections and a
killed Celery worker. It prints one table and writes the figures to ``benchmarks/results/``.
Every wait is bounded, and every process it started is stopped at the end, also on Ctrl-C.
"""
