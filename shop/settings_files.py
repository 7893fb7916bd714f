"""Settings of staff imports and exports and of uploaded pictures; imported by `shop.settings`."""

import environ
from import_export.formats.base_formats import CSV

env = environ.Env()

__all__ = [
    "IMPORT_EXPORT_EXPORT_PERMISSION_CODE",
    "IMPORT_EXPORT_FORMATS",
    "IMPORT_EXPORT_IMPORT_PERMISSION_CODE",
    "IMPORT_EXPORT_SKIP_ADMIN_LOG",
    "IMPORT_EXPORT_USE_TRANSACTIONS",
    "LIMBER_IMAGE_MAX_PIXELS",
    "LIMBER_IMPORT_BATCH_ROWS",
    "LIMBER_IMPORT_MAX_BYTES",
    "LIMBER_IMPORT_MAX_ROWS",
    "LIMBER_IMPORT_PREVIEW_ROWS",
    "LIMBER_IMPORT_PROBLEM_CELLS",
    "LIMBER_IMPORT_RECONCILE_SECONDS",
    "LIMBER_IMPORT_TASK_SECONDS",
]

IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = False
# Import needs "change" (catalog's admin also asks for "add"), export needs "view".
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "change"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"
# Spreadsheet files only: exports escape formula cells for spreadsheets (shop/spreadsheets.py).
IMPORT_EXPORT_FORMATS = [CSV]
# Imports run in the worker (docs/imports-and-exports.md): rows and bytes a file may have, rows per batch
# (each written in a transaction of its own; cancelling takes effect between batches), rows the preview shows,
# lines with problems whose cells are kept, seconds a task writes before a new task carries on (under the task
# time limit), and how long a job may stand still before beat queues it again.
LIMBER_IMPORT_MAX_ROWS = env.int("LIMBER_IMPORT_MAX_ROWS", default=50_000)
LIMBER_IMPORT_MAX_BYTES = env.int("LIMBER_IMPORT_MAX_BYTES", default=32 * 2**20)
LIMBER_IMPORT_BATCH_ROWS = env.int("LIMBER_IMPORT_BATCH_ROWS", default=1000)
LIMBER_IMPORT_PREVIEW_ROWS = env.int("LIMBER_IMPORT_PREVIEW_ROWS", default=100)
LIMBER_IMPORT_PROBLEM_CELLS = env.int("LIMBER_IMPORT_PROBLEM_CELLS", default=200)
LIMBER_IMPORT_TASK_SECONDS = env.float("LIMBER_IMPORT_TASK_SECONDS", default=60.0)
LIMBER_IMPORT_RECONCILE_SECONDS = env.float("LIMBER_IMPORT_RECONCILE_SECONDS", default=60.0)

# Product pictures: the most pixels an upload may have (checked from its header, before anything is decoded);
# Pillow refuses to open larger ones anywhere in Limber (catalog/apps.py).
LIMBER_IMAGE_MAX_PIXELS = env.int("LIMBER_IMAGE_MAX_PIXELS", default=40_000_000)
