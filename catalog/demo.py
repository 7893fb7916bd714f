"""The demo catalogue: shelves, makers and products read from CSV files, with generated pictures.

Products go through ``ProductResource``, the same import staff use in the admin, so the demo
CSV is proof that a real file loads.
"""

import csv
import hashlib
import io
from pathlib import Path

from django.core.files.base import ContentFile
from django.db import transaction
from import_export.formats.base_formats import CSV
from import_export.results import Result
from PIL import Image, ImageDraw, ImageFont

from catalog.models import Brand, Category, Product, ProductImage
from catalog.pictures import product_image_renditions_request
from catalog.resources import ProductResource

CONTENT_DIR = Path(__file__).resolve().parent / "content"


class DemoCatalogueError(Exception):
    """A demo CSV file has a row that cannot be loaded."""


def _csv_text(name: str) -> str:
    # utf-8-sig, as the admin import reads uploads, so a byte-order mark from a spreadsheet is harmless.
    return (CONTENT_DIR / name).read_text(encoding="utf-8-sig")


def _csv_records(text: str) -> list[tuple[int, dict[str, str]]]:
    """Return each data row with the file line it starts on; quoted cells may span lines."""
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader)
    records, start = [], reader.line_num + 1
    for values in reader:
        records.append((start, dict(zip(header, values, strict=True))))
        start = reader.line_num + 1
    return records


def import_result_problems(*, result: Result, file_name: str, lines: list[int]) -> str:
    """Describe an import's failed rows, one per line, by file line and field, for a person to fix."""
    problems = [f"{file_name}: {error.error}" for error in result.base_errors]
    for row in result.invalid_rows:
        where = f"{file_name} line {lines[row.number - 1]}"
        for field, messages in row.error_dict.items():
            label = "row" if field == "__all__" else field
            problems += [f"{where}, {label}: {message}" for message in messages]
    for number, errors in result.row_errors():
        problems += [f"{file_name} line {lines[number - 1]}: {error.error}" for error in errors]
    return "\n".join(problems)


def _picture(*, name: str, colour: str) -> bytes:
    """Draw a simple square product picture: a coloured tile with the product's name."""
    image = Image.new("RGB", (600, 600), colour)
    draw = ImageDraw.Draw(image)
    seed = int(hashlib.sha256(name.encode()).hexdigest(), 16)
    for i in range(4):
        radius = 60 + (seed >> (i * 8)) % 120
        x, y = (seed >> (i * 16)) % 600, (seed >> (i * 16 + 8)) % 600
        draw.ellipse([x - radius, y - radius, x + radius, y + radius], fill=_tint(colour, 0.12 + i * 0.06))
    font = ImageFont.load_default(size=40)
    words, lines, line = name.split(), [], ""
    for word in words:
        candidate = f"{line} {word}".strip()
        if draw.textlength(candidate, font=font) > 500 and line:
            lines.append(line)
            line = word
        else:
            line = candidate
    lines.append(line)
    top = 300 - len(lines) * 26
    for index, text in enumerate(lines):
        width = draw.textlength(text, font=font)
        draw.text(((600 - width) / 2, top + index * 52), text, fill="white", font=font)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def _tint(colour: str, amount: float) -> tuple[int, int, int]:
    """Mix a #rrggbb colour towards white by the given fraction."""
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return tuple(int(c + (255 - c) * amount) for c in (red, green, blue))


def _categories_load() -> dict[str, str]:
    """Create or update the shelves in file order; return each shelf's picture colour by slug."""
    categories: dict[str, Category] = {}
    colours = {}
    for line, row in _csv_records(_csv_text("categories.csv")):
        parent = row["parent"]
        if parent and parent not in categories:
            raise DemoCatalogueError(
                f"categories.csv line {line}, parent: “{parent}” must be listed on an earlier line."
            )
        categories[row["slug"]], _ = Category.objects.update_or_create(
            slug=row["slug"],
            defaults={
                "name": row["name"],
                "parent": categories.get(parent),
                "description": row["description"],
                "position": len(categories),
            },
        )
        colours[row["slug"]] = row["colour"]
    return colours


def _brands_load() -> int:
    """Create or update the makers; return how many there are."""
    records = _csv_records(_csv_text("brands.csv"))
    for _line, row in records:
        Brand.objects.update_or_create(slug=row["slug"], defaults={"name": row["name"]})
    return len(records)


def _products_import() -> list[str]:
    """Import the products exactly as the admin import does; return their SKUs, or raise if any row fails."""
    text = _csv_text("products.csv")
    dataset = CSV().create_dataset(text)
    lines = [line for line, _row in _csv_records(text)]
    result = ProductResource().import_data(
        dataset, dry_run=False, raise_errors=False, use_transactions=True, lines=lines
    )
    if result.has_errors() or result.has_validation_errors():
        problems = import_result_problems(result=result, file_name="products.csv", lines=lines)
        raise DemoCatalogueError(f"The demo products did not import:\n{problems}")
    return dataset["sku"]


@transaction.atomic
def catalog_demo_load(*, with_images: bool = True) -> dict[str, int]:
    """Create or update the demo catalogue from its CSV files; running it twice changes nothing."""
    colours = _categories_load()
    brands = _brands_load()
    skus = _products_import()
    if with_images:
        for product in Product.objects.filter(sku__in=skus, images__isnull=True).select_related("category"):
            picture = _picture(name=product.name, colour=colours.get(product.category.slug, "#0b6e63"))
            image = ProductImage(product=product, alt_text=f"{product.name} on a plain background", position=0)
            image.image.save(f"{product.slug}.png", ContentFile(picture), save=True)
            product_image_renditions_request(image=image)
    return {"categories": len(colours), "brands": brands, "products": len(skus)}
