"""Smaller copies of each product picture, so a card or a phone downloads a picture near the size it shows.

Each picture gets copies `RENDITION_WIDTHS` wide (those narrower than the picture itself), in its
own format, next to it in storage: ``products/strap.png`` gets ``products/strap-240w.png`` and
``products/strap-480w.png``. Cards and product pages list them in ``srcset`` with the picture's
own width, and ``sizes`` says how wide it is shown, so the browser picks the smallest that is
sharp enough. A picture whose copies could not be made is still shown, at its own size.
"""

import io
import logging

from django.core.files.base import ContentFile
from django.core.files.storage import Storage, default_storage
from PIL import Image

logger = logging.getLogger(__name__)

RENDITION_WIDTHS = (240, 480, 960)
# Format Pillow names it by: how to write a smaller copy.
SAVE_OPTIONS = {
    "JPEG": {"quality": 82, "optimize": True, "progressive": True},
    "PNG": {"optimize": True},
    "WEBP": {"quality": 80},
}


def rendition_name(name: str, width: int) -> str:
    """Return the storage name of a picture's copy `width` pixels wide."""
    stem, dot, extension = name.rpartition(".")
    return f"{stem}-{width}w.{extension}" if dot else f"{name}-{width}w"


def renditions_make(name: str, *, storage: Storage = default_storage) -> list[int]:
    """Write the smaller copies of a stored picture; return their widths, narrowest first ([] if none)."""
    try:
        with storage.open(name, "rb") as stored, Image.open(stored) as picture:
            options = SAVE_OPTIONS.get(picture.format or "")
            if options is None:
                return []
            picture_format, made = picture.format, []
            for width in RENDITION_WIDTHS:
                if width >= picture.width:
                    break
                copy = picture.copy()
                copy.thumbnail((width, picture.height), Image.Resampling.LANCZOS)
                if picture_format == "JPEG" and copy.mode not in ("RGB", "L"):
                    copy = copy.convert("RGB")
                buffer = io.BytesIO()
                copy.save(buffer, picture_format, **options)
                target = rendition_name(name, width)
                if storage.exists(target):
                    storage.delete(target)
                storage.save(target, ContentFile(buffer.getvalue()))
                made.append(width)
            return made
    except (OSError, ValueError) as exc:  # unreadable or missing file: the picture is shown as it is
        logger.warning("Could not make smaller copies of %s: %s", name, exc)
        return []


def srcset_of(name: str, width: int | None, rendition_widths: list[int], *, storage: Storage = default_storage) -> str:
    """Return a ``srcset`` value listing a picture's copies and itself, or "" when it has no copies."""
    if not name or not width or not rendition_widths:
        return ""
    copies = [f"{storage.url(rendition_name(name, each))} {each}w" for each in rendition_widths]
    return ", ".join([*copies, f"{storage.url(name)} {width}w"])
