"""Import problems staff can read: the file's own line numbers, its headers, plain text, a download, nothing saved."""

from urllib.parse import unquote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from catalog.models import Product
from tests.factories import CategoryFactory

pytestmark = pytest.mark.django_db

HEADER = (
    "sku,slug,name,category,brand,short_description,description,price,currency,stock_quantity,is_active,is_featured\n"
)


def test_a_bad_line_is_named_by_its_line_in_the_file_with_each_problem_in_words(staff_client):
    CategoryFactory(slug="rollers")
    text = (
        HEADER
        + "RW-1,grid-roller,Grid Roller,rollers,,,,34.99,USD,5,1,0\n"
        + "RW-2,bad-roller,Bad Roller,no-such-category,,,,-4.00,USD,1,1,0\n"
    )
    upload = SimpleUploadedFile("products.csv", text.encode(), content_type="text/csv")

    response = staff_client.post("/admin/catalog/product/import/", {"import_file": upload, "format": "0"})

    [problem] = response.context["import_problems"]
    assert problem.line == 3  # the header is line 1, the good row line 2
    assert any(words.startswith("Column “category”:") and "no-such-category" in words for words in problem.problems)
    assert any(words.startswith("Column “price”:") for words in problem.problems)
    assert ("category", "no-such-category") in problem.cells
    page = response.content.decode()
    assert "Nothing was imported" in page
    assert "whole or not at all" in page
    report = unquote(response.context["import_problems_csv"].split(",", 1)[1])
    assert report.splitlines()[0] == "line,problem"
    assert report.splitlines()[1].startswith("3,")
    assert not Product.objects.exists()
