"""Settings of the REST API and its schema; imported by `shop.settings`, read from the same environment."""

from datetime import timedelta

import environ

env = environ.Env()
DEBUG = env.bool("DJANGO_DEBUG", default=False)

__all__ = [
    "LIMBER_API_MAX_BODY_BYTES",
    "LIMBER_API_MAX_JSON_DEPTH",
    "LIMBER_API_TOKEN_DAYS",
    "LIMBER_NUM_PROXIES",
    "REST_FRAMEWORK",
    "REST_KNOX",
    "SPECTACULAR_SETTINGS",
]

# --- REST API -------------------------------------------------------------------

# Proxies that append to X-Forwarded-For; 0 ignores it (shop/client_address.py: the one rule).
LIMBER_NUM_PROXIES = env.int("DJANGO_NUM_PROXIES", default=0)
# The largest API request body, and how deeply its JSON may nest (shop/api/parsers.py).
LIMBER_API_MAX_BODY_BYTES = env.int("LIMBER_API_MAX_BODY_BYTES", default=256 * 1024)
LIMBER_API_MAX_JSON_DEPTH = env.int("LIMBER_API_MAX_JSON_DEPTH", default=16)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first, so an unauthenticated write is a 401 naming the scheme rather than a bare 403.
        "shop.api.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["shop.api.permissions.StaffModelPermissions"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"]
    + (["rest_framework.renderers.BrowsableAPIRenderer"] if DEBUG else []),
    "DEFAULT_PARSER_CLASSES": ["shop.api.parsers.BoundedJSONParser"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "shop.api.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_THROTTLE_CLASSES": [
        "shop.api.throttling.AnonThrottle",
        "shop.api.throttling.UserThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env.str("API_THROTTLE_ANON", default="120/minute"),
        "user": env.str("API_THROTTLE_USER", default="600/minute"),
        "events": env.str("API_THROTTLE_EVENTS", default="60/minute"),
    },
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "shop.api.exceptions.exception_handler",
    "NUM_PROXIES": LIMBER_NUM_PROXIES,  # unused: throttles ask shop.client_address
}

# API tokens (django-rest-knox): only a hash is stored; a token works until it expires or is revoked.
LIMBER_API_TOKEN_DAYS = env.int("LIMBER_API_TOKEN_DAYS", default=90)
REST_KNOX = {
    "TOKEN_TTL": timedelta(days=LIMBER_API_TOKEN_DAYS),
    "AUTH_HEADER_PREFIX": "Token",  # clients keep sending `Authorization: Token <key>`
    "TOKEN_LIMIT_PER_USER": None,
    "AUTO_REFRESH": False,
    "USER_SERIALIZER": None,
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Limber API",
    "DESCRIPTION": (
        "Catalogue, condition guides and symptom-aware recommendations of the "
        "Limber store. Slugs are the public identifiers. Not medical advice."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "SCHEMA_PATH_PREFIX": r"/api/v[0-9]+",
    "COMPONENT_SPLIT_REQUEST": True,
    # Enum names a generated client reads well ("TriageLevel", not "LevelEnum"; "OrderStatus", not "StatusEnum").
    # The payment method's stays "PaymentMethodEnum": its choices are the providers enabled, read per request.
    "ENUM_NAME_OVERRIDES": {
        "OrderStatus": "orders.models.OrderStatus",
        "LineSource": "orders.models.Source",
        "TreatmentPhase": "guides.models.conditions.Phase",
        "EventKind": "analytics.api.API_EVENT_KINDS",
        "TriageLevel": "guides.vocabulary.TRIAGE_ORDER",
        "RecommendationMatch": "recommendations.api.serializers.MATCH_CHOICES",
        "EvidenceEffect": "recommendations.api.serializers.EVIDENCE_EFFECTS",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "shop.api.schema.error_responses_hook",
    ],
}
