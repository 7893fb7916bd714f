"""A large import through a real Celery worker on real Redis and PostgreSQL while the site serves pages (run in CI)."""

import time

import pytest

from catalog.models import Product
from shop.models import ImportJob, ImportJobStatus
from tests.factories import CategoryFactory

pytestmark = [pytest.mark.integration, pytest.mark.postgres, pytest.mark.redis, pytest.mark.worker]

ROWS = 50_000
HEADER = (
    "sku,slug,name,category,brand,short_description,description,price,currency,stock_quantity,is_active,is_featured"
)
PAGES = ["/products/", "/api/v1/products/", "/"]
STEP_TIMEOUT = 240  # seconds to give up after; a quiet two-core machine checks and imports 50k rows well within it


def big_file() -> bytes:
    lines = [HEADER]
    lines += [
        f"BULK-{n:05d},bulk-roller-{n},Bulk Roller {n},rollers,,Firm,,{n % 90 + 9}.50,USD,{n % 40},1,0"
        for n in range(ROWS)
    ]
    return ("\n".join(lines) + "\n").encode()


def serve_pages_until(client, staff_client, job_url: str, done, *, timeout: float) -> list[int]:
    """Ask for shop pages and the job page about once a second until `done()` holds; return the status codes."""
    statuses, started = [], time.monotonic()
    while not done():
        progress = ImportJob.objects.values("status", "rows_checked", "rows_imported", "message").get()
        assert time.monotonic() - started < timeout, f"gave up after {timeout}s: {progress}"
        statuses += [client.get(path).status_code for path in PAGES]
        statuses.append(staff_client.get(job_url).status_code)
        time.sleep(1)  # a shopper or two browsing; the API allows an anonymous client 120 requests a minute
    return statuses


def test_a_50k_row_import_runs_in_the_worker_while_the_site_serves_pages(worker, staff_client, client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    CategoryFactory(slug="rollers")
    worker()

    started = time.monotonic()
    upload = SimpleUploadedFile("bulk.csv", big_file(), content_type="text/csv")
    posted = staff_client.post(
        "/admin/catalog/product/import/", {"resource": "0", "format": "0", "import_file": upload}
    )
    answered_in = time.monotonic() - started
    job = ImportJob.objects.get()
    job_url = posted["Location"]

    def status() -> str:
        return ImportJob.objects.values_list("status", flat=True).get(pk=job.pk)

    checking = serve_pages_until(
        client, staff_client, job_url, lambda: status() != ImportJobStatus.CHECKING, timeout=STEP_TIMEOUT
    )
    checked_at = time.monotonic()
    assert status() == ImportJobStatus.CHECKED, ImportJob.objects.get(pk=job.pk).message
    assert not Product.objects.exists()  # the check wrote nothing
    staff_client.post(f"{job_url}confirm/")
    importing = serve_pages_until(
        client, staff_client, job_url, lambda: status() != ImportJobStatus.IMPORTING, timeout=STEP_TIMEOUT
    )

    job.refresh_from_db()
    print(
        f"\n{ROWS:,} rows: upload answered in {answered_in:.2f}s, checked in {checked_at - started:.0f}s, "
        f"imported in {time.monotonic() - checked_at:.0f}s; page requests while checking {len(checking)}, "
        f"while importing {len(importing)}"
    )
    assert posted.status_code == 302
    assert job.status == ImportJobStatus.DONE, job.message
    assert set(checking) == set(importing) == {200}
    assert len(checking) >= len(PAGES) + 1  # pages answered while the worker checked
    assert len(importing) >= len(PAGES) + 1  # and while it imported
    assert job.imported_totals == {"new": ROWS}
    assert Product.objects.filter(sku__startswith="BULK-").count() == ROWS
