"""Load benchmark: the production server on PostgreSQL and Redis, measured with wrk.

One command runs everything in one process tree. For each catalogue size (1k and 50k products,
200 conditions each) it

1. drops and recreates a PostgreSQL database (``limber_bench``), runs ``manage.py migrate`` and
   fills it with `benchmarks.synthetic` (bulk inserts), then rebuilds the recommendation index
   once in a fresh process and records its time and memory;
2. starts each server of ``--servers`` in turn (gunicorn sync, gunicorn gthread, granian with
   its defaults and with one blocking thread; 2 workers each) on a free port of 127.0.0.1 with
   production settings (debug off, static files collected to a temporary folder, Redis db 14, API
   throttles raised out of the way, Celery tasks eager because no worker or beat runs);
3. measures every endpoint on every server with ``wrk -t2 -c16 -d10s --latency`` (wrk keeps
   connections alive wherever the server does; after a warm-up run of the same shape, and again
   when other processes took the CPUs during the run): the baseline ``GET /healthz/live``;
   ``POST /api/v1/recommendations/`` warm (500 bodies that were each requested once before, so
   the result cache answers) and cold (bodies never sent before, more of them than the run sends,
   so nothing is cached); ``GET /api/v1/products/``; a guide page, a product page and the
   catalogue page.

Every figure is also written to ``benchmarks/results/load-<time>.json``. Servers are always
stopped; the development database (db.sqlite3) is never opened.

The modules, by job: `services` (the PostgreSQL and Redis databases, the servers' settings),
`servers` (starting and stopping gunicorn and granian), `wrk` (driving wrk and reading its
output; `bodies.lua` is its script), `machine` (other work on the CPUs), `scenarios` (one size,
end to end), `report` (the Markdown tables) and `__main__` (the command line).

    python -m benchmarks.load [--sizes 1000 50000] [--duration 5] [--repeats 3] [--servers gthread gunicorn]
"""
