"""RFC 5545 feeds built with the ``icalendar`` package.

Each occurrence is one VEVENT with a stable UID (``session-<id>-<original date>@smart-county-exchange``: a
moved date keeps its UID), SEQUENCE from the occurrence row (raised by every change), STATUS CANCELLED for a
cancelled date or session, and times in Asia/Shanghai with the VTIMEZONE included.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.utils import timezone
from icalendar import Calendar, Event

from talent.models import Occurrence, Session
from talent.recurrence import SHANGHAI

PRODID = "-//Smart County Exchange//Talent//ZH"


def build_calendar(
    *, name: str, occurrences: Iterable[Occurrence], base_url: str = "", include_meeting_links: bool = False
) -> bytes:
    """A VCALENDAR of ``occurrences``. Meeting links go only into private (per-person) feeds."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Asia/Shanghai")
    stamp = timezone.now().astimezone(dt.UTC).replace(microsecond=0)
    for occurrence in occurrences:
        session = occurrence.session
        course = session.course
        event = Event()
        event.add("uid", occurrence.uid)
        event.add("dtstamp", stamp)
        event.add("dtstart", occurrence.start.astimezone(SHANGHAI))
        event.add("dtend", occurrence.end.astimezone(SHANGHAI))
        event.add("sequence", occurrence.sequence)
        event.add("summary", f"{course.title_zh} / {course.title_en}" if course.title_en else course.title_zh)
        cancelled = occurrence.is_cancelled or session.status == Session.Status.CANCELLED
        event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
        if session.venue_id:
            venue = session.venue
            event.add("location", f"{venue.region.name_zh} {venue.address} {venue.name}")
        elif session.online_url:
            event.add("location", session.online_url if include_meeting_links else "线上 Online")
        description = [course.provider.name_zh]
        if session.online_url and include_meeting_links:
            description.append(session.online_url)
        if occurrence.note:
            description.append(occurrence.note)
        event.add("description", "\n".join(description))
        if base_url:
            event.add("url", f"{base_url}/talent/sessions/{session.pk}/")
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
