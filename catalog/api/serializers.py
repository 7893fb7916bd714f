"""Serializers of the catalogue API."""

from decimal import Decimal

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.validators import UniqueValidator

from catalog import services
from catalog.models import PRICE_MAX, STOCK_MAX, Brand, Category, Product, ProductImage
from shop.api.fields import AbsoluteUrlField, JsonTypesMixin
from shop.markup import markdown_render


@extend_schema_field({"type": "string", "format": "decimal", "pattern": r"^\d{1,8}(\.\d{1,2})?$", "example": "24.99"})
class PriceField(serializers.DecimalField):
    """A price: a decimal string, zero or more, two places at most."""

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "help_text", 'Price of one unit in `currency`, as a decimal string with at most two places, e.g. "24.99".'
        )
        super().__init__(max_digits=10, decimal_places=2, min_value=Decimal("0"), max_value=PRICE_MAX, **kwargs)


class CategorySerializer(serializers.ModelSerializer):
    """A category with its parent's slug."""

    parent = serializers.SlugRelatedField(
        slug_field="slug",
        read_only=True,
        allow_null=True,
        help_text="Slug of the category this one sits in; null for a top-level category.",
    )

    class Meta:
        model = Category
        fields = ["slug", "name", "parent", "description"]


class ProductImageSerializer(serializers.ModelSerializer):
    """A product picture with its alt text."""

    url = serializers.ImageField(
        source="image", read_only=True, help_text="Absolute address of the picture file; null if it has no file."
    )

    class Meta:
        model = ProductImage
        fields = ["url", "alt_text", "position"]


class ProductVariantSerializer(serializers.ModelSerializer):
    """Another product of the same variant group: a size, pack or cut a client may offer instead."""

    price = PriceField(read_only=True)
    in_stock = serializers.BooleanField(read_only=True, help_text="Whether at least one unit is on the shelf now.")
    url = AbsoluteUrlField(source="get_absolute_url", read_only=True, help_text="The product page on the shop's site.")

    class Meta:
        model = Product
        fields = ["slug", "name", "url", "price", "currency", "in_stock"]
        extra_kwargs = {"currency": {"required": True}}  # always present in an answer


class ProductSummarySerializer(serializers.ModelSerializer):
    """A product as listed: what a product card needs."""

    # The view gives each product `variant_offers` (`catalog.api.views.variants_attach`) before it is shown.

    category = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, help_text="Slug of the product's category (see /api/v1/categories/)."
    )
    brand = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, allow_null=True, help_text="Slug of the product's brand; null for none."
    )
    price = PriceField(read_only=True)
    in_stock = serializers.BooleanField(
        read_only=True, help_text="Whether at least one unit is on the shelf now (`stock_quantity` above 0)."
    )
    url = AbsoluteUrlField(source="get_absolute_url", read_only=True, help_text="The product page on the shop's site.")
    image = serializers.SerializerMethodField(
        help_text="Absolute address of the main picture (the one of lowest position); null when there is none."
    )
    family = serializers.SerializerMethodField(
        help_text="The product's variant group (sizes, packs or cuts of the same thing), or null when it has none."
    )
    variants = ProductVariantSerializer(
        many=True,
        read_only=True,
        source="variant_offers",
        help_text=(
            "The other products of the group a shopper can buy instead, cheapest first, as the product page "
            "offers them; empty when there are none."
        ),
    )

    class Meta:
        model = Product
        fields = [
            "slug",
            "name",
            "sku",
            "short_description",
            "category",
            "brand",
            "price",
            "currency",
            "in_stock",
            "stock_quantity",
            "url",
            "image",
            "family",
            "variants",
        ]
        extra_kwargs = {"stock_quantity": {"help_text": "Units on the shelf now; 0 means out of stock."}}

    def get_family(self, product) -> str | None:
        return product.family or None

    def get_image(self, product) -> str | None:
        image = product.main_image
        if image is None:
            return None
        request = self.context.get("request")
        return request.build_absolute_uri(image.image.url) if request else image.image.url


class ProductDetailSerializer(ProductSummarySerializer):
    """A product with its description and every image."""

    description_html = serializers.SerializerMethodField(
        help_text="`description` rendered from Markdown to sanitised HTML, ready to show."
    )
    images = ProductImageSerializer(
        many=True, read_only=True, help_text="Every picture of the product, the main one first; empty when none."
    )

    class Meta(ProductSummarySerializer.Meta):
        fields = [*ProductSummarySerializer.Meta.fields, "description", "description_html", "images", "updated_at"]
        extra_kwargs = {
            **ProductSummarySerializer.Meta.extra_kwargs,
            "updated_at": {"help_text": "When the product was last changed (ISO 8601 date and time)."},
        }

    def get_description_html(self, product) -> str:
        return markdown_render(product.description)


class BrandSlugField(serializers.SlugRelatedField):
    """A brand by slug, or null for none; DRF would read an empty string as null, which the schema does not allow."""

    default_error_messages = {"blank": "Enter a brand's slug, or null for no brand."}

    def run_validation(self, data=serializers.empty):
        if data == "":
            self.fail("blank")
        return super().run_validation(data)


class ProductWriteSerializer(JsonTypesMixin, serializers.ModelSerializer):
    """Create or update a product; the category and brand are given by slug.

    Stock is given only when creating; afterwards it moves through the stock endpoint.
    """

    category = serializers.SlugRelatedField(
        slug_field="slug", queryset=Category.objects.all(), help_text="Slug of an existing category."
    )
    brand = BrandSlugField(
        slug_field="slug",
        queryset=Brand.objects.all(),
        required=False,
        allow_null=True,
        help_text="Slug of an existing brand, or null for no brand.",
    )
    price = PriceField()
    stock_quantity = serializers.IntegerField(
        min_value=0,
        max_value=STOCK_MAX,
        required=False,
        help_text="Opening stock, on creation only; later changes go through POST /products/{slug}/stock/.",
    )

    class Meta:
        model = Product
        fields = [
            "slug",
            "name",
            "sku",
            "short_description",
            "description",
            "category",
            "brand",
            "price",
            "currency",
            "stock_quantity",
            "is_active",
            "is_featured",
        ]
        extra_kwargs = {
            "slug": {
                "validators": [
                    UniqueValidator(
                        Product.objects.all(),
                        lookup="iexact",
                        message="A product with this slug (ignoring case) already exists.",
                    )
                ]
            },
        }

    def validate_stock_quantity(self, value):
        if self.instance is not None:
            raise serializers.ValidationError("Stock changes through POST /api/v1/products/{slug}/stock/.")
        return value

    def create(self, validated_data):
        try:
            return services.product_create(data=validated_data)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.message_dict) from exc

    def update(self, instance, validated_data):
        try:
            services.product_update(product=instance, data=validated_data)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.message_dict) from exc
        return instance


class StockSerializer(JsonTypesMixin, serializers.Serializer):
    """Set the stock to a quantity, or adjust it by a signed amount; exactly one."""

    quantity = serializers.IntegerField(
        min_value=0,
        max_value=STOCK_MAX,
        required=False,
        help_text="The number of units now on the shelf; give this or `adjust`, not both.",
    )
    adjust = serializers.IntegerField(
        required=False,
        min_value=-1_000_000,
        max_value=1_000_000,
        help_text="Units to add, or (negative) take away; a 400 when the stock would drop below 0 or pass its "
        "maximum. Give this or `quantity`, not both.",
    )

    def validate(self, attrs):
        if ("quantity" in attrs) == ("adjust" in attrs):
            raise serializers.ValidationError({"non_field_errors": ["Give either quantity or adjust, not both."]})
        return attrs
