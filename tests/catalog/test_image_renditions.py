"""Product pictures: bounded in pixels from their header, copied smaller by the worker, offered to browsers."""

import io
import re
import struct
import zlib

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from catalog.images import rendition_name, renditions_make
from catalog.models import Product, ProductImage
from catalog.services import product_image_renditions_make
from tests.factories import CategoryFactory, ProductFactory
from tests.helpers import inline_management_forms

pytestmark = pytest.mark.django_db


def picture(width: int, height: int, image_format: str = "PNG") -> ContentFile:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "teal").save(buffer, image_format)
    return ContentFile(buffer.getvalue())


def png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims `width` × `height` pixels (it would take width × height × 3 bytes decoded)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")
    )


def stored_size(name: str) -> tuple[int, int]:
    with default_storage.open(name, "rb") as stored, Image.open(stored) as image:
        return image.size


def stored_with_copies(name: str, content: ContentFile, product=None) -> ProductImage:
    """Store a picture as code does, then make its copies as the worker does."""
    image = ProductImage(product=product or ProductFactory(), alt_text="A strap")
    image.image.save(name, content, save=True)
    product_image_renditions_make(image_id=image.pk, name=image.image.name)
    return ProductImage.objects.get(pk=image.pk)


def add_product_with_picture(staff_client, content: bytes, name: str = "pack.png"):
    category = CategoryFactory()
    management = inline_management_forms(staff_client.get("/admin/catalog/product/add/").text)
    return staff_client.post(
        "/admin/catalog/product/add/",
        {
            **management,
            "name": "Cold Pack",
            "slug": "cold-pack",
            "sku": "CC-9",
            "category": category.pk,
            "price": "12.99",
            "currency": "USD",
            "stock_quantity": "4",
            "is_active": "on",
            "images-TOTAL_FORMS": "1",
            "images-INITIAL_FORMS": "0",
            "images-0-image": SimpleUploadedFile(name, content, content_type="image/png"),
            "images-0-alt_text": "A blue cold pack",
            "images-0-position": "0",
        },
    )


@pytest.mark.parametrize(("image_format", "extension"), [("PNG", "png"), ("JPEG", "jpg"), ("WEBP", "webp")])
def test_an_upload_gets_smaller_copies_in_its_own_format_each_narrower_than_it(image_format, extension):
    image = stored_with_copies(f"strap.{extension}", picture(1200, 900, image_format))

    assert (image.width, image.height) == (1200, 900)
    assert image.rendition_widths == [240, 480, 960]
    for width in image.rendition_widths:
        copy = rendition_name(image.image.name, width)
        assert stored_size(copy) == (width, width * 3 // 4)
        with default_storage.open(copy, "rb") as stored, Image.open(stored) as opened:
            assert opened.format == image_format
    assert stored_size(image.image.name) == (1200, 900), "the original is kept as uploaded"


def test_a_picture_narrower_than_every_copy_gets_none_and_no_srcset():
    image = stored_with_copies("small.png", picture(40, 40))

    assert image.rendition_widths == []
    assert image.srcset == ""


def test_the_srcset_lists_each_copy_and_the_original_with_their_widths():
    stored = stored_with_copies("roller.png", picture(600, 600))

    assert (stored.width, stored.height) == (600, 600)
    entries = [entry.rsplit(" ", 1) for entry in stored.srcset.split(", ")]

    assert [width for _url, width in entries] == ["240w", "480w", "600w"]
    assert entries[-1][0] == stored.image.url
    assert entries[0][0] == default_storage.url(rendition_name(stored.image.name, 240))


def test_the_request_stores_the_upload_and_the_worker_makes_the_copies(
    staff_client, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as waiting:
        response = add_product_with_picture(staff_client, picture(800, 800).read())

    assert response.status_code == 302
    image = ProductImage.objects.get()
    assert image.rendition_widths == []
    assert not default_storage.exists(rendition_name(image.image.name, 240)), "nothing was decoded in the request"
    page = client.get("/products/cold-pack/").content.decode()
    shown = re.search(r'<img src="[^"]*pack[^"]*"[^>]*>', page).group(0)
    assert "srcset" not in shown, "until its copies exist the picture is shown as it is"

    with django_capture_on_commit_callbacks(execute=True):
        for callback in waiting:
            callback()

    image.refresh_from_db()
    assert image.rendition_widths == [240, 480]
    assert stored_size(rendition_name(image.image.name, 480)) == (480, 480)


@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")  # Pillow's own warning past the limit
@pytest.mark.parametrize(
    ("width", "height", "words"),
    [
        (13_000, 13_000, "This picture has more than 40 megapixels"),
        (7_000, 7_000, "This picture is 7,000 × 7,000 pixels (49 megapixels); a product picture may have at most 40"),
    ],
)
def test_a_picture_past_the_pixel_limit_is_refused_with_a_message_before_anything_decodes_it(
    staff_client, width, height, words
):
    response = add_product_with_picture(staff_client, png_claiming(width, height), name="huge.png")

    assert response.status_code == 200
    assert words in response.text
    assert not Product.objects.exists()
    assert not ProductImage.objects.exists()


def test_a_stored_picture_past_the_limit_gets_no_copies_and_is_never_decoded():
    default_storage.save("products/huge.png", ContentFile(png_claiming(9_000, 9_000)))

    assert renditions_make("products/huge.png") == []


def test_saving_a_product_without_a_new_picture_keeps_its_copies(staff_client, django_capture_on_commit_callbacks):
    product = ProductFactory(name="Roller")
    image = stored_with_copies("roller.png", picture(600, 600), product=product)
    change = f"/admin/catalog/product/{product.pk}/change/"
    page = staff_client.get(change).text
    form = {
        **inline_management_forms(page),
        "name": product.name,
        "slug": product.slug,
        "sku": product.sku,
        "category": product.category_id,
        "price": "19.99",
        "currency": "USD",
        "stock_quantity": str(product.stock_quantity),
        "images-0-id": str(image.pk),
        "images-0-product": str(product.pk),
        "images-0-alt_text": "A foam roller",
        "images-0-position": "0",
    }

    with django_capture_on_commit_callbacks(execute=False):
        response = staff_client.post(change, form)

    assert response.status_code == 302
    image.refresh_from_db()
    assert (image.alt_text, image.rendition_widths) == ("A foam roller", [240, 480])


def test_a_file_that_cannot_be_read_is_still_saved_and_shown_without_copies():
    image = stored_with_copies("broken.png", ContentFile(b"not a picture"))

    assert image.rendition_widths == []
    assert image.srcset == ""


def test_catalogue_cards_and_the_product_page_offer_the_copies(client, rebuild_index):
    product = ProductFactory(slug="loop-strap", name="Loop Strap")
    stored_with_copies("loop.png", picture(800, 800), product=product)
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
    image = stored_with_copies("loop.png", picture(800, 800), product=product)

    (held,) = product_infos(product_ids=[product.pk])

    assert held.image_srcset == image.srcset
    assert "240w" in held.image_srcset
