from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class ShopConfig(AppConfig):
    """Site-wide templates, static files, markup, checks and the demo loader."""

    name = "shop"
    verbose_name = "Limber"
    default = True  # this module also configures knox (below)

    def ready(self):
        from shop import checks  # noqa: F401 - registers the system checks


class ApiTokensConfig(AppConfig):
    """django-rest-knox's tokens, under a heading staff recognise."""

    name = "knox"
    verbose_name = "API tokens"
    default = False
    default_auto_field = "django.db.models.AutoField"


class LimberAdminConfig(admin_apps.AdminConfig):
    """Django's admin, with Limber's staff site (shop/admin_site.py) as the default site."""

    default = False  # named in INSTALLED_APPS; the shop app's own config stays its default

    default_site = "shop.admin_site.LimberAdminSite"
