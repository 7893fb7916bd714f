"""Limber's URLs: pages, admin, the versioned API and its schema."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.static import serve
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

from recommendations.views import product_detail_view
from shop import views

admin.site.site_header = "Limber staff"
admin.site.site_title = "Limber staff"
admin.site.index_title = "Shop, guides and recommendations"

api_v1 = [
    # recommendations first: its product routes extend the catalogue's.
    path("", include("recommendations.api.urls")),
    path("", include("catalog.api.urls")),
]

urlpatterns = [
    path("", views.home_view, name="home"),
    path("healthz", views.health_view, name="health"),
    path("healthz/live", views.liveness_view, name="liveness"),
    # The product page is the catalogue's, plus what the product helps with;
    # the project composes it here because catalog must not import recommendations.
    path("products/<slug:slug>/", product_detail_view, name="product-detail"),
    path("", include("catalog.urls")),
    path("", include("recommendations.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="swagger-ui"),
    path("api/redoc/", SpectacularRedocView.as_view(url_name="schema"), name="redoc"),
]

handler400 = "shop.views.bad_request_view"
handler403 = "shop.views.permission_denied_view"
handler404 = "shop.views.page_not_found_view"
handler500 = "shop.views.server_error_view"

if settings.SERVE_MEDIA:
    urlpatterns += [
        re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}),
    ]
