from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save


class RecommendationsConfig(AppConfig):
    """The symptom check, the recommendation engine and its compiled index."""

    name = "recommendations"
    verbose_name = "Recommendations"

    def ready(self):
        from analytics.signals import statistics_aggregated
        from catalog.models import Product, ProductImage
        from catalog.signals import products_changed
        from guides import models
        from recommendations import receivers

        watched = [
            Product,
            ProductImage,
            models.BodyArea,
            models.Condition,
            models.Article,
            models.Symptom,
            models.ConditionSymptom,
            models.TreatmentApproach,
            models.ConditionTreatment,
            models.ProductApproach,
            models.ProductBodyArea,
            models.ProductFit,
            models.CuratedProduct,
            models.Question,
            models.AnswerOption,
            models.RedFlagRule,
        ]
        for model in watched:
            uid = f"recommendations-index-{model._meta.label_lower}"
            post_save.connect(receivers.knowledge_changed, sender=model, dispatch_uid=f"{uid}-save")
            post_delete.connect(receivers.knowledge_changed, sender=model, dispatch_uid=f"{uid}-delete")
        for through in [
            models.Condition.body_areas.through,
            models.Question.body_areas.through,
            models.AnswerOption.symptoms_present.through,
            models.AnswerOption.symptoms_absent.through,
            models.RedFlagRule.regions.through,
        ]:
            m2m_changed.connect(
                receivers.knowledge_links_changed, sender=through, dispatch_uid=f"recommendations-index-{through}"
            )
        products_changed.connect(receivers.products_changed, dispatch_uid="recommendations-index-products")
        statistics_aggregated.connect(receivers.statistics_aggregated, dispatch_uid="recommendations-index-stats")
