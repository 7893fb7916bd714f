from django.apps import AppConfig


class GuidesConfig(AppConfig):
    """The knowledge base: body areas, conditions and guides, the questionnaire, what products are for."""

    name = "guides"
    verbose_name = "Knowledge base"

    def ready(self):
        from guides.history import history_register

        history_register()
