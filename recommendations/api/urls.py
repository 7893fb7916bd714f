from django.urls import path
from rest_framework.routers import DefaultRouter

from recommendations.api.views import ArticleViewSet, ConditionViewSet, QuestionnaireView, RecommendationView

router = DefaultRouter(trailing_slash=True)
router.register("conditions", ConditionViewSet, basename="condition")
router.register("articles", ArticleViewSet, basename="article")

urlpatterns = [
    path("questionnaire/", QuestionnaireView.as_view(), name="questionnaire"),
    path("recommendations/", RecommendationView.as_view(), name="recommendations"),
    *router.urls,
]
