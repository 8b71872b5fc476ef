"""Money in whole yuan (CNY): one parser for every field people type an amount into (budgets, prices, imports)
and one formatter per language for every page that shows one.

    parse_money("98万") == parse_money("９８０，０００") == parse_money("¥980,000") == 980_000
    format_money(980_000) == "98 万元" (Chinese) / "CNY 980,000" (English)
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

from core.text import prefers_chinese

UNITS = {"万": 10_000, "亿": 100_000_000}
_NUMBER = re.compile(r"\d+(\.\d+)?")
_PREFIXES = ("¥", "CNY", "RMB", "人民币")


class MoneyError(ValueError):
    """``kind`` is ``"negative"`` or ``"invalid"`` so each caller words its own message."""

    def __init__(self, kind: str):
        super().__init__(kind)
        self.kind = kind


def parse_money(value: str) -> int:
    """Whole yuan from typed text: digits (full-width too), thousands separators (, ， and spaces), a unit 万 or
    亿 (with up to the decimals that still give whole yuan, e.g. 1.25万), an optional ¥/CNY/RMB prefix and 元
    suffix. Raises :class:`MoneyError` on anything else: a negative amount, a fraction of a yuan, exponents,
    empty text or words."""
    text = unicodedata.normalize("NFKC", str(value)).strip().upper()
    for prefix in _PREFIXES:
        text = text.removeprefix(prefix).strip()
    text = text.removesuffix("元").strip()
    if text.startswith("-"):
        raise MoneyError("negative")
    text = re.sub(r"[,，\s]", "", text)
    multiplier = 1
    if text[-1:] in UNITS:
        multiplier = UNITS[text[-1]]
        text = text[:-1]
    if not _NUMBER.fullmatch(text) or not text.isascii():
        raise MoneyError("invalid")
    try:
        amount = Decimal(text) * multiplier
    except InvalidOperation:  # pragma: no cover - the pattern admits only plain decimals
        raise MoneyError("invalid") from None
    if amount != amount.to_integral_value():
        raise MoneyError("invalid")
    return int(amount)


def format_money(value: int | None, *, chinese: bool | None = None) -> str:
    """Chinese: 980000 → "98 万元", 120000000 → "1.2 亿元", 1234567 → "1,234,567 元"; English: "CNY 980,000".
    None → "—"."""
    if value is None or value == "":
        return "—"
    value = int(value)
    if chinese is None:
        chinese = prefers_chinese()
    if not chinese:
        return f"CNY {value:,}"
    if abs(value) >= 100_000_000 and value % 1_000_000 == 0:
        yi = f"{Decimal(value) / 100_000_000:,.2f}".rstrip("0").rstrip(".")
        return f"{yi} 亿元"
    if abs(value) >= 10_000 and value % 100 == 0:
        wan = f"{Decimal(value) / 10_000:,.2f}".rstrip("0").rstrip(".")
        return f"{wan} 万元"
    return f"{value:,} 元"
