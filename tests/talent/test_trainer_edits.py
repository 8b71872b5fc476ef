"""Trainers edit their work: sessions (capacity, time, place), courses (edit, unpublish); the roster takes one
date's attendance in one go; cancelling a session or a date and revoking a certificate ask first."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from core.models import Notification
from talent import services
from talent.models import Attendance, Certificate, Course, Enrolment, Session
from tests.factories import EnrolmentFactory, SessionFactory, UserFactory
from tests.talent.conftest import at


def _enrol(session, n, prefix="p"):
    return [services.enrolment_create(person=UserFactory(username=f"{prefix}{i}"), session=session) for i in range(n)]


# ---------------------------------------------------------------- session_update


def test_capacity_below_seats_taken_is_refused_with_the_numbers(trudy, session):
    _enrol(session, 3)  # capacity 2: two registered, one waitlisted
    with pytest.raises(ValidationError) as error:
        services.session_update(actor=trudy, session=session, capacity=1)
    assert error.value.message_dict["capacity"] == [
        "2 people already hold a seat, so the capacity cannot go down to 1. "
        "Cancel enrolments first, or keep at least 2 seats."
    ]
    session.refresh_from_db()
    assert session.capacity == 2


def test_capacity_up_promotes_the_waitlist_in_order(trudy, session):
    _first, _second, third, fourth = _enrol(session, 4)
    assert [e.status for e in (third, fourth)] == ["waitlisted", "waitlisted"]
    result = services.session_update(actor=trudy, session=session, capacity=3)
    assert result["promoted"] == 1
    statuses = dict(Enrolment.objects.values_list("person__username", "status"))
    assert statuses == {"p0": "registered", "p1": "registered", "p2": "registered", "p3": "waitlisted"}
    assert Notification.objects.filter(user=third.person, kind="talent_seat_promoted").exists()


def test_new_time_moves_the_dates_raises_sequence_and_tells_learners(trudy, session):
    (learner,) = _enrol(session, 1)
    occurrence = session.occurrences.get()
    result = services.session_update(
        actor=trudy, session=session, start=at(8, 14), end=at(8, 17), registration_closes=at(7, 18)
    )
    occurrence.refresh_from_db()
    assert (occurrence.start, occurrence.end, occurrence.sequence) == (at(8, 14), at(8, 17), 1)
    assert result == {"promoted": 0, "notified": 1}
    note = Notification.objects.get(kind="talent_session_changed")
    assert note.user == learner.person
    assert "2026-03-10 14:00" in note.body


def test_new_time_that_clashes_with_the_trainer_is_refused_and_nothing_moves(trudy, course, session):
    session.trainers.add(trudy)
    busy = SessionFactory(course=course, start=at(9, 9), end=at(9, 12), registration_closes=at(8, 9))
    busy.trainers.add(trudy)
    with pytest.raises(ValidationError):
        services.session_update(actor=trudy, session=session, start=at(9, 10), end=at(9, 11))
    occurrence = session.occurrences.get()
    assert (occurrence.start, occurrence.sequence) == (at(7, 9), 0)


def test_editing_a_session_is_for_the_provider(session, mallory, bob):
    for person in (mallory, bob):
        with pytest.raises(PermissionDenied):
            services.session_update(actor=person, session=session, capacity=50)
    session.refresh_from_db()
    assert session.capacity == 2


def test_session_edit_page_shows_the_numbers_on_refusal(client_as, trudy, session):
    _enrol(session, 2)
    url = reverse("talent:session-edit", args=[session.pk])
    client = client_as(trudy)
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "start": "2026-03-09T09:00",
            "end": "2026-03-09T12:00",
            "online_url": session.online_url,
            "capacity": "1",
            "registration_closes": "2026-03-08T18:00",
        },
    )
    assert response.status_code == 400
    assert "2 people already hold a seat" in response.content.decode()


def test_moving_one_date_tells_the_enrolled_as_moving_the_session_does(client_as, trudy, session):
    _enrol(session, 3)  # capacity 2: two registered, one waitlisted
    occurrence = session.occurrences.get()
    client_as(trudy).post(
        reverse("talent:occurrence-move", args=[occurrence.pk]),
        {"start": "2026-03-10T14:00", "end": "2026-03-10T17:00"},
    )
    occurrence.refresh_from_db()
    assert occurrence.start == at(8, 14)
    notes = Notification.objects.filter(kind="talent_session_changed")
    assert sorted(n.user.username for n in notes) == ["p0", "p1", "p2"]  # the waitlist too, as for the session
    assert all("2026-03-10 14:00" in n.body for n in notes)


def test_cancelling_one_date_tells_the_enrolled_as_cancelling_the_session_does(client_as, trudy, session):
    (learner,) = _enrol(session, 1)
    occurrence = session.occurrences.get()
    client = client_as(trudy)
    url = reverse("talent:occurrence-cancel", args=[occurrence.pk])
    assert "1 enrolled people (waitlist included) are told at once." in client.get(url).content.decode()
    client.post(url, {"reason": "场地检修"})
    note = Notification.objects.get(kind="talent_session_cancelled")
    assert note.user == learner.person
    assert note.title == "Cancelled: Data literacy on 2026-03-09 09:00"


def test_changing_a_date_of_a_draft_session_tells_nobody(trudy, session):
    session.status = Session.Status.DRAFT
    session.save(update_fields=["status"])
    occurrence = session.occurrences.get()
    services.occurrence_move(actor=trudy, occurrence=occurrence, start=at(8, 14), end=at(8, 17))
    services.occurrence_cancel(actor=trudy, occurrence=occurrence)
    assert not Notification.objects.exists()


# ---------------------------------------------------------------- courses


def test_course_edit_and_unpublish(client_as, trudy, course):
    services.course_update(actor=trudy, course=course, title_en="Data literacy for clerks", planned_hours=16)
    course.refresh_from_db()
    assert (course.title_en, course.planned_hours) == ("Data literacy for clerks", 16)
    client = client_as(trudy)
    url = reverse("talent:course-unpublish", args=[course.pk])
    assert "leaves the public list" in client.get(url).content.decode()
    course.refresh_from_db()
    assert course.status == Course.Status.PUBLISHED  # the GET only asks
    client.post(url)
    course.refresh_from_db()
    assert course.status == Course.Status.DRAFT


def test_course_with_learners_to_come_cannot_be_unpublished(trudy, course, session):
    _enrol(session, 1)
    with pytest.raises(ValidationError, match="1 upcoming session"):
        services.course_unpublish(actor=trudy, course=course)


def test_course_edit_page(client_as, trudy, course, mallory):
    url = reverse("talent:course-edit", args=[course.pk])
    assert client_as(mallory).get(url).status_code == 403
    response = client_as(trudy).get(url)
    assert response.status_code == 200
    assert response.context["form"].initial["title_zh"] == "数据素养"


# ---------------------------------------------------------------- roster and attendance pages


def test_roster_offers_nothing_before_the_first_date(client_as, trudy, session):
    _enrol(session, 1)
    html = client_as(trudy).get(reverse("talent:session-roster", args=[session.pk])).content.decode()
    assert 'id="not-started"' in html
    assert 'id="bulk-attendance"' not in html
    assert "Show check-in code" not in html
    assert reverse("talent:session-complete", args=[session.pk]) not in html


def test_roster_bulk_attendance_after_the_start(client_as, trudy, session, frozen):
    a, b = _enrol(session, 2)
    frozen.move_to(at(7, 9, 10))
    client = client_as(trudy)
    html = client.get(reverse("talent:session-roster", args=[session.pk])).content.decode()
    assert 'id="bulk-attendance"' in html
    assert "Show check-in code" in html
    occurrence = session.occurrences.get()
    response = client.post(reverse("talent:occurrence-attendance", args=[occurrence.pk]), {"present": [a.pk]})
    assert response.status_code == 302
    marks = dict(Attendance.objects.values_list("enrolment_id", "status"))
    assert marks == {a.pk: "present", b.pk: "absent"}


def test_bulk_attendance_page_for_outsiders_is_404(client_as, session, mallory, frozen):
    (a,) = _enrol(session, 1)
    frozen.move_to(at(7, 9, 10))
    url = reverse("talent:occurrence-attendance", args=[session.occurrences.get().pk])
    assert client_as(mallory).post(url, {"present": [a.pk]}).status_code == 404
    assert not Attendance.objects.exists()


# ---------------------------------------------------------------- confirmations


def test_session_cancel_asks_first(client_as, trudy, session):
    _enrol(session, 3)
    client = client_as(trudy)
    url = reverse("talent:session-cancel", args=[session.pk])
    html = client.get(url).content.decode()
    assert "3 enrolled people (waitlist included) are told at once." in html
    assert Session.objects.get().status == "published"
    client.post(url)
    assert Session.objects.get().status == "cancelled"


def test_occurrence_cancel_asks_first_and_keeps_the_note(client_as, trudy, session):
    occurrence = session.occurrences.get()
    client = client_as(trudy)
    url = reverse("talent:occurrence-cancel", args=[occurrence.pk])
    assert "Only this date is cancelled" in client.get(url).content.decode()
    occurrence.refresh_from_db()
    assert occurrence.status == "scheduled"
    client.post(url, {"reason": "场地检修"})
    occurrence.refresh_from_db()
    assert (occurrence.status, occurrence.note) == ("cancelled", "场地检修")


@pytest.fixture
def certificate(session, bob):
    enrolment = EnrolmentFactory(session=session, person=bob, status=Enrolment.Status.COMPLETED)
    return services.certificate_issue(enrolment=enrolment)


def test_certificate_revoke_asks_for_a_reason(client_as, trudy, certificate):
    client = client_as(trudy)
    url = reverse("talent:certificate-revoke", args=[certificate.code])
    html = client.get(url).content.decode()
    assert 'name="reason"' in html
    assert client.post(url, {"reason": "  "}).status_code == 400
    assert Certificate.objects.get().revoked_at is None
    client.post(url, {"reason": "考勤记录有误"})
    certificate.refresh_from_db()
    assert (certificate.revoked_at is not None, certificate.revoked_reason) == (True, "考勤记录有误")


@pytest.mark.parametrize(("who", "status"), [("mallory", 404), ("alice", 403)])
def test_certificate_revoke_page_for_others(request, client_as, certificate, who, status):
    user = request.getfixturevalue(who)
    url = reverse("talent:certificate-revoke", args=[certificate.code])
    assert client_as(user).get(url).status_code == status
    assert client_as(user).post(url, {"reason": "x"}).status_code == status
    assert Certificate.objects.get().revoked_at is None


def test_dates_before_now_unchanged_by_the_edit_guard(trudy, session, frozen):
    frozen.move_to(at(7, 10))  # the only date has begun
    with pytest.raises(ValidationError, match="has begun"):
        services.session_update(actor=trudy, session=session, start=at(8, 9), end=at(8, 12))
    services.session_update(actor=trudy, session=session, capacity=5)  # capacity may still change
    session.refresh_from_db()
    assert session.capacity == 5
    assert session.start == at(7, 9)
    assert dt.timedelta(0) < session.end - session.start
