from __future__ import annotations

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma

register = template.Library()


@register.filter
def figure(value) -> str:
    """A figure for a table: whole numbers with thousands separators, others with two decimals, – for none."""
    if value is None:
        return "–"
    number = float(value)
    if number.is_integer() and abs(number) >= 1:
        return intcomma(int(number))
    if number == 0:
        return "0"
    return f"{number:,.2f}" if abs(number) >= 0.01 else f"{number:.4f}"


@register.filter
def at(sequence, index: int):
    try:
        return sequence[index]
    except (IndexError, TypeError, KeyError):
        return None
