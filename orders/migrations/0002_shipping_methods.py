from decimal import Decimal

from django.conf import settings
from django.db import migrations

METHODS = [
    ("standard", "Standard (3–5 working days)", "Tracked parcel.", Decimal("4.95"), 0),
    ("express", "Express (next working day)", "Order by 2 pm.", Decimal("12.95"), 1),
]


def add_methods(apps, schema_editor):
    ShippingMethod = apps.get_model("orders", "ShippingMethod")
    for code, name, description, price, position in METHODS:
        ShippingMethod.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "description": description,
                "price": price,
                "position": position,
                "currency": settings.LIMBER_CURRENCY,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("orders", "0001_initial")]

    operations = [migrations.RunPython(add_methods, migrations.RunPython.noop)]
