"""Who may call Limber's API: anyone reads; staff holding the model permission write.

A token or session only widens what a client may do when its user is staff:
a shopper's or partner's token is worth what an anonymous client is worth.
"""

from rest_framework import permissions


class StaffModelPermissions(permissions.DjangoModelPermissions):
    """Let anyone read; let staff write when they hold the Django permission for the write."""

    message = "Writing needs a staff account with permission to change this data."

    perms_map = {
        **permissions.DjangoModelPermissions.perms_map,
        "GET": [],
        "OPTIONS": [],
        "HEAD": [],
    }

    def has_permission(self, request, view):
        if request.method in permissions.SAFE_METHODS:
            return True
        user = request.user
        if not (user and user.is_authenticated and user.is_staff and user.is_active):
            return False
        if getattr(view, "_ignore_model_permissions", False) or not _has_queryset(view):
            # A write with no model behind it is refused unless the view opts in with its own permission class.
            return False
        return super().has_permission(request, view)


class StaffModelChangePermissions(StaffModelPermissions):
    """Like StaffModelPermissions, but a POST changes an existing row (an action such as a stock move)."""

    perms_map = {
        **StaffModelPermissions.perms_map,
        "POST": ["%(app_label)s.change_%(model_name)s"],
    }


def _has_queryset(view) -> bool:
    return getattr(view, "queryset", None) is not None or hasattr(view, "get_queryset")
