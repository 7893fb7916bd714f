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
        super().__init__(max_digits=10, decimal_places=2, min_value=Decimal("0"), max_value=PRICE_MAX, **kwargs)


class CategorySerializer(serializers.ModelSerializer):
    """A category with its parent's slug."""

    parent = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)

    class Meta:
        model = Category
        fields = ["slug", "name", "parent", "description"]


class ProductImageSerializer(serializers.ModelSerializer):
    """A product picture with its alt text."""

    url = serializers.ImageField(source="image", read_only=True)

    class Meta:
        model = ProductImage
        fields = ["url", "alt_text", "position"]


class ProductVariantSerializer(serializers.ModelSerializer):
    """Another product of the same variant group: a size, pack or cut a client may offer instead."""

    price = PriceField(read_only=True)
    in_stock = serializers.BooleanField(read_only=True)
    url = AbsoluteUrlField(source="get_absolute_url", read_only=True, help_text="The product page on the shop's site.")

    class Meta:
        model = Product
        fields = ["slug", "name", "url", "price", "currency", "in_stock"]
        extra_kwargs = {"currency": {"required": True}}  # always present in an answer


class ProductListSerializer(serializers.ModelSerializer):
    """What a product card needs.

    The view gives each product `variant_offers` (`catalog.api.views.variants_attach`) before it is shown.
    """

    category = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    brand = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    price = PriceField(read_only=True)
    in_stock = serializers.BooleanField(read_only=True)
    url = AbsoluteUrlField(source="get_absolute_url", read_only=True, help_text="The product page on the shop's site.")
    image = serializers.SerializerMethodField()
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

    def get_family(self, product) -> str | None:
        return product.family or None

    def get_image(self, product) -> str | None:
        image = product.main_image
        if image is None:
            return None
        request = self.context.get("request")
        return request.build_absolute_uri(image.image.url) if request else image.image.url


class ProductDetailSerializer(ProductListSerializer):
    """A product with its description and every image."""

    description_html = serializers.SerializerMethodField()
    images = ProductImageSerializer(many=True, read_only=True)

    class Meta(ProductListSerializer.Meta):
        fields = [*ProductListSerializer.Meta.fields, "description", "description_html", "images", "updated_at"]

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

    category = serializers.SlugRelatedField(slug_field="slug", queryset=Category.objects.all())
    brand = BrandSlugField(slug_field="slug", queryset=Brand.objects.all(), required=False, allow_null=True)
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

    quantity = serializers.IntegerField(min_value=0, max_value=STOCK_MAX, required=False)
    adjust = serializers.IntegerField(required=False, min_value=-1_000_000, max_value=1_000_000)

    def validate(self, attrs):
        if ("quantity" in attrs) == ("adjust" in attrs):
            raise serializers.ValidationError({"non_field_errors": ["Give either quantity or adjust, not both."]})
        return attrs
