"""The API's authentication classes (a module of their own: DRF imports them while it is being imported)."""

from __future__ import annotations

from rest_framework import authentication

from core.audit import set_request_actor


class TokenAuthentication(authentication.TokenAuthentication):
    """DRF's token authentication; the token's user becomes the actor of the request's audit entries."""

    def authenticate(self, request):
        result = super().authenticate(request)
        if result is not None:
            set_request_actor(result[0])
        return result


class SessionAuthentication(authentication.SessionAuthentication):
    def authenticate(self, request):
        result = super().authenticate(request)
        if result is not None:
            set_request_actor(result[0])
        return result
