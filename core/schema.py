"""The OpenAPI schema tells every status an operation can answer, without each view saying it.

``AutoSchema`` adds the error answers that follow from how the site works (DRF's handlers, the site's
parsers, permissions and throttles) to every operation's documented responses:

- 400 — a request body (validation, a malformed or too deep JSON document, NUL or lone surrogates) or query
  parameters (filters, ordering, page size) can be refused; the input sanitiser refuses bad text anywhere;
- 401 — a missing, malformed or unknown token or credentials (TokenAuthentication answers 401 on any endpoint);
- 403 — signed in but not allowed (and CSRF failures of session writes);
- 404 — an unknown or invisible object (path parameters) or a page past the end of a list;
- 405 — never documented: the router only exposes the methods an operation has;
- 409 — writes: the object is not in a state that allows this (``core.exceptions.StateConflict``);
- 429 — throttled endpoints (``throttle_classes``), e.g. the token endpoint and its login lockout;
- 503 — the database cannot be reached or a statement timed out (``core.errors``), with ``Retry-After``.

Every error body is a JSON object (``{"detail": "..."}`` or field → messages).
"""

from __future__ import annotations

import hashlib

import django_filters
from django.core.exceptions import FieldDoesNotExist
from django.db import DatabaseError, models
from drf_spectacular import openapi
from drf_spectacular.contrib.django_filters import DjangoFilterExtension
from drf_spectacular.plumbing import force_instance
from rest_framework import serializers

from core.validators import WEB_URL_PATTERN, WebURLValidator

BIGINT = {"minimum": -(2**63), "maximum": 2**63 - 1}
# Public vocabularies referenced by code in request bodies: their codes are documented as enums (read from the
# database when the schema is generated). Other references (organisations, people, sessions) stay plain ids —
# listing them would tell what exists.
VOCABULARY_MODELS = {"catalog.domain", "catalog.capability", "directory.region", "talent.skill"}

ERROR_SCHEMA = {
    "type": "object",
    "description": 'An error: {"detail": "..."} or, for invalid input, each field with its messages.',
    "additionalProperties": {},
}

DESCRIPTIONS = {
    "400": "Invalid input (body, query parameters or text the site refuses).",
    "401": "Not signed in, or the credentials or token are not valid.",
    "403": "Signed in, but not allowed to do this.",
    "404": "No such object, not visible to the caller, or a page past the end.",
    "409": "The object is not in a state that allows this (e.g. a transition from its current status).",
    "429": "Too many requests; try again later.",
    "503": "The service is briefly unavailable; try again after Retry-After seconds.",
}


class AutoSchema(openapi.AutoSchema):
    def get_operation(self, *args, **kwargs):
        operation = super().get_operation(*args, **kwargs)
        if operation is None:
            return None
        responses = operation.setdefault("responses", {})
        for code in self._error_codes(operation):
            responses.setdefault(
                code,
                {"description": DESCRIPTIONS[code], "content": {"application/json": {"schema": ERROR_SCHEMA}}},
            )
        return operation

    def _error_codes(self, operation) -> list[str]:
        codes = ["400", "401"]
        safe = self.method in ("GET", "HEAD", "OPTIONS")
        if not safe or not self._public_read():
            codes.append("403")
        # 404: an unknown or invisible object named in the path or the query (``?scenario=``), a page past the
        # end of a list, or a write that names one.
        has_query = any(parameter.get("in") == "query" for parameter in operation.get("parameters", []))
        if self._has_path_parameters() or self._is_list_view() or not safe or has_query:
            codes.append("404")
        if not safe:
            codes.append("409")
        if getattr(self.view, "throttle_classes", None):
            codes.append("429")
        codes.append("503")
        return codes

    def map_parsers(self):
        """JSON bodies, and multipart where a file is uploaded. The site's form parsers also read
        ``application/x-www-form-urlencoded``, but a form body cannot carry the nested objects, lists of
        objects or null that the JSON bodies document, so only the media types that can carry the documented
        body are documented."""
        media_types = super().map_parsers()
        serializer = force_instance(self.get_request_serializer())
        fields = getattr(getattr(serializer, "child", serializer), "fields", None) or {}
        uploads = any(isinstance(field, serializers.FileField) for field in fields.values())
        wanted = "multipart/form-data" if uploads else "application/json"
        return [wanted] if wanted in media_types else media_types

    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        if isinstance(field, serializers.SlugRelatedField | serializers.PrimaryKeyRelatedField) and not field.read_only:
            queryset = field.get_queryset()
            codes = []
            if queryset is not None and queryset.model._meta.label_lower in VOCABULARY_MODELS:
                codes = _values(queryset.values_list(getattr(field, "slug_field", "pk"), flat=True).distinct())
            if codes:  # an empty vocabulary (a fresh database) cannot be an enum
                schema["enum"] = codes
                schema["type"] = "string"
                # One enum component per field name (``domain`` and ``domains`` share their codes but not a name).
                name = field.field_name or getattr(field.parent, "field_name", "")
                schema["x-spec-enum-id"] = hashlib.sha256(f"{name}:{schema['enum']}".encode()).hexdigest()[:16]
        if isinstance(field, serializers.ManyRelatedField | serializers.ListField) and not field.allow_empty:
            schema["minItems"] = max(schema.get("minItems", 0), 1)
        if (
            direction == "request"
            and type(field) is serializers.CharField
            and not field.read_only
            and not field.allow_blank
            and field.trim_whitespace
            and "pattern" not in schema
        ):
            # Surrounding whitespace is trimmed before "may not be blank" is checked: say that it takes a
            # character that is not a space.
            schema["pattern"] = r"\S"
        if isinstance(field, serializers.URLField):
            # "format: uri" admits any scheme and not the empty string; document what the site accepts instead.
            web = any(isinstance(validator, WebURLValidator) for validator in field.validators)
            for branch in [schema, *schema.get("oneOf", [])]:
                if branch.pop("format", None) == "uri" and web:
                    branch["pattern"] = WEB_URL_PATTERN
        return schema

    def _insert_field_validators(self, field, schema):
        super()._insert_field_validators(field, schema)
        if isinstance(field, serializers.URLField):  # Django's URLValidator adds "format: uri" again
            for branch in [schema, *schema.get("oneOf", [])]:
                if branch.get("format") == "uri":
                    del branch["format"]
            branches = schema.get("oneOf", [])
            if branches and "pattern" not in branches[0]:
                # Without "format: uri" the first branch admits "" too, which oneOf forbids: it is enough alone.
                schema.pop("oneOf")
                schema.update(branches[0])

    def _get_filter_parameters(self):
        # Actions on one object (``/scenarios/{id}/family/``) inherit the viewset's filter backends but never
        # filter: only collection routes document the filters.
        if self._has_path_parameters():
            return []
        return super()._get_filter_parameters()

    def _public_read(self) -> bool:
        names = {type(p).__name__ for p in self.view.get_permissions()}
        return names <= {"AllowAny", "IsAuthenticatedOrReadOnly"}

    def _has_path_parameters(self) -> bool:
        return "{" in self.path


class FilterExtension(DjangoFilterExtension):
    """django-filter parameters as the filters really validate them: a filter that refuses values outside its
    choices (``ChoiceFilter``, a ``ModelChoiceFilter`` by code) is an enum of the choices it accepts *now* (codes
    of the vocabulary and regions come from the database), and a number filter on an id is a 64-bit integer."""

    priority = 1

    def resolve_filter_field(self, auto_schema, model, filterset_class, field_name, filter_field):
        parameters = super().resolve_filter_field(auto_schema, model, filterset_class, field_name, filter_field)
        for parameter in parameters:
            schema = parameter["schema"]
            target = schema.get("items", schema)
            choice = isinstance(filter_field, django_filters.ChoiceFilter | django_filters.ModelChoiceFilter)
            if choice or (isinstance(filter_field, django_filters.MultipleChoiceFilter) and "enum" not in target):
                values = _choice_values(filter_field)
                if values:  # an empty table (a fresh database) cannot be an enum
                    target.update({"type": "string", "enum": values})
            elif isinstance(filter_field, django_filters.NumberFilter) and _is_id(filter_field, model):
                target.clear()
                target.update({"type": "integer", **BIGINT})
        return parameters


def _choice_values(filter_field) -> list[str]:
    """The values a choice filter accepts (the empty choice means "all" and is left out)."""
    return _values(getattr(value, "value", value) for value, _label in filter_field.field.choices)


def _values(values) -> list[str]:
    """Sorted distinct non-empty values as text; none while the tables do not exist yet (``check`` generates the
    schema on a database that may not be migrated)."""
    try:
        return sorted({str(value) for value in values if value != ""})
    except DatabaseError:
        return []


def _is_id(filter_field, model) -> bool:
    name = filter_field.field_name
    if name == "id" or name.endswith(("_id", "__id")):
        return True
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:  # a lookup path (``trainers__id`` is caught above), not a field of the model
        return False
    return isinstance(field, models.ForeignKey | models.AutoField | models.BigAutoField)
