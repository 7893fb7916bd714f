"""Who may call Limber's API: anyone reads, staff or token holders write."""

from rest_framework import permissions


class IsStaffOrReadOnly(permissions.BasePermission):
    """Let anyone read; let staff, or a user holding an API token, write."""

    message = "Writing needs a staff account or an API token."

    def has_permission(self, request, view):
        if request.method in permissions.SAFE_METHODS:
            return True
        user = request.user
        return bool(user and user.is_authenticated and (user.is_staff or request.auth))
