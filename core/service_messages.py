"""Pages that call a service and go back where they came from report what went wrong as flashed messages.
Used by the pages of fairs and talent; each passes its own wording for a bare ``PermissionDenied``."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError

if TYPE_CHECKING:
    from django.http import HttpRequest
    from django_stubs_ext import StrOrPromise


def flash_errors(request: HttpRequest, exc: ValidationError | PermissionDenied, *, denied: StrOrPromise) -> None:
    """Each message of a ``ValidationError``; a ``PermissionDenied``'s own text, or ``denied`` if it has none."""
    if isinstance(exc, PermissionDenied):
        messages.error(request, str(exc) or str(denied))
        return
    for message in exc.messages:
        messages.error(request, message)


@contextmanager
def errors_flashed(request: HttpRequest, *, denied: StrOrPromise) -> Iterator[None]:
    """Run the block; a ``ValidationError`` or ``PermissionDenied`` from it ends the block and is flashed
    (``flash_errors``) instead of raised."""
    try:
        yield
    except (ValidationError, PermissionDenied) as exc:
        flash_errors(request, exc, denied=denied)
