from __future__ import annotations

from django.utils.functional import SimpleLazyObject

from workspace.selectors import roles_of


def roles(request):
    """``workspace_roles`` for the menu; evaluated only when a template reads it, cached per user."""
    user = getattr(request, "user", None)
    return {"workspace_roles": SimpleLazyObject(lambda: roles_of(user))}
