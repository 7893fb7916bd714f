"""The shop's staff roles as groups, each with the permissions its people need and no more.

Permissions are named by codename. Django creates them after `migrate` (in
`post_migrate`), too late for a migration, so this one first creates every
app's permissions the documented way (`create_permissions` on each app). A data
migration rather than a `post_migrate` receiver: it runs once, in order, on
the models as they stood, inside migrate's transaction, and leaves alone the
groups a superuser later adjusts by hand; a receiver would quietly undo such
changes on every `migrate`. Running it again sets each role to exactly this
list. docs/staff-roles.md explains the roles.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

VIEW, EDIT, ALL = ("view",), ("view", "add", "change"), ("view", "add", "change", "delete")


def _model_perms(app_label: str, models: dict[str, tuple[str, ...]]) -> list[tuple[str, str]]:
    return [(app_label, f"{action}_{model}") for model, actions in models.items() for action in actions]


CATALOGUE = _model_perms("catalog", {"product": ALL, "category": ALL, "brand": ALL, "productimage": ALL})
KNOWLEDGE_OBJECTS = {
    "condition": EDIT,
    "article": EDIT,
    "symptom": EDIT,
    "treatmentapproach": EDIT,
    "question": EDIT,
}
# Inline rows: removing one is part of a drafted edit of its condition, question or product.
KNOWLEDGE_ROWS = {
    "answeroption": ALL,
    "conditionsymptom": ALL,
    "conditiontreatment": ALL,
    "curatedproduct": ALL,
    "productapproach": ALL,
    "productbodyarea": ALL,
    "productfit": ALL,
}
KNOWLEDGE_EDIT = _model_perms("guides", {**KNOWLEDGE_OBJECTS, **KNOWLEDGE_ROWS})
# Deleting a condition, guide or question goes live at once: only those who may publish do it.
KNOWLEDGE_DELETE = _model_perms("guides", {model: ("delete",) for model in KNOWLEDGE_OBJECTS})
KNOWLEDGE_VIEW = _model_perms("guides", {model: VIEW for model in {**KNOWLEDGE_OBJECTS, **KNOWLEDGE_ROWS}})
# Body areas are not drafted: their names go live at once, so only those who may publish edit them.
BODY_AREAS_EDIT, BODY_AREAS_VIEW = _model_perms("guides", {"bodyarea": EDIT}), [("guides", "view_bodyarea")]
# The red-flag rules are read in the admin; they change through the knowledge files and a clinical review.
RED_FLAG_RULES = [("guides", "view_redflagrule")]
DRAFTS = _model_perms("guides", {"draftchange": ("view", "delete"), "publication": VIEW})
PUBLISH = [("guides", "add_publication")]
PUBLISH_SAFETY = [("guides", "publish_safety_advice")]
ORDERS_HANDLING = _model_perms(
    "orders",
    {
        "order": ("view", "change"),
        "orderline": VIEW,
        "paymentevent": VIEW,
        "shippingmethod": VIEW,
        "outboxmessage": VIEW,
    },
)
SALES_REPORTS = [("orders", "view_sales_dashboard"), ("orders", "view_funnel")]
SHOPPER_REPORTS = _model_perms(
    "analytics",
    {
        "assessment": VIEW,
        "productstats": VIEW,
        "conditionstats": VIEW,
        "productfeedback": VIEW,
        "producthelpfulness": VIEW,
    },
)
COVERAGE = [("recommendations", "view_coverage_report")]
ENGINE_TOOLS = [("recommendations", "use_try_engine"), ("recommendations", "view_indexsnapshot")]
API_TOKENS = _model_perms("knox", {"authtoken": ("view", "add", "delete")})

ROLES = {
    "Shop manager": [
        *CATALOGUE,
        *KNOWLEDGE_EDIT,
        *KNOWLEDGE_DELETE,
        *BODY_AREAS_EDIT,
        *RED_FLAG_RULES,
        *DRAFTS,
        *PUBLISH,
        *_model_perms(
            "orders", {"order": ("view", "change"), "orderline": VIEW, "paymentevent": VIEW, "outboxmessage": VIEW}
        ),
        *_model_perms("orders", {"shippingmethod": ALL}),
        *SALES_REPORTS,
        *SHOPPER_REPORTS,
        *COVERAGE,
        *ENGINE_TOOLS,
        ("recommendations", "rebuild_index"),
        *_model_perms("auth", {"user": ("view", "add", "change"), "group": VIEW}),
        *_model_perms("axes", {"accessattempt": ("view", "delete"), "accesslog": VIEW, "accessfailurelog": VIEW}),
        *_model_perms("shop", {"enqueuefailure": VIEW, "workerheartbeat": VIEW}),
        *API_TOKENS,
    ],
    "Catalogue editor": [
        *CATALOGUE,
        *_model_perms("guides", {"productapproach": ALL, "productbodyarea": ALL, "productfit": ALL}),
        *KNOWLEDGE_VIEW,
        *BODY_AREAS_VIEW,
        *RED_FLAG_RULES,
        ("guides", "view_draftchange"),
        *API_TOKENS,
    ],
    "Content editor": [
        ("catalog", "view_product"),
        *KNOWLEDGE_EDIT,
        *BODY_AREAS_VIEW,
        *RED_FLAG_RULES,
        *DRAFTS,
        ("recommendations", "use_try_engine"),
        *COVERAGE,
    ],
    "Clinical reviewer": [
        ("catalog", "view_product"),
        *KNOWLEDGE_EDIT,
        *KNOWLEDGE_DELETE,
        *BODY_AREAS_EDIT,
        *RED_FLAG_RULES,
        *DRAFTS,
        *PUBLISH,
        *PUBLISH_SAFETY,
        *ENGINE_TOOLS,
        *COVERAGE,
        ("analytics", "view_assessment"),
    ],
    "Order handler": [("catalog", "view_product"), *ORDERS_HANDLING],
    "Analyst": [*SALES_REPORTS, *SHOPPER_REPORTS, *COVERAGE],
}


def roles_create(apps, schema_editor):
    """Create or update each role's group with exactly its permissions."""
    for app_config in apps.get_app_configs():
        # A migration's app configs have no models module, and create_permissions skips those.
        models_module = getattr(app_config, "models_module", None)
        app_config.models_module = models_module or True
        try:
            create_permissions(app_config, apps=apps, verbosity=0)
        finally:
            app_config.models_module = models_module
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, wanted in ROLES.items():
        permissions = []
        for app_label, codename in wanted:
            permissions.append(Permission.objects.get(content_type__app_label=app_label, codename=codename))
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.set(permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("shop", "0001_queue_health"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("catalog", "0007_image_renditions"),
        ("guides", "0009_red_flag_rules"),
        ("analytics", "0006_shopper_event_key"),
        ("recommendations", "0003_report_permissions"),
        ("orders", "0006_report_permissions"),
        ("knox", "0009_extend_authtoken_field"),
        ("axes", "0010_accessattemptexpiration"),
    ]

    # Reversing keeps the groups: removing them would silently take every staff member's role away.
    operations = [migrations.RunPython(roles_create, migrations.RunPython.noop)]
