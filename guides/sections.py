"""Turn a guide's Markdown sections into blocks of HTML and product cards."""

from dataclasses import dataclass

from django.utils.safestring import SafeString, mark_safe

from guides.models import PRODUCT_MENTION, Article
from shop.markup import markdown_render


@dataclass(frozen=True)
class GuideSection:
    """One section of a guide: its field name, heading and blocks in reading order."""

    name: str
    label: str
    blocks: list[tuple[str, SafeString | object]]


def section_blocks(text: str, products: dict[str, object]) -> list[tuple[str, SafeString | object]]:
    """Split Markdown at [[product:slug]] mentions; render text, and cards for products still sold."""
    blocks: list[tuple[str, SafeString | object]] = []
    parts = PRODUCT_MENTION.split(text or "")
    for index, part in enumerate(parts):
        if index % 2:
            product = products.get(part)
            if product is not None:
                blocks.append(("product", product))
        elif part.strip():
            blocks.append(("html", mark_safe(markdown_render(part))))  # noqa: S308 - sanitised by nh3
    return blocks


def article_sections(article: Article, products: dict[str, object]) -> list[GuideSection]:
    """Return the guide's sections with product mentions resolved."""
    return [
        GuideSection(name=name, label=label, blocks=section_blocks(getattr(article, name), products))
        for name, label in Article.SECTIONS
    ]
