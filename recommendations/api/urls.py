from django.urls import path
from rest_framework.routers import DefaultRouter

from recommendations.api.products import ProductWithUsesViewSet
from recommendations.api.views import (
    ArticleViewSet,
    ConditionViewSet,
    EventView,
    QuestionnaireView,
    RecommendationView,
)

router = DefaultRouter(trailing_slash=True)
# Registered here, ahead of the catalogue's own route, to add filters by use and related products.
router.register("products", ProductWithUsesViewSet, basename="product")
router.register("conditions", ConditionViewSet, basename="condition")
router.register("articles", ArticleViewSet, basename="article")

urlpatterns = [
    path("questionnaire/", QuestionnaireView.as_view(), name="questionnaire"),
    path("recommendations/", RecommendationView.as_view(), name="recommendations"),
    path("events/", EventView.as_view(), name="events"),
    *router.urls,
]
