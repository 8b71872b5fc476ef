"""``Idempotency-Key`` for the API's create endpoints: a retried request returns the first answer.

A client that did not hear the answer to a POST (timeout, dropped connection, killed server) may send it again
with the same ``Idempotency-Key`` header. The first successful answer is stored in the same transaction as the
object it created, so either both exist or neither does; a retry with the same key and the same body gets that
answer again (header ``Idempotent-Replayed: true``) and creates nothing. The same key with a different body is
answered 422. Answers that created nothing (4xx) are not stored: retrying them is safe anyway. Keys belong to
their user and are forgotten after 30 days (``core.forget_old_records``).
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Callable

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from core.models import IdempotencyKey

HEADER = "Idempotency-Key"
MAX_KEY_LENGTH = 255


def _fingerprint(request: Request) -> str:
    digest = hashlib.sha256()
    digest.update((request.method or "").encode())
    digest.update(request.path.encode())
    digest.update(json.dumps(request.data, sort_keys=True, default=str).encode())
    return digest.hexdigest()


def _replay(record: IdempotencyKey, fingerprint: str) -> Response:
    if record.fingerprint != fingerprint:
        return Response(
            {"detail": _("This Idempotency-Key was already used for a different request.")},
            status=status.HTTP_422_UNPROCESSABLE_ENTITY,
        )
    response = Response(record.response, status=record.status_code)
    response["Idempotent-Replayed"] = "true"
    if record.location:
        response["Location"] = record.location
    return response


def idempotent(view: Callable) -> Callable:
    """Decorate a DRF view method that creates something on POST."""

    @functools.wraps(view)
    def wrapper(self, request: Request, *args, **kwargs):
        key = request.headers.get(HEADER)
        if request.method != "POST" or key is None or not request.user.is_authenticated:
            return view(self, request, *args, **kwargs)
        key = key.strip()
        if not key or len(key) > MAX_KEY_LENGTH:
            return Response(
                {"detail": _("The Idempotency-Key header must be 1 to %(n)d characters.") % {"n": MAX_KEY_LENGTH}},
                status=status.HTTP_400_BAD_REQUEST,
            )
        fingerprint = _fingerprint(request)
        endpoint = f"{request.method} {request.path}"[:300]
        existing = IdempotencyKey.objects.filter(user=request.user, key=key).first()
        if existing is not None:
            return _replay(existing, fingerprint)
        try:
            with transaction.atomic():
                response = view(self, request, *args, **kwargs)
                if 200 <= response.status_code < 300:
                    IdempotencyKey.objects.create(
                        user=request.user,
                        key=key,
                        endpoint=endpoint,
                        fingerprint=fingerprint,
                        status_code=response.status_code,
                        response=json.loads(JSONRenderer().render(response.data) or b"null"),
                        location=response.get("Location", ""),
                    )
        except IntegrityError:
            # The same key arrived twice at once: the other request committed first; answer as it did.
            existing = IdempotencyKey.objects.filter(user=request.user, key=key).first()
            if existing is None:
                raise
            return _replay(existing, fingerprint)
        return response

    return wrapper
