"""The catalogue: categories, brands, products, their images and stock."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from catalog.images import srcset_of
from catalog.stock_notes import stock_note
from shop.constraints import slug_unique_ignoring_case
from shop.spreadsheets import formula_refuse

# The largest count every supported database stores in a positive integer column (PostgreSQL's int4).
STOCK_MAX = 2**31 - 1
PRICE_MAX = Decimal("99999999.99")  # max_digits=10, decimal_places=2


class Category(models.Model):
    """A shelf of the shop, optionally inside a parent shelf."""

    name = models.CharField(
        max_length=100, validators=[formula_refuse], help_text="Shown in navigation and on product pages."
    )
    slug = models.SlugField(max_length=100, unique=True, help_text="Public identifier used in URLs and the API.")
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text="Leave empty for a top-level category.",
    )
    description = models.TextField(
        blank=True, validators=[formula_refuse], help_text="A sentence or two shown on the category listing."
    )
    position = models.PositiveSmallIntegerField(default=0, help_text="Lower numbers are listed first.")

    class Meta:
        ordering = ["position", "name", "pk"]
        verbose_name_plural = "categories"
        constraints = [
            models.CheckConstraint(condition=~Q(parent=models.F("pk")), name="category_not_own_parent"),
            slug_unique_ignoring_case("category"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return f"{reverse('catalog:product-list')}?category={self.slug}"


class Brand(models.Model):
    """A maker of the products Limber sells."""

    name = models.CharField(
        max_length=100,
        unique=True,
        validators=[formula_refuse],
        help_text="The maker's name as printed on the product.",
    )
    slug = models.SlugField(max_length=100, unique=True, help_text="Public identifier used in URLs and the API.")
    description = models.TextField(blank=True, validators=[formula_refuse], help_text="Optional note about the maker.")

    class Meta:
        ordering = ["name", "pk"]
        constraints = [slug_unique_ignoring_case("brand")]

    def __str__(self):
        return self.name


class ProductQuerySet(models.QuerySet):
    """Chainable filters over products."""

    def available(self):
        """Products shoppers may see: the active ones."""
        return self.filter(is_active=True)

    def in_stock(self):
        """Products with at least one unit in stock."""
        return self.filter(stock_quantity__gt=0)


class Product(models.Model):
    """Something Limber sells."""

    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="products", help_text="Where the product is shelved."
    )
    brand = models.ForeignKey(
        Brand,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="products",
        help_text="Maker of the product, if known.",
    )
    name = models.CharField(max_length=200, validators=[formula_refuse], help_text="Product name shown to shoppers.")
    slug = models.SlugField(max_length=200, unique=True, help_text="Public identifier used in URLs and the API.")
    sku = models.CharField(
        "SKU",
        max_length=64,
        unique=True,
        validators=[formula_refuse],
        help_text="Your own code for the product, one per product; a spreadsheet import finds products by it.",
    )
    short_description = models.CharField(
        max_length=300,
        blank=True,
        validators=[formula_refuse],
        help_text="One line shown on product cards and listings.",
    )
    description = models.TextField(
        blank=True,
        max_length=20_000,
        validators=[formula_refuse],
        help_text="Full description in Markdown; HTML is removed.",
    )
    price = models.DecimalField(
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(PRICE_MAX)],
        help_text="Price per unit, zero or more.",
    )
    currency = models.CharField(
        max_length=3,
        default=settings.LIMBER_CURRENCY,
        validators=[
            RegexValidator(r"^[A-Z]{3}$", "Enter the currency as three capital letters, e.g. USD, GBP or EUR.")
        ],
        help_text="The currency of the price, as three capital letters: USD, GBP, EUR…",
    )
    stock_quantity = models.PositiveIntegerField(
        default=0,
        validators=[MaxValueValidator(STOCK_MAX)],
        help_text="Units on the shelf; zero means out of stock. A new number here adds or removes the difference, "
        "so units sold while you edit are not lost.",
    )
    is_active = models.BooleanField(
        "active", default=True, db_index=True, help_text="Inactive products are hidden from shoppers and the API."
    )
    is_featured = models.BooleanField("featured", default=False, help_text="Featured products appear on the home page.")
    family = models.SlugField(
        "variant group",
        max_length=100,
        blank=True,
        db_index=True,
        help_text=(
            "Products that are sizes, packs or cuts of the same thing share a group, e.g. “loop-stretch-strap” "
            "for the strap and its long version: lists show one of them, and the product page offers the others "
            "as a choice. Leave empty for a product with no variants."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProductQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(price__gte=0), name="product_price_not_negative"),
            models.CheckConstraint(condition=Q(stock_quantity__gte=0), name="product_stock_not_negative"),
            slug_unique_ignoring_case("product"),
        ]
        indexes = [
            # Shoppers' listings: active products by name (the default order) or by price, a page at a time.
            models.Index(fields=["name", "id"], condition=Q(is_active=True), name="product_active_name"),
            models.Index(fields=["price", "id"], condition=Q(is_active=True), name="product_active_price"),
            models.Index(fields=["category", "is_active"], name="product_category_active"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("product-page", kwargs={"slug": self.slug})

    @classmethod
    def from_db(cls, db, field_names, values):
        """Load a product, noting its units on hand for a cached read being built (`catalog.stock_shown`)."""
        product = super().from_db(db, field_names, values)
        if "stock_quantity" in product.__dict__:
            stock_note(product.pk, product.stock_quantity)
        return product

    @property
    def in_stock(self) -> bool:
        """Whether at least one unit is on hand."""
        return self.stock_quantity > 0

    @property
    def url(self) -> str:
        """The product page's address."""
        return self.get_absolute_url()

    @property
    def image_url(self) -> str | None:
        """The main image's address, or None without a picture."""
        image = self.main_image
        return image.image.url if image else None

    @property
    def image_srcset(self) -> str:
        """The main image's ``srcset`` for cards ("" without a picture or smaller copies)."""
        image = self.main_image
        return image.srcset if image else ""

    @property
    def main_image(self):
        """The first image by position, read from prefetched images when present."""
        images = list(self.images.all())
        return images[0] if images else None


class ProductImage(models.Model):
    """A picture of a product."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="images")
    image = models.ImageField(
        upload_to="products/",
        width_field="width",
        height_field="height",
        help_text=(
            "JPEG, PNG or WebP; shown square. Smaller copies for cards and phones are made in the background "
            "within seconds of the upload; until then the picture is shown as it is."
        ),
    )
    alt_text = models.CharField(max_length=200, help_text="Describes the picture for people using screen readers.")
    position = models.PositiveSmallIntegerField(default=0, help_text="The lowest position is the main image.")
    width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    # Widths of the smaller copies the worker made of this picture (catalog.images), narrowest first;
    # empty until they exist, and the picture is then shown as it is.
    rendition_widths = models.JSONField(default=list, blank=True, editable=False)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self):
        return self.alt_text

    @property
    def srcset(self) -> str:
        """The ``srcset`` of this picture's copies and itself ("" without copies)."""
        if not self.image:
            return ""
        return srcset_of(self.image.name, self.width, self.rendition_widths, storage=self.image.storage)
