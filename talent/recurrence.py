"""Expanding a weekly rule into concrete occurrences (no database; messages are translatable)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _

SHANGHAI = ZoneInfo("Asia/Shanghai")
MAX_OCCURRENCES = 104  # two years of weekly meetings; a longer series is almost certainly a mistake


class RecurrenceError(ValueError):
    pass


@dataclass(frozen=True)
class Slot:
    original_date: dt.date
    start: dt.datetime
    end: dt.datetime


def parse_weekdays(value: str) -> list[int]:
    """``"0,2"`` → ``[0, 2]`` (Monday=0). Raises RecurrenceError on anything else."""
    days: set[int] = set()
    for part in (value or "").replace(" ", "").split(","):
        if not part:
            continue
        if not part.isdigit() or not 0 <= int(part) <= 6:
            raise RecurrenceError(
                _("Weekdays are numbers 0 (Monday) to 6 (Sunday), not “%(value)s”.") % {"value": part}
            )
        days.add(int(part))
    return sorted(days)


def expand(
    *,
    start: dt.datetime,
    end: dt.datetime,
    weekdays: list[int] | None = None,
    until: dt.date | None = None,
    count: int | None = None,
) -> list[Slot]:
    """The occurrences of a session, in order. Without weekdays: just the one slot.

    Local wall-clock times are kept across occurrences (Asia/Shanghai has no DST, but this stays right if the
    zone ever changes). The first slot is the session's own start; later ones fall on the given weekdays until
    ``until`` (inclusive) or until ``count`` slots exist. A rule without an end, or producing more than
    ``MAX_OCCURRENCES``, raises RecurrenceError.
    """
    local_start = start.astimezone(SHANGHAI)
    duration = end - start
    first = Slot(local_start.date(), start, end)
    if not weekdays:
        return [first]
    if until is None and count is None:
        raise RecurrenceError(_("A weekly series needs an end: a last date or a number of occurrences."))
    if count is not None and not 1 <= count <= MAX_OCCURRENCES:
        raise RecurrenceError(_("A series has between 1 and %(max)d occurrences.") % {"max": MAX_OCCURRENCES})
    if until is not None and until < local_start.date():
        raise RecurrenceError(_("The series ends before its first occurrence."))
    slots = [first]
    day = local_start.date()
    while True:
        day += dt.timedelta(days=1)
        if until is not None and day > until:
            break
        if count is not None and len(slots) >= count:
            break
        if day.weekday() not in weekdays:
            continue
        slot_start = dt.datetime.combine(day, local_start.timetz().replace(tzinfo=None), tzinfo=SHANGHAI)
        slots.append(Slot(day, slot_start, slot_start + duration))
        if len(slots) > MAX_OCCURRENCES:
            raise RecurrenceError(
                _("The series would have more than %(max)d occurrences; end it sooner.") % {"max": MAX_OCCURRENCES}
            )
    return slots
