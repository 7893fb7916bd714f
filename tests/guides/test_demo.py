import pytest
from django.core.management import call_command

from catalog.models import Product
from guides.models import Article, Condition, ProductApproach, Question

pytestmark = pytest.mark.django_db


def test_demo_loader_is_idempotent_and_complete(capsys):
    def counts():
        return [model.objects.count() for model in (Product, Condition, ProductApproach, Question)]

    call_command("load_demo", "--no-images")
    first = counts()
    call_command("load_demo", "--no-images")
    second = counts()

    assert first == second
    assert Product.objects.count() >= 40
    assert Product.objects.values("category").distinct().count() >= 6
    assert Product.objects.filter(stock_quantity=0, is_active=True).exists()
    assert Product.objects.filter(is_active=False).exists()
    assert Condition.objects.published().count() >= 10
    assert Article.objects.published().count() >= 10
    products_without_uses = Product.objects.filter(approach_links__isnull=True, is_active=True)
    assert not products_without_uses.exists()


def test_every_demo_guide_has_every_section_and_says_when_to_see_a_doctor(demo):
    for article in Article.objects.all():
        for name, _label in Article.SECTIONS:
            assert len(getattr(article, name)) > 80, (article.slug, name)
        assert "doctor" in article.when_to_see_doctor.lower()
        article.full_clean()  # every product mention resolves


def test_no_demo_text_claims_a_cure(demo):
    texts = [getattr(article, name) for article in Article.objects.all() for name, _ in Article.SECTIONS]
    texts += list(Product.objects.values_list("description", flat=True))

    assert not [text for text in texts if " cure" in text.lower() and "not cure" not in text.lower()]


def test_demo_staff_login_is_refused_outside_debug(settings):
    from django.core.management.base import CommandError

    settings.DEBUG = False

    with pytest.raises(CommandError, match="refused unless DJANGO_DEBUG=true"):
        call_command("load_demo", "--no-images", "--demo-staff")
