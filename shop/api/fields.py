"""Serializer fields shared by the apps' APIs."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers


@extend_schema_field({"type": "string", "format": "uri"})
class AbsoluteUrlField(serializers.CharField):
    """A site path made absolute when a request is in context."""

    def to_representation(self, value):
        request = self.context.get("request")
        return request.build_absolute_uri(value) if request and value else value


class StrictCharField(serializers.CharField):
    """Text that must arrive as a JSON string: DRF's CharField would take the number 0 as "0"."""

    default_error_messages = {"not_a_string": "Enter text (a JSON string)."}

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("not_a_string")
        return super().to_internal_value(data)


class StrictIntegerField(serializers.IntegerField):
    """A count that must arrive as a JSON integer: DRF's IntegerField would take "٣" or "2.0" as a number."""

    default_error_messages = {"not_an_integer": "Enter a whole number (a JSON integer)."}

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("not_an_integer")
        return super().to_internal_value(data)


# What each kind of field takes, as the schema documents it: DRF would also take 1 for true, 0 for "0"
# and "6" for 6. Checked from the most specific class; a field of no kind here takes what DRF takes.
JSON_TYPES = [
    (serializers.BooleanField, (bool,), "Enter true or false (a JSON boolean)."),
    (serializers.IntegerField, (int,), "Enter a whole number (a JSON integer)."),
    (serializers.FloatField, (int, float), "Enter a number (a JSON number)."),
    (serializers.DecimalField, (str,), 'Enter the amount as text, e.g. "24.99".'),
    (serializers.UUIDField, (str,), "Enter the id as text (a JSON string)."),
    (serializers.CharField, (str,), "Enter text (a JSON string)."),
    (serializers.ChoiceField, (str,), "Enter one of the choices as text (a JSON string)."),
    (serializers.SlugRelatedField, (str,), "Enter a slug (a JSON string)."),
]


def json_type_problem(field: serializers.Field, value) -> str | None:
    """Say why a value's JSON type is not the one the field documents; None when it is."""
    if value is None:
        return None  # the field's own null check answers
    for kind, types, message in JSON_TYPES:
        if isinstance(field, kind):
            wrong = not isinstance(value, types) or (bool not in types and isinstance(value, bool))
            return message if wrong else None
    return None


class JsonTypesMixin:
    """Refuse, field by field, a value of another JSON type than the schema documents, before DRF converts it."""

    def to_internal_value(self, data):
        if isinstance(data, dict):
            errors = {
                name: [problem]
                for name, field in self.fields.items()
                if name in data and not field.read_only and (problem := json_type_problem(field, data[name]))
            }
            if errors:
                raise serializers.ValidationError(errors)
        return super().to_internal_value(data)
