"""Calendar feeds parsed back with icalendar and checked field by field."""

import datetime as dt

import pytest
from icalendar import Calendar

from talent import services
from talent.recurrence import SHANGHAI
from tests.talent.conftest import at


@pytest.fixture
def series(trudy, course, venue):
    return services.session_create(
        actor=trudy,
        course=course,
        start=at(7, 14),
        end=at(7, 16),
        venue=venue,
        capacity=10,
        registration_closes=at(6, 18),
        trainers=[trudy],
        repeat_weekdays="0",
        repeat_count=3,
        publish=True,
    )


def _events(response):
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    return calendar, list(calendar.walk("VEVENT"))


def test_ical_course_feed_fields(client, trudy, series, course, venue):
    services.occurrence_cancel(actor=trudy, occurrence=series.occurrences.order_by("start")[1])
    calendar, events = _events(client.get(f"/talent/courses/{course.pk}/calendar.ics"))

    assert str(calendar["VERSION"]) == "2.0"
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Asia/Shanghai"]
    assert [str(e["UID"]) for e in events] == [
        f"session-{series.pk}-20260309@smart-county-exchange",
        f"session-{series.pk}-20260316@smart-county-exchange",
        f"session-{series.pk}-20260323@smart-county-exchange",
    ]
    first = events[0]
    assert first.decoded("DTSTART") == dt.datetime(2026, 3, 9, 14, 0, tzinfo=SHANGHAI)
    assert first.decoded("DTSTART").tzinfo.key == "Asia/Shanghai"
    assert first.decoded("DTEND") == dt.datetime(2026, 3, 9, 16, 0, tzinfo=SHANGHAI)
    assert str(first["SUMMARY"]) == "数据素养 / Data literacy"
    assert str(first["LOCATION"]) == f"昆山市 {venue.address} {venue.name}"
    assert [str(e["STATUS"]) for e in events] == ["CONFIRMED", "CANCELLED", "CONFIRMED"]
    assert [int(e["SEQUENCE"]) for e in events] == [0, 1, 0]


def test_ical_moved_occurrence_keeps_uid_and_raises_sequence(client, trudy, series, course):
    third = series.occurrences.order_by("start")[2]
    services.occurrence_move(actor=trudy, occurrence=third, start=at(22, 9), end=at(22, 11))
    _calendar, events = _events(client.get(f"/talent/courses/{course.pk}/calendar.ics"))
    moved = next(e for e in events if str(e["UID"]).endswith("-20260323@smart-county-exchange"))
    assert moved.decoded("DTSTART") == dt.datetime(2026, 3, 24, 9, 0, tzinfo=SHANGHAI)
    assert int(moved["SEQUENCE"]) == 1


def test_ical_trainer_and_county_feeds(client, trudy, series, course):
    services.session_create(
        actor=trudy,
        course=course,
        start=at(30, 9),
        end=at(30, 10),
        online_url="https://meeting.example.com/t",
        capacity=5,
        registration_closes=at(29, 9),
        trainers=[trudy],
        publish=True,
    )
    _c, trainer_events = _events(client.get(f"/talent/calendar/trainers/{trudy.pk}.ics"))
    _c, county_events = _events(client.get("/talent/calendar/counties/320583.ics"))
    _c, city_events = _events(client.get("/talent/calendar/counties/320500.ics"))
    _c, other_events = _events(client.get("/talent/calendar/counties/321322.ics"))
    assert len(trainer_events) == 4
    assert len(county_events) == len(city_events) == 3
    assert other_events == []
    assert client.get("/talent/calendar/trainers/999999.ics").status_code == 404


def test_ical_person_feed_needs_the_private_token(client, series, mallory):
    services.enrolment_create(person=mallory, session=series)
    token = services.calendar_token_for(user=mallory)
    _c, events = _events(client.get(f"/talent/calendar/me/{token.token}.ics"))
    assert len(events) == 3

    new = services.calendar_token_regenerate(user=mallory)
    assert client.get(f"/talent/calendar/me/{token.token}.ics").status_code == 404
    assert client.get(f"/talent/calendar/me/{new.token}.ics").status_code == 200


def test_ical_draft_sessions_are_not_published(client, trudy, course):
    services.session_create(
        actor=trudy,
        course=course,
        start=at(9, 9),
        end=at(9, 10),
        online_url="https://meeting.example.com/d",
        capacity=5,
        registration_closes=at(8, 9),
    )
    _c, events = _events(client.get(f"/talent/courses/{course.pk}/calendar.ics"))
    assert events == []


def test_ical_meeting_link_only_in_the_private_feed(client, session, course, mallory):
    services.enrolment_create(person=mallory, session=session)
    _c, public = _events(client.get(f"/talent/courses/{course.pk}/calendar.ics"))
    assert str(public[0]["LOCATION"]) == "线上 Online"
    assert session.online_url not in client.get(f"/talent/courses/{course.pk}/calendar.ics").content.decode()
    token = services.calendar_token_for(user=mallory)
    _c, private = _events(client.get(f"/talent/calendar/me/{token.token}.ics"))
    assert str(private[0]["LOCATION"]) == session.online_url
