"""Validation of the unified social credit code (统一社会信用代码), GB 32100-2015."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.text import normalize_text

# The code alphabet leaves out I, O, Z, S and V, which are easily confused with digits.
CREDIT_CODE_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_VALUES = {char: index for index, char in enumerate(CREDIT_CODE_ALPHABET)}


def normalize_credit_code(value: str) -> str:
    """Upper-case, NFKC (full-width to ASCII) and drop spaces or hyphens people type inside the code."""
    return normalize_text(value).upper().replace(" ", "").replace("-", "")


def credit_code_check_char(first17: str) -> str:
    """The 18th character for the first 17 characters of a code (which must be in the alphabet)."""
    total = sum(_VALUES[char] * weight for char, weight in zip(first17, _WEIGHTS, strict=True))
    return CREDIT_CODE_ALPHABET[(31 - total % 31) % 31]


def validate_credit_code(value: str) -> None:
    code = normalize_credit_code(value)
    if len(code) != 18:
        raise ValidationError(
            _("The unified social credit code must have 18 characters; this one has %(length)d."),
            code="length",
            params={"length": len(code)},
        )
    bad = sorted({char for char in code if char not in _VALUES})
    if bad:
        raise ValidationError(
            _("The unified social credit code contains characters that are not allowed: %(chars)s."),
            code="alphabet",
            params={"chars": " ".join(bad)},
        )
    if not code[2:8].isdigit():
        raise ValidationError(
            _("Characters 3 to 8 of the unified social credit code must be the region code (digits)."),
            code="region",
        )
    expected = credit_code_check_char(code[:17])
    if code[17] != expected:
        raise ValidationError(
            _("The check character of this unified social credit code is wrong; please check the code."),
            code="checksum",
        )
