"""Serializer fields shared by the apps' APIs."""

from rest_framework import serializers


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
