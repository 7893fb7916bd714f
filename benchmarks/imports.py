"""Import benchmark: a staff CSV import's check and write, per row, as the worker runs them.

Generates a file of new products (and, in a second pass, the same file again, so every row is
an unchanged update), runs the job's check (`import_job_check`: every row tried, nothing written)
and its import (`import_job_run`: batches written) in this process, and prints milliseconds per
row. The baseline, measured in the same run, is the library's plain `ModelResource` for the
product model over a smaller file: one query per lookup and one save per row, as imports ran
before they moved to the worker. Tasks run in-process but the index is not rebuilt per batch
(no broker is needed; set `CELERY_TASK_ALWAYS_EAGER=false CELERY_BROKER_URL=memory://`).
Its rows are removed at the end.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/limber_bench CELERY_TASK_ALWAYS_EAGER=false \\
      CELERY_BROKER_URL=memory:// .venv/bin/python -m benchmarks.imports --rows 10000 50000
"""

import argparse
import os
import time

HEADER = (
    "sku,slug,name,category,brand,short_description,description,price,currency,stock_quantity,is_active,is_featured"
)
PREFIX = "BENCH-IMPORT-"


def _file(rows: int) -> bytes:
    lines = [HEADER]
    lines += [
        f"{PREFIX}{n:06d},bench-import-{n},Bench Roller {n},bench-import-shelf,,Firm,,{n % 90 + 9}.50,USD,{n % 40},1,0"
        for n in range(rows)
    ]
    return ("\n".join(lines) + "\n").encode()


def _job(content: bytes):
    from django.contrib.contenttypes.models import ContentType

    from catalog.models import Product
    from shop.models import ImportJob

    return ImportJob.objects.create(
        model=ContentType.objects.get_for_model(Product),
        resource="catalog.resources.ProductResource",
        input_format="import_export.formats.base_formats.CSV",
        file_name="bench.csv",
        content=content,
    )


def _check_and_write(content: bytes) -> tuple[float, float, dict]:
    from django.utils import timezone

    from shop.import_runs import import_job_check, import_job_run
    from shop.models import ImportJob, ImportJobStatus

    job = _job(content)
    started = time.perf_counter()
    import_job_check(job_id=job.pk)
    checked = time.perf_counter() - started
    job.refresh_from_db()
    assert job.status == ImportJobStatus.CHECKED, job.message
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJobStatus.IMPORTING, confirmed_at=timezone.now())
    started = time.perf_counter()
    while import_job_run(job_id=job.pk, seconds=3600):
        pass
    written = time.perf_counter() - started
    job.refresh_from_db()
    assert job.status == ImportJobStatus.DONE, job.message
    return checked, written, job.imported_totals


def _baseline(rows: int) -> float:
    """Milliseconds per row of the library's plain resource: a query per lookup, a save per row."""
    from import_export import resources
    from import_export.formats.base_formats import CSV

    from catalog.models import Product

    class Plain(resources.ModelResource):
        class Meta:
            model = Product
            import_id_fields = ("sku",)
            exclude = ("id", "created_at", "updated_at")
            clean_model_instances = True

    dataset = CSV().create_dataset(_file(rows).decode().replace(",bench-import-shelf,", f",{_shelf_id()},"))
    started = time.perf_counter()
    result = Plain().import_data(dataset, dry_run=True, use_transactions=True)
    assert not result.has_errors(), result.base_errors
    return (time.perf_counter() - started) * 1000 / rows


def _shelf_id() -> int:
    from catalog.models import Category

    return Category.objects.get_or_create(slug="bench-import-shelf", defaults={"name": "Bench shelf"})[0].pk


def _clean() -> None:
    from catalog.models import Category, Product
    from shop.models import ImportJob

    Product.objects.filter(sku__startswith=PREFIX).delete()
    Category.objects.filter(slug="bench-import-shelf").delete()
    ImportJob.objects.filter(file_name="bench.csv").delete()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[10_000, 50_000])
    parser.add_argument("--baseline-rows", type=int, default=1_000)
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL"):
        parser.error("set DATABASE_URL to the database to measure (its products are left alone)")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings")
    os.environ.setdefault("DJANGO_DEBUG", "true")
    import django

    django.setup()
    from django.conf import settings

    settings.LIMBER_IMPORT_MAX_ROWS = max(settings.LIMBER_IMPORT_MAX_ROWS, *args.rows)
    _clean()
    try:
        _shelf_id()
        baseline = _baseline(args.baseline_rows)
        print(f"baseline: plain ModelResource, check only, {args.baseline_rows:,} rows: {baseline:.2f} ms/row")
        for rows in args.rows:
            for kind in ("new", "unchanged"):
                checked, written, totals = _check_and_write(_file(rows))
                per_check, per_write = checked * 1000 / rows, written * 1000 / rows
                print(
                    f"{rows:>7,} rows, {kind:9}: check {checked:6.1f} s ({per_check:.2f} ms/row, "
                    f"{baseline / per_check:4.0f}× faster than the baseline), "
                    f"import {written:6.1f} s ({per_write:.2f} ms/row) {totals}"
                )
            _clean()
            _shelf_id()
    finally:
        _clean()


if __name__ == "__main__":
    main()
