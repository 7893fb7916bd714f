from django.apps import AppConfig


class RecommendationsConfig(AppConfig):
    """Conditions, guides, the symptom check and the recommendation engine."""

    name = "recommendations"
    verbose_name = "Guides and recommendations"
