"""Reading a staff file into rows, and an import-export result into what the job page shows.

Only the reading and the display live here; what makes a row invalid is the resource's business
(e.g. `catalog/resources.py`). Lines are the file's own: a quoted cell may span lines, so each row
is named by the line it starts on, as a spreadsheet or an editor shows it.
"""

import csv
import io
from dataclasses import dataclass, field

import tablib
from django.core.exceptions import NON_FIELD_ERRORS
from import_export import resources
from import_export.formats.base_formats import Format
from import_export.resources import Diff

from shop.spreadsheets import cell_safe

# A problem keeps the cells of its line for this many lines; past it, the words alone (the page stays readable).
PROBLEM_CELLS_KEPT = 200
DELIMITERS = {"csv": ",", "tsv": "\t"}


class FileUnreadable(Exception):
    """The upload is not a file of the chosen format; the message says why, in words."""


@dataclass
class FileRows:
    """A file's rows as a dataset, and the line in the file each row starts on."""

    dataset: tablib.Dataset
    lines: list[int]

    def batch(self, start: int, size: int) -> tablib.Dataset:
        """Return rows ``start`` to ``start + size`` as a dataset of their own, under the file's headers."""
        return tablib.Dataset(*self.dataset[start : start + size], headers=self.dataset.headers)


def file_read(content: bytes, *, input_format: Format) -> FileRows:
    """Read an upload as rows under its header line; raise `FileUnreadable` naming what is wrong and where."""
    title = input_format.get_title()
    if title not in DELIMITERS:
        try:
            dataset = input_format.create_dataset(content)
        except Exception as exc:  # any reader's failure is the file's, told to staff
            raise FileUnreadable(f"This is not a readable {title.upper()} file ({exc}).") from exc
        return FileRows(dataset, [index + 2 for index in range(len(dataset))])
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FileUnreadable(
            f"The file is not UTF-8 text (byte {exc.start + 1} cannot be read): "
            "save it as “CSV UTF-8” and upload it again."
        ) from exc
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=DELIMITERS[title])
    try:
        headers = next(reader, None)
        if not headers or not any(cell.strip() for cell in headers):
            raise FileUnreadable("The file is empty: its first line must name the columns.")
        dataset, lines, start = tablib.Dataset(headers=headers), [], reader.line_num + 1
        for cells in reader:
            if cells:  # a blank line is no row
                if len(cells) > len(headers):
                    raise FileUnreadable(
                        f"Line {start} has {len(cells)} cells but the first line names {len(headers)} columns."
                    )
                dataset.append(cells + [""] * (len(headers) - len(cells)))
                lines.append(start)
            start = reader.line_num + 1
    except csv.Error as exc:
        raise FileUnreadable(f"Line {reader.line_num} cannot be read as {title.upper()}: {exc}.") from exc
    if not lines:
        raise FileUnreadable("The file has no rows under its header line.")
    return FileRows(dataset, lines)


class PlainDiff(Diff):
    """A row's cells before and after, as plain text pairs (the page escapes them), for the rows a preview shows.

    Past the rows the preview wants (`preview_rows` among the import's keyword arguments), no
    cell is read at all: a check of a large file reads each row once.
    """

    def __init__(self, resource, instance, new):
        self.new, self.right, self.wanted = new, [], resource.diff_wanted()
        self.left = Diff._read_field_values(resource, instance) if self.wanted else []

    def compare_with(self, resource, instance):
        if self.wanted:
            super().compare_with(resource, instance)

    def as_html(self):
        if not self.wanted:
            return None
        return [["" if self.new else str(old), str(new)] for old, new in zip(self.left, self.right, strict=False)]


class SpreadsheetResource(resources.ModelResource):
    """A model resource for staff files: exported cells are safe in a spreadsheet; the preview is plain pairs."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._import_fields = None
        self._diffs_left: int | None = None

    @classmethod
    def get_diff_class(cls):
        return PlainDiff

    def diff_wanted(self) -> bool:
        """Whether the row being imported is one the preview shows (every row unless the import says how many)."""
        if self._diffs_left is None:
            return True
        self._diffs_left -= 1
        return self._diffs_left >= 0

    def get_import_fields(self):
        if self._import_fields is None:  # asked several times per row; the fields do not change during an import
            self._import_fields = super().get_import_fields()
        return self._import_fields

    def before_import(self, dataset, **kwargs):
        self._diffs_left = kwargs.get("preview_rows")
        super().before_import(dataset, **kwargs)

    def export_field(self, field, instance, **kwargs):
        return cell_safe(super().export_field(field, instance, **kwargs))

    def after_import_row(self, row, row_result, **kwargs):
        row_result.number = kwargs.get("row_number")  # the preview names each row by its line
        super().after_import_row(row, row_result, **kwargs)


@dataclass
class BatchSummary:
    """What one batch's result adds to a job: counts, problems by file line, and preview rows."""

    totals: dict[str, int] = field(default_factory=dict)
    problems: list[dict] = field(default_factory=list)
    preview_rows: list[dict] = field(default_factory=list)
    stop: str = ""  # a problem with the whole file or batch: nothing more can be done


def _words(resource, error_dict) -> list[str]:
    columns = {name: each.column_name for name, each in resource.fields.items()}
    words = []
    for name, errors in error_dict.items():
        where = "Whole line" if name == NON_FIELD_ERRORS else f"Column “{columns.get(name, name)}”"
        words.extend(f"{where}: {error}" for error in errors)
    return words


def batch_summarise(
    result, *, resource, rows: FileRows, start: int, preview_room: int, cells_room: int
) -> BatchSummary:
    """Describe a batch's result: counts, each bad line by its line in the file, and up to `preview_room` rows."""
    summary = BatchSummary(totals={key: value for key, value in result.totals.items() if value})
    if result.base_errors:
        first, last = rows.lines[start], rows.lines[min(start + result.total_rows, len(rows.lines)) - 1]
        errors = "; ".join(str(error.error) for error in result.base_errors)
        summary.stop = f"Lines {first}–{last} could not be imported: {errors}"
        return summary
    found: dict[int, list[str]] = {row.number: _words(resource, row.error_dict) for row in result.invalid_rows}
    for row in result.error_rows:
        found[row.number] = [f"Whole line: {error.error}" for error in row.errors]
    headers = rows.dataset.headers
    for number in sorted(found):
        index = start + number - 1
        cells = []
        if len(summary.problems) < cells_room:
            cells = [[header, str(value)] for header, value in zip(headers, rows.dataset[index], strict=False)]
        summary.problems.append({"line": rows.lines[index], "problems": found[number], "cells": cells})
    for row in result.rows:
        if len(summary.preview_rows) >= preview_room:
            break
        number = getattr(row, "number", None)
        if number and row.import_type in ("new", "update", "skip") and row.diff is not None:
            line = rows.lines[start + number - 1]
            summary.preview_rows.append({"line": line, "type": row.import_type, "cells": row.diff})
    return summary


def problems_csv_rows(problems: list[dict]) -> list[list]:
    """Return the problems as CSV rows (line, problem), each cell safe in a spreadsheet, header first."""
    rows = [["line", "problem"]]
    rows.extend([problem["line"], cell_safe(words)] for problem in problems for words in problem["problems"])
    return rows
