"""Product pictures come in smaller copies, and cards and product pages let the browser pick one."""

import io
import re

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image

from catalog.images import rendition_name
from catalog.models import ProductImage
from tests.factories import ProductFactory, ProductImageFactory

pytestmark = pytest.mark.django_db


def picture(width: int, height: int, image_format: str = "PNG") -> ContentFile:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "teal").save(buffer, image_format)
    return ContentFile(buffer.getvalue())


def stored_size(name: str) -> tuple[int, int]:
    with default_storage.open(name, "rb") as stored, Image.open(stored) as image:
        return image.size


@pytest.mark.parametrize(("image_format", "extension"), [("PNG", "png"), ("JPEG", "jpg"), ("WEBP", "webp")])
def test_an_upload_gets_smaller_copies_in_its_own_format_each_narrower_than_it(image_format, extension):
    image = ProductImage(product=ProductFactory(), alt_text="A strap")
    image.image.save(f"strap.{extension}", picture(1200, 900, image_format), save=True)

    assert ProductImage.objects.filter(pk=image.pk).values_list("width", "height").get() == (1200, 900)
    image.refresh_from_db()
    assert image.rendition_widths == [240, 480, 960]
    for width in image.rendition_widths:
        copy = rendition_name(image.image.name, width)
        assert stored_size(copy) == (width, width * 3 // 4)
        with default_storage.open(copy, "rb") as stored, Image.open(stored) as opened:
            assert opened.format == image_format
    assert stored_size(image.image.name) == (1200, 900), "the original is kept as uploaded"


def test_a_picture_narrower_than_every_copy_gets_none_and_no_srcset():
    image = ProductImageFactory()  # 40 x 40
    image.refresh_from_db()

    assert image.rendition_widths == []
    assert image.srcset == ""


def test_the_srcset_lists_each_copy_and_the_original_with_their_widths():
    image = ProductImage(product=ProductFactory(), alt_text="A roller")
    image.image.save("roller.png", picture(600, 600), save=True)

    stored = ProductImage.objects.get(pk=image.pk)
    assert (stored.width, stored.height) == (600, 600)
    entries = [entry.rsplit(" ", 1) for entry in stored.srcset.split(", ")]

    assert [width for _url, width in entries] == ["240w", "480w", "600w"]
    assert entries[-1][0] == image.image.url
    assert entries[0][0] == default_storage.url(rendition_name(image.image.name, 240))


def test_saving_again_without_a_new_picture_makes_no_new_copies(monkeypatch):
    image = ProductImage(product=ProductFactory(), alt_text="A roller")
    image.image.save("roller.png", picture(600, 600), save=True)
    loaded = ProductImage.objects.get(pk=image.pk)
    made = []
    monkeypatch.setattr("catalog.models.renditions_make", lambda name, **kwargs: made.append(name) or [])

    loaded.alt_text = "A foam roller"
    loaded.save()

    assert made == []
    assert ProductImage.objects.get(pk=image.pk).rendition_widths == [240, 480]


def test_a_file_that_cannot_be_read_is_still_saved_and_shown_without_copies():
    image = ProductImage(product=ProductFactory(), alt_text="Broken")
    image.image.save("broken.png", ContentFile(b"not a picture"), save=False)
    image.save()

    assert ProductImage.objects.get(pk=image.pk).rendition_widths == []


def test_catalogue_cards_and_the_product_page_offer_the_copies(client, rebuild_index):
    product = ProductFactory(slug="loop-strap", name="Loop Strap")
    image = ProductImage(product=product, alt_text="A loop strap")
    image.image.save("loop.png", picture(800, 800), save=True)
    rebuild_index()

    catalogue = client.get("/products/").content.decode()
    page = client.get("/products/loop-strap/").content.decode()

    card = re.search(r'<img src="[^"]*loop[^"]*"[^>]*>', catalogue).group(0)
    assert 'srcset="' in card
    assert "480w" in card
    assert 'sizes="(max-width: 40rem) 50vw, 14rem"' in card
    main = re.search(r'<img src="[^"]*loop[^"]*"[^>]*>', page).group(0)
    assert "800w" in main
    assert 'fetchpriority="high"' in main


def test_cards_built_from_the_recommendation_index_offer_the_copies_too():
    from recommendations.index.sources import product_infos

    product = ProductFactory(slug="loop-strap", name="Loop Strap")
    image = ProductImage(product=product, alt_text="A loop strap")
    image.image.save("loop.png", picture(800, 800), save=True)

    (held,) = product_infos(product_ids=[product.pk])

    assert held.image_srcset == ProductImage.objects.get(pk=image.pk).srcset
    assert "240w" in held.image_srcset
