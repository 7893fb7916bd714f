"""Staff imports in the background: a job page per upload, the file's own line numbers, caps, confirm, cancel."""

from datetime import timedelta

import pytest
from django.utils import timezone

from catalog.models import Product
from shop.import_results import problems_csv_rows
from shop.import_runs import import_job_run
from shop.models import ImportJob, ImportJobStatus
from shop.tasks import import_jobs_reconcile_task
from tests.factories import CategoryFactory, ProductFactory

pytestmark = pytest.mark.django_db

PRODUCTS = "/admin/catalog/product/"
HEADER = (
    "sku,slug,name,category,brand,short_description,description,price,currency,stock_quantity,is_active,is_featured\n"
)


def rows(count: int, *, first: int = 1) -> str:
    return "".join(f"RW-{n},roller-{n},Roller {n},rollers,,,,{n}.50,USD,{n},1,0\n" for n in range(first, first + count))


@pytest.fixture
def rollers():
    return CategoryFactory(slug="rollers")


def test_a_bad_line_is_named_by_its_line_in_the_file_with_each_problem_in_words(staff_client, rollers, admin_import):
    text = (
        HEADER
        + "RW-1,grid-roller,Grid Roller,rollers,,,,34.99,USD,5,1,0\n"
        + "RW-2,bad-roller,Bad Roller,no-such-category,,,,-4.00,USD,1,1,0\n"
    )

    page = admin_import(staff_client, PRODUCTS, text)

    job = page.context["job"]
    assert job.status == ImportJobStatus.REFUSED
    [problem] = job.problems
    assert problem["line"] == 3  # the header is line 1, the good row line 2
    assert any(words.startswith("Column “category”:") and "no-such-category" in words for words in problem["problems"])
    assert any(words.startswith("Column “price”:") for words in problem["problems"])
    assert ["category", "no-such-category"] in problem["cells"]
    assert "1 line of the file needs fixing" in page.text
    assert "Confirm import" not in page.text
    report = staff_client.get(f"{PRODUCTS}import/{job.pk}/problems.csv")
    lines = report.content.decode().splitlines()
    assert report["Content-Type"].startswith("text/csv")
    assert lines[0] == "line,problem"
    assert lines[1].startswith("3,")
    assert not Product.objects.exists()


def test_a_quoted_cell_over_two_lines_keeps_the_next_rows_line_numbers_right(staff_client, rollers, admin_import):
    text = (
        HEADER
        + 'RW-1,grid-roller,Grid Roller,rollers,,"Firm,\nwith grooves",,34.99,USD,5,1,0\n'
        + "RW-2,bad-roller,Bad Roller,nowhere,,,,4.00,USD,1,1,0\n"
    )

    job = admin_import(staff_client, PRODUCTS, text).context["job"]

    assert [problem["line"] for problem in job.problems] == [4]


def test_a_good_file_is_previewed_then_written_when_staff_confirm(staff_client, rollers, admin_import):
    ProductFactory(sku="RW-1", slug="roller-1", name="Old name", category=rollers, price="1.50", stock_quantity=1)

    page = admin_import(staff_client, PRODUCTS, HEADER + rows(3))

    job = page.context["job"]
    assert job.status == ImportJobStatus.CHECKED
    assert job.checked_totals == {"new": 2, "update": 1}
    assert "Confirm import" in page.text
    assert "<del>Old name</del> <ins>Roller 1</ins>" in page.text
    assert Product.objects.count() == 1  # the check writes nothing
    done = page.confirm()
    job.refresh_from_db()
    assert job.status == ImportJobStatus.DONE
    assert "Imported 3 row(s): 2 new, 1 updated" in done.text
    assert dict(Product.objects.values_list("sku", "name")) == {
        "RW-1": "Roller 1",
        "RW-2": "Roller 2",
        "RW-3": "Roller 3",
    }
    assert bytes(job.content) == b""  # the stored file is emptied once the import is over


def test_the_upload_answers_at_once_with_the_job_page_and_reads_no_row(staff_client, rollers):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("products.csv", (HEADER + rows(2)).encode())

    response = staff_client.post(f"{PRODUCTS}import/", {"resource": "0", "format": "0", "import_file": upload})

    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{PRODUCTS}import/{job.pk}/"
    assert job.status == ImportJobStatus.CHECKING  # nothing was read in the request
    page = staff_client.get(response["Location"])
    assert '<meta http-equiv="refresh"' in page.text
    assert "<progress" in page.text


def test_a_file_over_the_row_cap_is_refused_whole_with_the_cap_named(staff_client, rollers, admin_import, settings):
    settings.LIMBER_IMPORT_MAX_ROWS = 3

    job = admin_import(staff_client, PRODUCTS, HEADER + rows(4)).context["job"]

    assert job.status == ImportJobStatus.REFUSED
    assert job.message.startswith("The file has 4 rows; an import takes at most 3")
    assert not Product.objects.exists()


def test_a_file_over_the_size_cap_is_refused_on_the_upload_form(staff_client, rollers, admin_import, settings):
    settings.LIMBER_IMPORT_MAX_BYTES = 100

    page = admin_import(staff_client, PRODUCTS, HEADER + rows(5))

    assert page.status_code == 200
    assert "an import takes at most" in page.text
    assert not ImportJob.objects.exists()


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"sku,name\n\xff\xfe,broken\n", "The file is not UTF-8 text"),
        (HEADER.encode(), "The file has no rows under its header line."),
        ((HEADER + "RW-1,a,A,rollers,,,,1.00,USD,1,1,0,extra\n").encode(), "Line 2 has 13 cells"),
    ],
)
def test_a_file_that_cannot_be_read_is_refused_in_words(staff_client, rollers, admin_import, content, words):
    job = admin_import(staff_client, PRODUCTS, content).context["job"]

    assert job.status == ImportJobStatus.REFUSED
    assert words in job.message


def test_a_slug_used_twice_in_one_file_is_found_across_batches(staff_client, rollers, admin_import, settings):
    settings.LIMBER_IMPORT_BATCH_ROWS = 2
    text = HEADER + rows(3) + "RW-9,Roller-2,Copy,rollers,,,,9.00,USD,1,1,0\n"

    job = admin_import(staff_client, PRODUCTS, text).context["job"]

    assert [(p["line"], p["problems"]) for p in job.problems] == [
        (5, ["Column “slug”: Slug “roller-2” appears more than once in this file (first on line 3)."])
    ]


def test_cancelling_a_checked_import_writes_nothing(staff_client, rollers, admin_import):
    page = admin_import(staff_client, PRODUCTS, HEADER + rows(2))

    cancelled = page.cancel()

    assert cancelled.context["job"].status == ImportJobStatus.CANCELLED
    assert "Cancelled: nothing was imported." in cancelled.text
    assert page.confirm().context["job"].status == ImportJobStatus.CANCELLED  # a late confirm does nothing
    assert not Product.objects.exists()


def test_cancelling_during_the_import_stops_between_batches_and_says_what_was_written(
    staff_client, rollers, admin_import, settings, django_capture_on_commit_callbacks
):
    settings.LIMBER_IMPORT_BATCH_ROWS = 2
    page = admin_import(staff_client, PRODUCTS, HEADER + rows(5))
    job = page.context["job"]
    with django_capture_on_commit_callbacks(execute=False):  # confirmed, but the worker has not started
        staff_client.post(f"{PRODUCTS}import/{job.pk}/confirm/")

    assert import_job_run(job_id=job.pk, seconds=0) is True  # one batch, then its time share is up
    staff_client.post(f"{PRODUCTS}import/{job.pk}/cancel/")
    assert import_job_run(job_id=job.pk, seconds=60) is False

    job.refresh_from_db()
    assert job.status == ImportJobStatus.CANCELLED
    assert "Lines 2–3 of the file were imported (2 row(s): 2 new" in job.message
    assert sorted(Product.objects.values_list("sku", flat=True)) == ["RW-1", "RW-2"]


def test_a_batch_that_no_longer_imports_stops_the_import_and_keeps_earlier_batches(
    staff_client, rollers, admin_import, settings
):
    settings.LIMBER_IMPORT_BATCH_ROWS = 2
    page = admin_import(staff_client, PRODUCTS, HEADER + rows(4))
    ProductFactory(sku="OTHER", slug="Roller-3", category=rollers)  # made by someone else after the check

    stopped = page.confirm()

    job = stopped.context["job"]
    assert job.status == ImportJobStatus.FAILED
    assert "line 4 no longer imports" in job.message
    assert "Lines 2–3 of the file were imported" in job.message
    assert job.problems[0]["problems"] == ["Column “slug”: A product with this slug (ignoring case) already exists."]
    assert sorted(Product.objects.values_list("sku", flat=True)) == ["OTHER", "RW-1", "RW-2"]


def test_a_job_whose_task_was_lost_is_queued_again(rollers, django_user_model):
    from django.contrib.contenttypes.models import ContentType

    job = ImportJob.objects.create(
        model=ContentType.objects.get_for_model(Product),
        resource="catalog.resources.ProductResource",
        input_format="import_export.formats.base_formats.CSV",
        file_name="products.csv",
        content=(HEADER + rows(2)).encode(),
    )
    ImportJob.objects.filter(pk=job.pk).update(updated_at=timezone.now() - timedelta(minutes=5))

    import_jobs_reconcile_task()

    job.refresh_from_db()
    assert job.status == ImportJobStatus.CHECKED
    assert job.checked_totals == {"new": 2}


def test_job_pages_need_the_import_permission_and_belong_to_their_model(
    staff_client, rollers, admin_import, django_user_model
):
    from django.contrib.contenttypes.models import ContentType
    from django.test import Client

    from catalog.models import Category

    job = admin_import(staff_client, PRODUCTS, HEADER + rows(1)).context["job"]
    viewer = django_user_model.objects.create_user("viewer", password="a-long-test-password", is_staff=True)
    client = Client()
    client.force_login(viewer)

    assert client.get(f"{PRODUCTS}import/{job.pk}/").status_code == 403
    assert client.post(f"{PRODUCTS}import/{job.pk}/confirm/").status_code == 403
    ImportJob.objects.filter(pk=job.pk).update(model=ContentType.objects.get_for_model(Category))
    assert staff_client.get(f"{PRODUCTS}import/{job.pk}/").status_code == 404  # another model's import
    assert staff_client.post(f"{PRODUCTS}process_import/").status_code == 404
    assert not Product.objects.exists()


def test_the_import_page_lists_recent_imports(staff_client, rollers, admin_import):
    admin_import(staff_client, PRODUCTS, HEADER + rows(1), name="spring.csv")

    page = staff_client.get(f"{PRODUCTS}import/")

    assert "Recent imports" in page.text
    assert "spring.csv" in page.text


def test_the_problems_download_escapes_cells_a_spreadsheet_would_run():
    problems = [{"line": 7, "problems": ['=HYPERLINK("http://evil.test")', "-2+3", "Column “price”: -4.00"]}]

    assert problems_csv_rows(problems) == [
        ["line", "problem"],
        [7, '\'=HYPERLINK("http://evil.test")'],
        [7, "'-2+3"],
        [7, "Column “price”: -4.00"],
    ]


def test_a_price_with_a_currency_sign_is_a_table_row_at_its_line_with_a_plain_message(
    staff_client, rollers, admin_import
):
    text = HEADER + "RW-1,grid-roller,Grid Roller,rollers,,,,$12.00,USD,5,1,0\n"

    page = admin_import(staff_client, PRODUCTS, text)

    [problem] = page.context["job"].problems
    assert problem["line"] == 2  # the header is line 1
    assert problem["problems"] == ["Column “price”: Price must be a number like 12.00, without a currency sign."]
    table = page.text.split('class="import-preview limber-import-problems"')[1].split("</table>")[0]
    assert "<td>2</td>" in table
    assert "Price must be a number like 12.00" in table
    assert "ConversionSyntax" not in page.text
    assert "decimal" not in page.text.lower().split("limber-import-problems")[1]
