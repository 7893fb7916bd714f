"""Import problems staff can read: each bad line of the file by its own number, in plain text, downloadable.

Only the display lives here; what makes a row invalid is the resource's business
(e.g. `catalog/resources.py`). An import is all or nothing, and the page says so.
"""

import csv
import io
from dataclasses import dataclass
from urllib.parse import quote

from django.core.exceptions import NON_FIELD_ERRORS

HEADER_LINES = 1  # a CSV file's first line names the columns; data starts on line 2


@dataclass(frozen=True)
class ImportProblem:
    """One bad line: its number in the file, its problems in words, and its cells under the file's headers."""

    line: int
    problems: list[str]
    cells: list[tuple[str, str]]


def _file_headers(upload) -> list[str]:
    if upload is None:
        return []
    try:
        upload.seek(0)
        first = upload.read(64 * 1024).decode("utf-8-sig").splitlines()[0]
        upload.seek(0)
    except (UnicodeDecodeError, IndexError, OSError):
        return []
    return next(csv.reader([first]), [])


def import_problems(result, *, resource, upload) -> list[ImportProblem]:
    """Describe each invalid row of an import result by its line in the file and its columns as written."""
    headers = _file_headers(upload) or list(result.diff_headers)
    columns = {name: field.column_name for name, field in resource.fields.items()}
    problems = []
    for row in result.invalid_rows:
        words = []
        for name, errors in row.error_dict.items():
            where = "Whole line" if name == NON_FIELD_ERRORS else f"Column “{columns.get(name, name)}”"
            words.extend(f"{where}: {error}" for error in errors)
        values = [str(v) if v is not None else "" for v in row.values]
        problems.append(ImportProblem(row.number + HEADER_LINES, words, list(zip(headers, values, strict=False))))
    return problems


def problems_csv_link(problems: list[ImportProblem]) -> str:
    """Return a data: address of the problems as a CSV file (line, problem), to download without a round trip."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["line", "problem"])
    for problem in problems:
        for words in problem.problems:
            writer.writerow([problem.line, words])
    return "data:text/csv;charset=utf-8," + quote(out.getvalue())


class ImportProblemsMixin:
    """An import-export admin whose preview lists bad lines in plain text, beside their cells."""

    import_template_name = "admin/shop/import.html"

    def import_action(self, request, **kwargs):
        response = super().import_action(request, **kwargs)
        context = getattr(response, "context_data", None) or {}
        result = context.get("result")
        if result is not None and result.has_validation_errors():
            resource = self.get_import_resource_classes(request)[0](**self.get_import_resource_kwargs(request))
            problems = import_problems(result, resource=resource, upload=request.FILES.get("import_file"))
            context["import_problems"] = problems
            context["import_problems_csv"] = problems_csv_link(problems)
        return response
