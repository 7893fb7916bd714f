"""Smaller copies of each product picture, so a card or a phone downloads a picture near the size it shows.

Each picture gets copies `RENDITION_WIDTHS` wide (those narrower than the picture itself), in its
own format, next to it in storage: ``products/strap.png`` gets ``products/strap-240w.png`` and
``products/strap-480w.png``. Cards and product pages list them in ``srcset`` with the picture's
own width, and ``sizes`` says how wide it is shown, so the browser picks the smallest that is
sharp enough. A picture whose copies could not be made is still shown, at its own size.

Decoding a picture takes memory in proportion to its pixels (a 13,000 × 13,000 PNG of a few
kilobytes needs 1.5 GB), so an upload is measured from its header alone and refused past
``LIMBER_IMAGE_MAX_PIXELS``; the copies are made by the worker, never in the request.
"""

import io
import logging

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
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


def _megapixels(pixels: int) -> str:
    return f"{pixels / 1e6:,.0f}"


def picture_pixels_check(upload) -> None:
    """Refuse a picture with more pixels than allowed, reading only its header: nothing is decoded."""
    limit = settings.LIMBER_IMAGE_MAX_PIXELS
    position = upload.tell()
    try:
        with Image.open(upload) as picture:  # reads the header; the pixels stay undecoded
            width, height = picture.size
    except Image.DecompressionBombError:  # past twice the limit Pillow will not even open it
        raise ValidationError(
            f"This picture has more than {_megapixels(limit)} megapixels, the most a product picture may have: "
            "scale it down and upload it again.",
            code="too_many_pixels",
        ) from None
    except (OSError, ValueError, SyntaxError):
        return  # not a picture Pillow reads: Django's own check names it
    finally:
        upload.seek(position)
    if width * height > limit:
        raise ValidationError(
            f"This picture is {width:,} × {height:,} pixels ({_megapixels(width * height)} megapixels); a product "
            f"picture may have at most {_megapixels(limit)} megapixels: scale it down and upload it again.",
            code="too_many_pixels",
        )


class PictureField(forms.ImageField):
    """An image upload measured from its header, and refused past the pixel limit, before anything decodes it."""

    def to_python(self, data):
        upload = forms.FileField.to_python(self, data)
        if upload is not None:
            picture_pixels_check(upload)
        return super().to_python(data)


def renditions_make(name: str, *, storage: Storage = default_storage) -> list[int]:
    """Write the smaller copies of a stored picture; return their widths, narrowest first ([] if none)."""
    try:
        with storage.open(name, "rb") as stored, Image.open(stored) as picture:
            options = SAVE_OPTIONS.get(picture.format or "")
            if options is None:
                return []
            if picture.width * picture.height > settings.LIMBER_IMAGE_MAX_PIXELS:
                logger.warning("Made no smaller copies of %s: %s × %s pixels is past the limit.", name, *picture.size)
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
    except (
        OSError,
        ValueError,
        Image.DecompressionBombError,
    ) as exc:  # unreadable, missing or too large: shown as it is
        logger.warning("Could not make smaller copies of %s: %s", name, exc)
        return []


def srcset_of(name: str, width: int | None, rendition_widths: list[int], *, storage: Storage = default_storage) -> str:
    """Return a ``srcset`` value listing a picture's copies and itself, or "" when it has no copies."""
    if not name or not width or not rendition_widths:
        return ""
    copies = [f"{storage.url(rendition_name(name, each))} {each}w" for each in rendition_widths]
    return ", ".join([*copies, f"{storage.url(name)} {width}w"])
