"""Custom admin screens name the permission they need: staff without it get a 403, and see no link to it."""

from functools import wraps

from django.core.exceptions import PermissionDenied


def admin_view_with_permission(admin_site, view, permission: str):
    """Return `view` behind the admin's staff login, refused with 403 to staff without `permission`."""

    @wraps(view)
    def checked(request, *args, **kwargs):
        if not request.user.has_perm(permission):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return admin_site.admin_view(checked)
