import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from talent import services
from talent.models import Occurrence
from talent.recurrence import SHANGHAI, RecurrenceError, expand
from tests.talent.conftest import at

START = dt.datetime(2026, 3, 9, 14, 0, tzinfo=SHANGHAI)  # Monday


def test_expand_weekly_until_date_inclusive():
    slots = expand(start=START, end=START + dt.timedelta(hours=2), weekdays=[0, 2], until=dt.date(2026, 3, 18))
    assert [s.original_date.isoformat() for s in slots] == ["2026-03-09", "2026-03-11", "2026-03-16", "2026-03-18"]
    assert all(s.start.hour == 14 and s.end - s.start == dt.timedelta(hours=2) for s in slots)


def test_expand_weekly_by_count():
    slots = expand(start=START, end=START + dt.timedelta(hours=1), weekdays=[0], count=3)
    assert [s.original_date.day for s in slots] == [9, 16, 23]


def test_expand_without_end_is_refused():
    with pytest.raises(RecurrenceError, match="needs an end"):
        expand(start=START, end=START + dt.timedelta(hours=1), weekdays=[0])


def test_expand_more_than_104_is_refused():
    with pytest.raises(RecurrenceError, match="more than 104"):
        expand(start=START, end=START + dt.timedelta(hours=1), weekdays=[0, 1, 2], until=dt.date(2027, 12, 31))


def _series(trudy, course, venue):
    return services.session_create(
        actor=trudy,
        course=course,
        start=at(7, 14),
        end=at(7, 16),
        venue=venue,
        capacity=10,
        registration_closes=at(6, 18),
        repeat_weekdays="0",
        repeat_count=4,
    )


def test_series_cancel_one_date_changes_that_row_only(trudy, course, venue):
    session = _series(trudy, course, venue)
    occurrences = list(session.occurrences.order_by("start"))
    assert len(occurrences) == 4

    services.occurrence_cancel(actor=trudy, occurrence=occurrences[1], note="停课")

    rows = list(Occurrence.objects.filter(session=session).order_by("start").values_list("status", "sequence"))
    assert rows == [("scheduled", 0), ("cancelled", 1), ("scheduled", 0), ("scheduled", 0)]


def test_series_move_one_date_keeps_uid_and_raises_sequence(trudy, course, venue):
    session = _series(trudy, course, venue)
    third = session.occurrences.order_by("start")[2]
    uid = third.uid

    moved = services.occurrence_move(actor=trudy, occurrence=third, start=at(22, 9), end=at(22, 11))

    assert (moved.uid, moved.sequence, moved.is_moved) == (uid, 1, True)
    assert moved.start == at(22, 9)
    others = session.occurrences.exclude(pk=third.pk)
    assert list(others.values_list("sequence", flat=True)) == [0, 0, 0]


def test_series_never_ending_rule_is_a_validation_error(trudy, course, venue):
    with pytest.raises(ValidationError) as error:
        services.session_create(
            actor=trudy,
            course=course,
            start=at(7, 14),
            end=at(7, 16),
            venue=venue,
            capacity=10,
            registration_closes=at(6, 18),
            repeat_weekdays="0,3",
        )
    assert error.value.message_dict == {
        "repeat_weekdays": ["A weekly series needs an end: a last date or a number of occurrences."]
    }
    assert not course.sessions.exists()


def test_series_bad_weekday_is_a_validation_error(trudy, course, venue):
    with pytest.raises(ValidationError, match="not “8”"):
        services.session_create(
            actor=trudy,
            course=course,
            start=at(7, 14),
            end=at(7, 16),
            venue=venue,
            capacity=10,
            registration_closes=at(6, 18),
            repeat_weekdays="8",
            repeat_count=2,
        )
