"""The API's parsers: DRF's, refusing NUL and lone surrogates (400) and JSON nested too deep (core.sanitize).

A module of its own: DRF imports its default parsers while ``rest_framework.views`` is being imported."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, parsers

from core.sanitize import find_bad_text, parse_json


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser with a depth limit and the site's text rule (no NUL, no lone surrogates): 400, never a
    RecursionError or an encoding error further down."""

    def parse(self, stream, media_type=None, parser_context=None):
        encoding = (parser_context or {}).get("encoding", "utf-8")
        try:
            return parse_json(stream.read().decode(encoding))
        except (ValueError, UnicodeDecodeError) as exc:
            raise exceptions.ParseError(_("JSON parse error - %(error)s") % {"error": exc}) from None


class FormParser(parsers.FormParser):
    def parse(self, stream, media_type=None, parser_context=None):
        data = super().parse(stream, media_type, parser_context)
        _refuse_bad_text(data.lists())
        return data


class MultiPartParser(parsers.MultiPartParser):
    def parse(self, stream, media_type=None, parser_context=None):
        result = super().parse(stream, media_type, parser_context)
        _refuse_bad_text([*result.data.lists(), [f.name for f in result.files.values()]])
        return result


def _refuse_bad_text(values) -> None:
    reason = find_bad_text(values)
    if reason:
        raise exceptions.ParseError(reason)
