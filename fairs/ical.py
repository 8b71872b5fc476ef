"""A participant's fair meetings as an RFC 5545 feed (``icalendar``), like talent's: one VEVENT per meeting with
a stable UID (``fair-meeting-<request id>@smart-county-exchange``: a moved meeting keeps it), SEQUENCE raised by
every change, STATUS CANCELLED for a cancelled meeting, times in Asia/Shanghai with the VTIMEZONE included."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.utils import timezone
from icalendar import Calendar, Event

from fairs.models import Meeting, Participant
from fairs.services import SHANGHAI

PRODID = "-//Smart County Exchange//Fairs//ZH"


def build_calendar(*, participant: Participant, meetings: Iterable[Meeting], base_url: str = "") -> bytes:
    event_row = participant.event
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", f"{event_row.title_zh} · {participant.organization.name_zh}")
    calendar.add("x-wr-timezone", "Asia/Shanghai")
    stamp = timezone.now().astimezone(dt.UTC).replace(microsecond=0)
    for meeting in meetings:
        request = meeting.request
        other = request.recipient if request.requester_id == participant.pk else request.requester
        item = Event()
        item.add("uid", meeting.uid)
        item.add("dtstamp", stamp)
        item.add("dtstart", meeting.slot.start.astimezone(SHANGHAI))
        item.add("dtend", meeting.slot.end.astimezone(SHANGHAI))
        item.add("sequence", meeting.sequence)
        item.add("summary", f"洽谈 Meeting: {other.organization.name_zh}")
        item.add("status", "CANCELLED" if meeting.status == Meeting.Status.CANCELLED else "CONFIRMED")
        item.add("location", f"{event_row.venue} · {meeting.table_label}".strip(" ·"))
        item.add("description", request.purpose)
        if base_url:
            item.add("url", f"{base_url}/fairs/participants/{participant.pk}/agenda/")
        calendar.add_component(item)
    calendar.add_missing_timezones()
    return calendar.to_ical()
