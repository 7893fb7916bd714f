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
