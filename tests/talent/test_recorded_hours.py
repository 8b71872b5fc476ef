"""Hours come from recorded time: certificates carry attended hours (occurrence length × attended), completed
exchanges credit hours and skills, and an exchange cannot be completed before its end date without a reason."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError

from talent import selectors, services
from talent.models import Certificate, Exchange, Occurrence, Skill
from talent.recurrence import SHANGHAI
from talent.services.exchanges import working_days
from tests.factories import CourseFactory, SessionFactory
from tests.talent.conftest import at


@pytest.fixture
def two_dates(trainer_org, frozen):
    """2 occurrences × 2 h of a course that plans 8 h and completes at 50 % attendance."""
    course = CourseFactory(provider=trainer_org, planned_hours=8, min_attendance_percent=50)
    session = SessionFactory(course=course, start=at(7, 9), end=at(7, 11), registration_closes=at(6, 18))
    first = session.occurrences.get()
    second = Occurrence.objects.create(session=session, original_date=at(14, 9).date(), start=at(14, 9), end=at(14, 11))
    return session, first, second


def test_certificate_hours_equal_attended_time(two_dates, trudy, bob, client, api_client):
    session, first, second = two_dates
    enrolment = services.enrolment_create(person=bob, session=session)
    with time_machine.travel(at(15, 9), tick=False):
        services.attendance_mark(actor=trudy, occurrence=first, enrolment=enrolment, status="present")
        services.attendance_mark(actor=trudy, occurrence=second, enrolment=enrolment, status="absent")
        assert services.session_complete(actor=trudy, session=session) == {"completed": 1, "not_completed": 0}

    certificate = Certificate.objects.get()
    assert certificate.hours == Decimal("2.00")  # one 2-hour date attended, not the 8 planned hours
    assert "学时 Hours: 2 " in client.get(f"/talent/certificates/{certificate.code}/").content.decode()
    assert api_client.get(f"/api/v1/certificates/verify/{certificate.code}/").json()["hours"] == 2.0
    assert selectors.hours_by_year(person=bob) == [{"year": 2026, "hours": 2, "courses": 1, "exchanges": 0}]


def test_certificate_hours_count_late_and_partial_hours(two_dates, trudy, bob):
    session, first, second = two_dates
    Occurrence.objects.filter(pk=second.pk).update(end=at(14, 10, 30))  # a 1.5-hour second date
    enrolment = services.enrolment_create(person=bob, session=session)
    with time_machine.travel(at(15, 9), tick=False):
        services.attendance_mark(actor=trudy, occurrence=first, enrolment=enrolment, status="late")
        services.attendance_mark(actor=trudy, occurrence=second, enrolment=enrolment, status="present")
        services.session_complete(actor=trudy, session=session)
    assert Certificate.objects.get().hours == Decimal("3.50")


def test_certificate_hours_leave_out_cancelled_dates(two_dates, trudy, bob):
    session, first, second = two_dates
    enrolment = services.enrolment_create(person=bob, session=session)
    with time_machine.travel(at(8, 9), tick=False):
        services.attendance_mark(actor=trudy, occurrence=first, enrolment=enrolment, status="present")
    services.occurrence_cancel(actor=trudy, occurrence=second)
    with time_machine.travel(at(15, 9), tick=False):
        services.session_complete(actor=trudy, session=session)
    assert Certificate.objects.get().hours == Decimal("2.00")


# --- Exchanges ----------------------------------------------------------------------------------------------


def _on(year, month, day):
    return dt.datetime(year, month, day, 10, tzinfo=SHANGHAI)


@pytest.fixture
def running(alice, bob, charlie, county, other_county, frozen):
    """bob from 昆山 to 沭阳, 1 April – 30 June 2026, in progress."""
    exchange = services.exchange_propose(
        actor=alice,
        person=bob,
        home_organization=county,
        host_organization=other_county,
        start_date=dt.date(2026, 4, 1),
        end_date=dt.date(2026, 6, 30),
        role="数据共享专班 挂职",
        kind=Exchange.Kind.SECONDMENT,
        skills=[Skill.objects.get(code="det-big-data"), Skill.objects.get(code="digcomp-1.3")],
    )
    services.exchange_approve(actor=alice, exchange=exchange)
    services.exchange_approve(actor=charlie, exchange=exchange)
    frozen.move_to(_on(2026, 4, 1))
    return services.exchange_start(actor=alice, exchange=exchange)


def test_exchange_cannot_complete_on_its_first_day_without_a_reason(running, alice):
    with pytest.raises(ValidationError) as refused:
        services.exchange_complete(actor=alice, exchange=running, report="Done", hours=8)
    assert refused.value.message_dict == {
        "early_end_reason": ["This exchange runs until 2026-06-30. To complete it before then, say why it ended early."]
    }
    assert Exchange.objects.get().status == "in_progress"


def test_exchange_completes_early_with_a_reason_and_ends_today(running, alice, frozen):
    frozen.move_to(_on(2026, 5, 15))
    done = services.exchange_complete(
        actor=alice, exchange=running, report="Done", hours=200, early_end_reason="Host project finished"
    )
    assert (done.status, done.ended_on, done.early_end_reason, done.credited_hours) == (
        "completed",
        dt.date(2026, 5, 15),
        "Host project finished",
        200,
    )


def test_exchange_hours_at_most_eight_per_working_day_served(running, alice, frozen):
    frozen.move_to(_on(2026, 4, 3))  # Wednesday 1 to Friday 3 April: 3 working days
    with pytest.raises(ValidationError) as refused:
        services.exchange_complete(actor=alice, exchange=running, report="Done", hours=25, early_end_reason="Ill")
    assert refused.value.message_dict == {"hours": ["At most 24 hours: 8 for each of the 3 working days served."]}
    with pytest.raises(ValidationError, match="at least 1"):
        services.exchange_complete(actor=alice, exchange=running, report="Done", hours=0, early_end_reason="Ill")
    assert (
        services.exchange_complete(
            actor=alice, exchange=running, report="Done", hours=24, early_end_reason="Ill"
        ).credited_hours
        == 24
    )


def test_exchange_reason_not_needed_after_the_end_date(running, alice, frozen):
    frozen.move_to(_on(2026, 7, 2))
    done = services.exchange_complete(
        actor=alice, exchange=running, report="Done", hours=300, early_end_reason="ignored after the end"
    )
    assert (done.ended_on, done.early_end_reason) == (dt.date(2026, 6, 30), "")


def test_completed_exchange_credits_hours_and_skills(running, alice, bob, frozen):
    frozen.move_to(_on(2026, 7, 1))
    done = services.exchange_complete(actor=alice, exchange=running, report="Done", hours=300)
    assert selectors.hours_by_year(person=bob) == [{"year": 2026, "hours": 300, "courses": 0, "exchanges": 1}]
    profile = selectors.skills_profile(person=bob)
    assert [(e.skill.code, e.level, e.course_title, e.certificate_code, e.exchange_id) for e in profile] == [
        ("det-big-data", "", "数据共享专班 挂职", done.certificate_code, done.pk),
        ("digcomp-1.3", "", "数据共享专班 挂职", done.certificate_code, done.pk),
    ]


def test_exchange_complete_api_refuses_early_end_without_reason(running, alice, api_as):
    url = f"/api/v1/exchanges/{running.pk}/complete/"
    response = api_as(alice).post(url, {"report": "Done", "hours": 8}, format="json")
    assert response.status_code == 400
    assert "say why it ended early" in str(response.json())
    response = api_as(alice).post(
        url, {"report": "Done", "hours": 8, "early_end_reason": "Recalled home"}, format="json"
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["ended_on"], body["early_end_reason"], body["credited_hours"]) == (
        "completed",
        "2026-04-01",
        "Recalled home",
        8,
    )


def test_exchange_complete_api_bad_hours_is_400(running, alice, api_as):
    response = api_as(alice).post(f"/api/v1/exchanges/{running.pk}/complete/", {"report": "x", "hours": "many"})
    assert response.status_code == 400
    assert Exchange.objects.get().status == "in_progress"


def test_exchange_complete_page_shows_the_refusal(running, alice, client_as):
    client = client_as(alice)
    response = client.post(f"/talent/exchanges/{running.pk}/complete/", {"report": "Done", "hours": "8"}, follow=True)
    assert "say why it ended early" in response.content.decode()
    assert Exchange.objects.get().status == "in_progress"
    client.post(
        f"/talent/exchanges/{running.pk}/complete/",
        {"report": "Done", "hours": "8", "early_end_reason": "Recalled home"},
    )
    page = client.get(f"/talent/exchanges/{running.pk}/").content.decode()
    assert "Recalled home" in page
    assert "Hours credited" in page


def test_exchange_complete_by_a_viewer_is_forbidden(running, bob):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.exchange_complete(actor=bob, exchange=running, report="Done", hours=8, early_end_reason="x")


@pytest.mark.parametrize(
    ("start", "end", "days"),
    [
        (dt.date(2026, 4, 1), dt.date(2026, 4, 1), 1),  # Wednesday
        (dt.date(2026, 4, 4), dt.date(2026, 4, 5), 0),  # a weekend
        (dt.date(2026, 4, 1), dt.date(2026, 4, 30), 22),
        (dt.date(2026, 4, 2), dt.date(2026, 4, 1), 0),
    ],
)
def test_working_days(start, end, days):
    assert working_days(start, end) == days
