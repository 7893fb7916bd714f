"""factory_boy factories for Limber's models."""

from decimal import Decimal

import factory

from catalog.models import Brand, Category, Product, ProductImage


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Category {n}")
    slug = factory.Sequence(lambda n: f"category-{n}")


class BrandFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Brand
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Brand {n}")
    slug = factory.Sequence(lambda n: f"brand-{n}")


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Product

    category = factory.SubFactory(CategoryFactory)
    brand = factory.SubFactory(BrandFactory)
    name = factory.Sequence(lambda n: f"Product {n:03d}")
    slug = factory.Sequence(lambda n: f"product-{n:03d}")
    sku = factory.Sequence(lambda n: f"SKU-{n:05d}")
    short_description = "A tool for tight muscles."
    description = "Roll it slowly along the muscle."
    price = Decimal("19.99")
    stock_quantity = 10
    is_active = True


class ProductImageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProductImage

    product = factory.SubFactory(ProductFactory)
    image = factory.django.ImageField(width=40, height=40, color="teal", filename="picture.png")
    alt_text = "A product on a plain background"
    position = factory.Sequence(lambda n: n)


# --- Knowledge base -------------------------------------------------------------

from guides import models as rec  # noqa: E402


class BodyAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = rec.BodyArea
        django_get_or_create = ["slug"]

    name = factory.LazyAttribute(lambda o: o.slug.replace("-", " ").capitalize())
    slug = factory.Sequence(lambda n: f"area-{n}")


class ConditionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = rec.Condition
        django_get_or_create = ["slug"]
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Condition {n}")
    slug = factory.Sequence(lambda n: f"condition-{n}")
    summary = "An ache that comes and goes."
    prior = 0.1
    is_published = True

    @factory.post_generation
    def body_areas(self, create, extracted, **kwargs):
        if create and extracted:
            self.body_areas.set(extracted)


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = rec.Article

    condition = factory.SubFactory(ConditionFactory)
    title = factory.LazyAttribute(lambda o: o.condition.name)
    slug = factory.LazyAttribute(lambda o: o.condition.slug)
    overview = "What it is."
    causes = "What causes it."
    symptoms = "How it feels."
    immediate_relief = "What helps now."
    long_term_healing = "What helps it heal."
    when_to_see_doctor = "See a doctor if it swells."
    is_published = True


class SymptomFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = rec.Symptom
        django_get_or_create = ["slug"]

    name = factory.LazyAttribute(lambda o: o.slug.replace("-", " ").capitalize())
    slug = factory.Sequence(lambda n: f"symptom-{n}")


class ConditionSymptomFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = rec.ConditionSymptom

    condition = factory.SubFactory(ConditionFactory)
    symptom = factory.SubFactory(SymptomFactory)
    likelihood = 0.8


class ApproachFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = rec.TreatmentApproach
        django_get_or_create = ["slug"]

    name = factory.LazyAttribute(lambda o: o.slug.replace("-", " ").capitalize())
    slug = factory.Sequence(lambda n: f"approach-{n}")


class ConditionTreatmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = rec.ConditionTreatment

    condition = factory.SubFactory(ConditionFactory)
    approach = factory.SubFactory(ApproachFactory)
    phase = rec.Phase.LONG_TERM
    weight = 0.8
    rationale = "It helps."


class ProductApproachFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = rec.ProductApproach

    product = factory.SubFactory(ProductFactory)
    approach = factory.SubFactory(ApproachFactory)
    strength = 1.0


class CuratedProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = rec.CuratedProduct

    condition = factory.SubFactory(ConditionFactory)
    product = factory.SubFactory(ProductFactory)
    action = rec.CurationAction.PIN


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = rec.Question

    slug = factory.Sequence(lambda n: f"question-{n}")
    text = factory.Sequence(lambda n: f"Question {n}?")


class AnswerOptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = rec.AnswerOption

    question = factory.SubFactory(QuestionFactory)
    slug = factory.Sequence(lambda n: f"option-{n}")
    label = factory.Sequence(lambda n: f"Option {n}")
