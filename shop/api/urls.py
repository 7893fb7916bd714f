"""Every route of API v1 in one place; each view belongs to the app whose domain it serves."""

from django.urls import path
from rest_framework.routers import DefaultRouter

from analytics.api import EventView
from catalog.api.views import CategoryViewSet
from guides.api.views import ArticleViewSet, ConditionViewSet
from orders.api.quotes import OrderQuoteApi, ShippingMethodListApi
from orders.api.views import OrderCreateApi, OrderDetailApi
from recommendations.api.products import ProductWithUsesViewSet
from recommendations.api.views import ArticleRecommendationsView, QuestionnaireView, RecommendationView

router = DefaultRouter(trailing_slash=True)
# The catalogue's product API, extended with filters by use and related products.
router.register("products", ProductWithUsesViewSet, basename="product")
router.register("categories", CategoryViewSet, basename="category")
router.register("conditions", ConditionViewSet, basename="condition")
router.register("articles", ArticleViewSet, basename="article")

urlpatterns = [
    # The busiest route first: resolving walks the list in order.
    path("recommendations/", RecommendationView.as_view(), name="recommendations"),
    path("articles/<slug:slug>/recommendations/", ArticleRecommendationsView.as_view(), name="article-recommendations"),
    path("questionnaire/", QuestionnaireView.as_view(), name="questionnaire"),
    path("events/", EventView.as_view(), name="events"),
    path("orders/", OrderCreateApi.as_view(), name="order-create"),
    path("orders/quote/", OrderQuoteApi.as_view(), name="order-quote"),
    path("shipping-methods/", ShippingMethodListApi.as_view(), name="shipping-methods"),
    path("orders/<str:number>/", OrderDetailApi.as_view(), name="order-detail"),
    *router.urls,
]
