"""Load Limber's demo catalogue and knowledge base; safe to run again."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

from catalog.demo import catalog_demo_load
from guides.knowledge import knowledge_load

DEMO_STAFF_USERNAME = "staff"
DEMO_STAFF_PASSWORD = "limber-demo"  # noqa: S105 - a published demo login, refused outside debug
DEMO_STAFF_ROLE = "Shop manager"  # a role from shop/migrations/0002_staff_roles.py, not a superuser


class Command(BaseCommand):
    help = "Create or update the demo catalogue, condition guides and symptom check. Idempotent."

    def add_arguments(self, parser):
        parser.add_argument("--no-images", action="store_true", help="Skip generating product pictures.")
        parser.add_argument(
            "--demo-staff",
            action="store_true",
            help=f"Also create the admin login {DEMO_STAFF_USERNAME} / {DEMO_STAFF_PASSWORD} (debug only).",
        )

    def handle(self, *args, no_images=False, demo_staff=False, **options):
        if demo_staff and not settings.DEBUG:
            raise CommandError("--demo-staff creates a published password and is refused unless DJANGO_DEBUG=true.")
        counts = catalog_demo_load(with_images=not no_images) | knowledge_load()
        summary = ", ".join(f"{count} {name}" for name, count in counts.items())
        self.stdout.write(self.style.SUCCESS(f"Demo data loaded: {summary}."))
        if demo_staff:
            user, created = get_user_model().objects.get_or_create(username=DEMO_STAFF_USERNAME)
            if created:
                user.set_password(DEMO_STAFF_PASSWORD)
            user.is_staff, user.is_superuser = True, False
            user.save()
            role = Group.objects.filter(name=DEMO_STAFF_ROLE).first()
            if role is None:
                raise CommandError(f"The “{DEMO_STAFF_ROLE}” role is missing: run `manage.py migrate` first.")
            user.groups.add(role)
            admin_url = f"{settings.LIMBER_SITE_URL.rstrip('/')}/admin/"
            self.stdout.write(
                f"Staff admin: {admin_url} as {DEMO_STAFF_USERNAME} / {DEMO_STAFF_PASSWORD} "
                f"({DEMO_STAFF_ROLE.lower()}; docs/staff-roles.md lists the roles)"
            )
