"""Serializer fields shared by the apps' APIs."""

from rest_framework import serializers


class AbsoluteUrlField(serializers.CharField):
    """A site path made absolute when a request is in context."""

    def to_representation(self, value):
        request = self.context.get("request")
        return request.build_absolute_uri(value) if request and value else value
