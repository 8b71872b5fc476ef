"""Text helpers shared by forms, serializers and models."""

from __future__ import annotations

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


def normalize_text(value: str) -> str:
    """NFKC-normalise (full-width digits and Latin become ASCII) and strip surrounding white space."""
    return unicodedata.normalize("NFKC", value).strip()


def clean_typed_text(value: str) -> str:
    """Text as the user typed it — Chinese punctuation (，；（）：) and full-width characters kept, as an official
    notice needs them — with only the surrounding white space (the full-width space too) removed. Stored text
    goes through this; :func:`normalize_text` is for the copies used to search and compare."""
    return str(value).strip()


def validate_not_blank(value: str) -> None:
    """Reject values made only of white space (including the full-width space U+3000)."""
    if value is not None and not normalize_text(str(value)):
        raise ValidationError(_("This field cannot be only spaces."), code="blank")


def prefers_chinese() -> bool:
    return (get_language() or "zh-hans").lower().startswith("zh")


class BilingualNameMixin:
    """For models with ``name_zh`` and ``name_en``: ``name`` follows the active language, falling back."""

    name_zh: str
    name_en: str

    @property
    def name(self) -> str:
        if prefers_chinese():
            return self.name_zh or self.name_en
        return self.name_en or self.name_zh

    def __str__(self) -> str:
        return self.name
