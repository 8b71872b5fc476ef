"""API building blocks shared by every app: pagination and error shape."""

from __future__ import annotations

import django_filters
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from django_filters.rest_framework import FilterSet as DRFFilterSet
from rest_framework import exceptions, serializers
from rest_framework.pagination import PageNumberPagination
from rest_framework.views import exception_handler as drf_exception_handler

from core.exceptions import StateConflict
from core.pagecache import CachedCountPaginator


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

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_query_param:
                parameter["schema"]["minimum"] = 1
            elif parameter["name"] == self.page_size_query_param:
                parameter["schema"].update({"minimum": 1, "maximum": self.max_page_size})
        return parameters


class PublicListPagination(Pagination):
    """Pagination of the public lists (scenarios, solutions, courses, sessions): the total is cached under the
    page cache's content version (``core.pagecache.cached_count``)."""

    django_paginator_class = CachedCountPaginator


def text_only(field: serializers.CharField, data):
    """DRF's CharField turns a JSON number into text (``"reason": 12`` becomes ``"12"``) although the schema says
    string; the API's text fields take strings only (form bodies are strings anyway)."""
    if not isinstance(data, str):
        field.fail("invalid")
    return _char_to_internal_value(field, data)


_char_to_internal_value = serializers.CharField.to_internal_value


class Conflict(exceptions.APIException):
    status_code = 409
    default_detail = _("This conflicts with the current state of the object.")
    default_code = "conflict"


def for_update(serializer_class, *create_only: str):
    """``serializer_class`` for PUT and PATCH, with ``create_only`` fields read-only (set when the object is
    created, never changed): the schema's update bodies leave them out and an update ignores them, like any
    read-only field, instead of refusing a request the schema allowed."""

    def get_fields(self):
        fields = super(update_class, self).get_fields()
        for name in create_only:
            fields[name].read_only = True
        return fields

    name = serializer_class.__name__.removesuffix("Serializer") + "UpdateSerializer"
    update_class = type(
        name, (serializer_class,), {"get_fields": get_fields, "__module__": serializer_class.__module__}
    )
    return update_class


class UpdateSerializerMixin:
    """A viewset whose PUT and PATCH use ``update_serializer_class`` (see ``for_update``)."""

    update_serializer_class = None

    def get_serializer_class(self):
        if self.update_serializer_class is not None and getattr(self, "action", None) in ("update", "partial_update"):
            return self.update_serializer_class
        return super().get_serializer_class()


class FilterSet(DRFFilterSet):
    """The base of the filter sets DRF builds from ``filterset_fields``: a foreign key is filtered by its id as a
    plain integer (an unknown id finds nothing), not by a choice of every row, which would refuse ids the caller
    cannot know and would list every row's id in the OpenAPI schema."""

    FILTER_DEFAULTS = {
        **DRFFilterSet.FILTER_DEFAULTS,
        models.ForeignKey: {"filter_class": django_filters.NumberFilter},
        models.OneToOneField: {"filter_class": django_filters.NumberFilter},
    }


class FilterBackend(DjangoFilterBackend):
    filterset_base = FilterSet


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


def validated_body(serializer_class, request) -> dict:
    """``request.data`` checked by ``serializer_class``: its validated data, or a 400 with its errors."""
    payload = serializer_class(data=request.data)
    payload.is_valid(raise_exception=True)
    return payload.validated_data
