"""The API's authentication classes (a module of their own: DRF imports them while it is being imported)."""

from __future__ import annotations

from drf_spectacular import authentication as spectacular_auth
from rest_framework import authentication

from core.audit import set_request_actor


class _AuditActorMixin:
    """The authenticated user becomes the actor of the request's audit entries."""

    def authenticate(self, request):
        result = super().authenticate(request)  # type: ignore[misc]
        if result is not None:
            set_request_actor(result[0])
        return result


class TokenAuthentication(_AuditActorMixin, authentication.TokenAuthentication):
    pass


class SessionAuthentication(_AuditActorMixin, authentication.SessionAuthentication):
    pass


# The OpenAPI schema describes these like DRF's own classes (drf-spectacular finds extensions by class).
class SessionScheme(spectacular_auth.SessionScheme):
    target_class = "core.authentication.SessionAuthentication"


class TokenScheme(spectacular_auth.TokenScheme):
    target_class = "core.authentication.TokenAuthentication"
