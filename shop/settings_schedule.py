"""Beat's schedule: every periodic job and how often it runs; imported by `shop.settings`.

Each interval is read from the environment (`.env.example` lists them). `manage.py serve` runs the same
schedule in-process when tasks run in-process (`shop.periodic`).
"""

import environ

env = environ.Env()

__all__ = ["CELERY_BEAT_SCHEDULE"]

CELERY_BEAT_SCHEDULE = {
    "recommendation-index-reconcile": {
        "task": "recommendations.tasks.index_reconcile_task",
        "schedule": env.float("LIMBER_INDEX_RECONCILE_SECONDS", default=5.0),
    },
    "shopper-events-flush": {
        "task": "analytics.tasks.events_flush_task",
        "schedule": env.float("LIMBER_EVENTS_FLUSH_SECONDS", default=10.0),
    },
    # Order emails owed (the outbox): after any outage, sent within this long of the broker's return.
    "order-emails-dispatch": {
        "task": "orders.tasks.outbox_dispatch_task",
        "schedule": env.float("LIMBER_OUTBOX_DISPATCH_SECONDS", default=10.0),
    },
    "order-requests-forget": {
        "task": "orders.tasks.order_requests_forget_task",
        "schedule": env.float("LIMBER_IDEMPOTENCY_SWEEP_SECONDS", default=3600.0),
    },
    "order-holds": {
        "task": "orders.tasks.order_holds_task",
        "schedule": env.float("LIMBER_ORDER_HOLDS_SECONDS", default=60.0),
    },
    "bought-together-refresh": {
        "task": "orders.tasks.bought_together_refresh_task",
        "schedule": env.float("LIMBER_BOUGHT_TOGETHER_SECONDS", default=900.0),
    },
    "order-feedback-requests": {
        "task": "orders.tasks.order_feedback_requests_task",
        "schedule": env.float("LIMBER_FEEDBACK_SWEEP_SECONDS", default=3600.0),
    },
    "shopper-signals-aggregate": {
        "task": "analytics.tasks.signals_aggregate_task",
        "schedule": env.float("LIMBER_SIGNALS_AGGREGATE_SECONDS", default=300.0),
    },
    "import-jobs-reconcile": {
        "task": "shop.tasks.import_jobs_reconcile_task",
        "schedule": env.float("LIMBER_IMPORT_RECONCILE_SECONDS", default=60.0),
    },
    "worker-heartbeat": {
        "task": "shop.tasks.worker_heartbeat_task",
        "schedule": env.float("LIMBER_WORKER_HEARTBEAT_SECONDS", default=30.0),
    },
}
