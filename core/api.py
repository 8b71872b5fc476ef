"""API building blocks shared by every app: pagination and error shape."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, serializers
from rest_framework.pagination import PageNumberPagination
from rest_framework.views import exception_handler as drf_exception_handler

from core.exceptions import StateConflict


class Pagination(PageNumberPagination):
    """Page-number pagination whose page size the client may lower or raise up to a cap.

    Out-of-range sizes (``page_size=1000000`` or ``-1``) are answered with 400 rather than silently clamped, so
    a client learns the limit.
    """

    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        try:
            size = int(raw)
        except ValueError:
            raise exceptions.ValidationError({"page_size": [_("Page size must be a whole number.")]}) from None
        if not 1 <= size <= self.max_page_size:
            raise exceptions.ValidationError(
                {"page_size": [_("Page size must be between 1 and %(max)d.") % {"max": self.max_page_size}]}
            )
        return size


class Conflict(exceptions.APIException):
    status_code = 409
    default_detail = _("This conflicts with the current state of the object.")
    default_code = "conflict"


def django_validation_error_detail(exc: DjangoValidationError):
    if hasattr(exc, "error_dict"):
        return serializers.as_serializer_error(exc)
    return {"non_field_errors": exc.messages}


def exception_handler(exc, context):
    """DRF's handler, plus what services raise: ``StateConflict`` answered 409 ``{"detail": ...}``, Django's
    ValidationError 400 with its messages (field → messages, or ``non_field_errors``)."""
    if isinstance(exc, StateConflict):
        exc = Conflict(" ".join(str(message) for message in exc.messages))
    elif isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(django_validation_error_detail(exc))
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    return drf_exception_handler(exc, context)
