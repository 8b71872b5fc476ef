"""The audit trail (django-auditlog) for every app: one way to register a model, and the acting user of every
request — page (session) and API (session or token) alike.

- ``register(model, exclude=..., mask=...)``: every concrete field is logged except noise (``updated_at``,
  search text) and ``exclude``; ``mask`` fields (personal contact data) are logged masked. Each app registers its
  models in its ``AppConfig.ready``.
- ``AuditMiddleware``: auditlog's middleware with the client address from ``core.security.client_ip`` (a
  client cannot write a forged X-Forwarded-For into the trail).
- ``set_request_actor(user)``: called by the API's authentication classes once DRF knows the user, so a write
  made with an API token is attributed to the token's user, not to "system".
"""

from __future__ import annotations

from auditlog.context import auditlog_value
from auditlog.middleware import AuditlogMiddleware
from auditlog.registry import auditlog

from core.security import client_ip

NOISE = ("updated_at", "search_text")


def register(model, *, exclude: tuple[str, ...] = (), mask: tuple[str, ...] = ()) -> None:
    if auditlog.contains(model):
        return
    # Concrete fields only: without include_fields auditlog also lists reverse relations on creation.
    names = [f.name for f in model._meta.concrete_fields if f.name not in (*NOISE, *exclude)]
    auditlog.register(model, include_fields=names, mask_fields=list(mask))


def set_request_actor(user) -> None:
    """Make ``user`` the actor of the audit entries the current request writes (unless one is already set)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return
    try:
        context = auditlog_value.get()
    except LookupError:  # outside a request (commands, tests calling services directly)
        return
    if context.get("actor") is None:
        context["actor"] = user


class AuditMiddleware(AuditlogMiddleware):
    @staticmethod
    def _get_remote_addr(request):
        return client_ip(request) or None
