"""Limber's URLs: pages, admin, the versioned API and its schema.

Two pages draw on several apps and are named here, without a namespace: the
product page and a guide's page show the catalogue and knowledge base together
with recommendations, so the recommendations app composes them, and the
catalogue and knowledge base link to them by name without importing it.
"""

from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.decorators.cache import cache_control
from django.views.static import serve
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from recommendations.catalogue import product_list_view
from recommendations.views import guide_detail_view, product_detail_view
from shop import views

admin.site.site_header = "Limber staff"
admin.site.site_title = "Limber staff"
admin.site.index_title = "Shop, guides and recommendations"

urlpatterns = [
    # The API first: resolving walks the list in order, and its busiest route is a POST every symptom check sends.
    path("api/v1/", include("shop.api.urls")),
    path("", views.home_view, name="home"),
    path("healthz", views.health_view, name="health"),
    path("healthz/live", views.liveness_view, name="liveness"),
    path("healthz/queue", views.queue_health_view, name="queue-health"),
    path("products/<slug:slug>/", product_detail_view, name="product-page"),
    path("guides/<slug:slug>/", guide_detail_view, name="guide-page"),
    # The catalogue page searches conditions and filters by use, so recommendations composes it.
    path("", include(([path("products/", product_list_view, name="product-list")], "catalog"))),
    path("favicon.ico", views.favicon_view, name="favicon"),
    path("robots.txt", views.robots_view, name="robots"),
    path("", include("guides.urls")),
    path("", include("recommendations.urls")),
    path("", include("orders.urls")),
    path("admin/", admin.site.urls),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    # Swagger UI sets inline styles as it renders; its scripts are files served from Limber. (Redoc is not
    # offered: it loads its logo from elsewhere, which the policy refuses.)
    path(
        "api/docs/",
        csp_update({"style-src": [UNSAFE_INLINE]})(SpectacularSwaggerSplitView.as_view(url_name="schema")),
        name="swagger-ui",
    ),
]

handler400 = "shop.views.bad_request_view"
handler403 = "shop.views.permission_denied_view"
handler404 = "shop.views.page_not_found_view"
handler500 = "shop.views.server_error_view"

if settings.SERVE_MEDIA:
    urlpatterns += [
        # Uploaded names are never reused (storage adds a suffix), so browsers may keep them a day.
        re_path(
            r"^media/(?P<path>.*)$",
            cache_control(public=True, max_age=86400)(serve),
            {"document_root": settings.MEDIA_ROOT},
        ),
    ]
