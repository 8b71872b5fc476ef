"""The one input sanitiser of the site, and the output helpers that keep user text harmless where it lands.

Input (``InputSanitizerMiddleware`` for the URL, query string and form bodies of every request;
``core.api.JSONParser`` for API bodies; ``validate_clean_text`` for forms, serializers and importers):
- a NUL character or a lone UTF-16 surrogate anywhere is refused with a clear 400 — PostgreSQL cannot store NUL
  and a lone surrogate cannot be encoded, so either would otherwise end as a 500 deep inside the site;
- a JSON body nested deeper than ``MAX_JSON_DEPTH`` is refused with 400 before it is parsed (the standard parser
  would recurse until ``RecursionError``).

Output:
- ``single_line`` strips CR/LF (and other control characters) from text that reaches a header: mail subjects,
  file names in ``Content-Disposition``;
- ``spreadsheet_cell`` neutralises a cell that a spreadsheet would read as a formula (CSV exports);
- ``safe_filename`` removes bidirectional overrides and control characters from a display file name.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from typing import Any
from urllib.parse import quote

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# Deeper than any real document of this API (the deepest is 3), far below Python's recursion limit.
MAX_JSON_DEPTH = 32

_BAD_TEXT = re.compile("[\x00\ud800-\udfff]")
_LINE_BREAKS = re.compile(r"[\r\n\u0085\u2028\u2029]+")
# Bidirectional embeddings, overrides and isolates: they make "invoice\u202efdp.exe" read as "invoiceexe.pdf".
_BIDI = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c]")
# A cell starting with one of these is a formula (or becomes one) in Excel, LibreOffice and Google Sheets.
_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n")


def bad_text_reason(value: str) -> str | None:
    """Why ``value`` cannot be accepted (a NUL or a lone surrogate), or None."""
    match = _BAD_TEXT.search(value)
    if match is None:
        return None
    if match.group() == "\x00":
        return _("Text may not contain the NUL character (U+0000).")
    return _("Text may not contain an unpaired surrogate code point (U+D800–U+DFFF).")


def validate_clean_text(value: Any) -> None:
    """Validator for text fields (forms, serializers, importers): no NUL, no lone surrogates."""
    if isinstance(value, str):
        reason = bad_text_reason(value)
        if reason:
            raise ValidationError(reason, code="bad_text")


def find_bad_text(values: Iterable[Any]) -> str | None:
    """The first reason found in nested lists/dicts of strings (keys included), or None."""
    stack = list(values)
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            reason = bad_text_reason(item)
            if reason:
                return reason
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list | tuple):
            stack.extend(item)
    return None


def json_too_deep(raw: bytes | str, limit: int = MAX_JSON_DEPTH) -> bool:
    """Whether the JSON text nests arrays/objects deeper than ``limit`` (a linear scan, no parsing)."""
    text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else raw
    depth = 0
    in_string = escaped = False
    for ch in text:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            if depth > limit:
                return True
        elif ch in "]}":
            depth -= 1
    return False


def parse_json(raw: bytes | str) -> Any:
    """``json.loads`` that raises ValueError with a clear message for too deep documents and bad text."""
    if json_too_deep(raw):
        raise ValueError(_("The JSON document is nested deeper than %(limit)d levels.") % {"limit": MAX_JSON_DEPTH})
    data = json.loads(raw)
    reason = find_bad_text([data])
    if reason:
        raise ValueError(reason)
    return data


def single_line(value: Any) -> str:
    """Text safe in a header: line breaks become one space, other control characters go."""
    text = _LINE_BREAKS.sub(" ", "" if value is None else str(value))
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cc").strip()


def safe_filename(name: str, *, extension: str = "", default: str = "attachment") -> str:
    """A display file name without path, bidi overrides or control characters; with ``extension`` (".pdf") the
    name's own extension is replaced by it, so the name never claims another type than the content has."""
    name = unicodedata.normalize("NFC", name or "")
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = _BIDI.sub("", name)
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip().lstrip(".").strip()
    if extension:
        stem = name.rsplit(".", 1)[0] if "." in name else name
        name = (stem.strip() or default) + extension
    return name[-200:] if len(name) > 200 else (name or default)


def content_disposition(filename: str, *, extension: str = "", disposition: str = "attachment") -> str:
    """``attachment`` (or ``inline``) with an ASCII fallback and the UTF-8 name (RFC 5987/6266). The name is
    made safe first (``safe_filename``; with ``extension`` it takes the type the content was detected as)."""
    filename = safe_filename(filename, extension=extension)
    ascii_name = filename.encode("ascii", "ignore").decode().replace('"', "").replace("\\", "")
    ascii_name = "".join(ch for ch in ascii_name if 32 <= ord(ch) < 127).strip()
    if not ascii_name or ascii_name.startswith("."):
        ascii_name = "attachment" + (ascii_name if ascii_name.startswith(".") else "")
    return f"{disposition}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename, safe='')}"


def spreadsheet_cell(value: Any) -> Any:
    """A CSV cell a spreadsheet shows as text: one starting with = + - @ tab CR or LF gets a leading apostrophe.
    Numbers stay numbers (a negative amount is not a formula)."""
    if value is None:
        return ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    if isinstance(value, list | tuple):
        value = ";".join(str(v) for v in value)
    text = str(value)
    if text.startswith(_FORMULA_PREFIXES) and not _is_plain_number(text):
        return "'" + text
    return text


def spreadsheet_row(values: Iterable[Any]) -> list[Any]:
    return [spreadsheet_cell(v) for v in values]


def _is_plain_number(text: str) -> bool:
    return re.fullmatch(r"-?\d+(\.\d+)?", text) is not None


_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
BAD_INPUT_TITLE = gettext_lazy("Bad request")


class InputSanitizerMiddleware:
    """Refuse, with 400, a request whose path, query string or form body holds a NUL or a lone surrogate.

    JSON bodies are checked by the API's parser (``core.api.JSONParser``), which also limits their depth.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        reason = self.check(request)
        if reason:
            return self.refuse(request, reason)
        return self.get_response(request)

    def check(self, request: HttpRequest) -> str | None:
        reason = bad_text_reason(request.path) or find_bad_text(request.GET.lists())
        if reason:
            return reason
        content_type = request.META.get("CONTENT_TYPE", "")
        if request.method == "POST" and content_type.startswith(_FORM_TYPES):
            try:
                reason = find_bad_text(request.POST.lists())
                if reason:
                    return reason
                return find_bad_text([getattr(f, "name", "") for f in request.FILES.values()])
            except Exception:
                return None
        return None

    def refuse(self, request: HttpRequest, reason: str) -> HttpResponse:
        if request.path.startswith("/api/") or "json" in request.META.get("HTTP_ACCEPT", ""):
            return JsonResponse({"detail": reason}, status=400)
        return HttpResponseBadRequest(
            f"<!doctype html><title>400</title><h1>{BAD_INPUT_TITLE}</h1><p>{reason}</p>",
            content_type="text/html; charset=utf-8",
        )
