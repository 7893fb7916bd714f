"""Database constraints every app's models share."""

from django.db import models
from django.db.models.functions import Lower


def slug_unique_ignoring_case(model_name: str, *, within: tuple[str, ...] = ()) -> models.UniqueConstraint:
    """Refuse a slug that differs from an existing one (within the given fields) only by case."""
    return models.UniqueConstraint(
        *within,
        Lower("slug"),
        name=f"{model_name}_slug_ci_unique",
        violation_error_message=f"A {model_name.replace('_', ' ')} with this slug (ignoring case) already exists.",
    )
