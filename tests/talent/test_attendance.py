"""Attendance marks, check-in codes, completion and certificates."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError

from talent import services
from talent.models import Attendance, Certificate, Enrolment
from tests.factories import UserFactory
from tests.talent.conftest import at


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()


@pytest.fixture
def series(trudy, course):
    """Four weekly dates from Monday 9 March 2026, capacity 5, online."""
    return services.session_create(
        actor=trudy,
        course=course,
        start=at(7, 14),
        end=at(7, 16),
        online_url="https://meeting.example.com/x",
        capacity=5,
        registration_closes=at(6, 18),
        repeat_weekdays="0",
        repeat_count=4,
        publish=True,
    )


def _begun(frozen, occurrence):
    """Move the clock five minutes into the date: attendance and codes exist only once it has begun."""
    frozen.move_to(occurrence.start + dt.timedelta(minutes=5))


def test_attendance_mark_for_enrolled_person(trudy, series, mallory, frozen):
    enrolment = services.enrolment_create(person=mallory, session=series)
    occurrence = series.occurrences.order_by("start").first()
    _begun(frozen, occurrence)
    attendance = services.attendance_mark(actor=trudy, occurrence=occurrence, enrolment=enrolment, status="late")
    assert (attendance.status, attendance.marked_by) == ("late", trudy)
    enrolment.refresh_from_db()
    assert enrolment.status == "attended"


def test_attendance_mark_for_person_not_enrolled_is_refused(trudy, series, session, mallory):
    elsewhere = services.enrolment_create(person=mallory, session=session)
    with pytest.raises(ValidationError, match="not registered for this session"):
        services.attendance_mark(
            actor=trudy, occurrence=series.occurrences.first(), enrolment=elsewhere, status="present"
        )


def test_attendance_mark_by_participant_is_forbidden(series, mallory):
    enrolment = services.enrolment_create(person=mallory, session=series)
    with pytest.raises(PermissionDenied):
        services.attendance_mark(
            actor=mallory, occurrence=series.occurrences.first(), enrolment=enrolment, status="present"
        )


def test_check_in_with_valid_code(trudy, series, mallory, frozen):
    services.enrolment_create(person=mallory, session=series)
    occurrence = series.occurrences.order_by("start").first()
    _begun(frozen, occurrence)
    code = services.check_in_code_issue(actor=trudy, occurrence=occurrence)
    assert len(code.code) == 6
    assert code.code.isdigit()
    attendance = services.check_in(person=mallory, occurrence=occurrence, code=code.code)
    assert (attendance.status, attendance.via_check_in) == ("present", True)


def test_check_in_with_forged_code_is_refused(trudy, series, mallory, frozen):
    services.enrolment_create(person=mallory, session=series)
    occurrence = series.occurrences.order_by("start").first()
    _begun(frozen, occurrence)
    real = services.check_in_code_issue(actor=trudy, occurrence=occurrence)
    forged = "000000" if real.code != "000000" else "111111"
    with pytest.raises(ValidationError) as error:
        services.check_in(person=mallory, occurrence=occurrence, code=forged)
    assert error.value.message_dict == {
        "code": ["This code is wrong or has expired. Check the code shown in the room."]
    }
    assert not Attendance.objects.exists()


def test_check_in_with_expired_code_is_refused(trudy, series, mallory, frozen):
    services.enrolment_create(person=mallory, session=series)
    occurrence = series.occurrences.order_by("start").first()
    _begun(frozen, occurrence)
    code = services.check_in_code_issue(actor=trudy, occurrence=occurrence)
    frozen.shift(dt.timedelta(minutes=15, seconds=1))
    with pytest.raises(ValidationError, match="wrong or has expired"):
        services.check_in(person=mallory, occurrence=occurrence, code=code.code)


def test_check_in_is_rate_limited(trudy, series, mallory, frozen):
    services.enrolment_create(person=mallory, session=series)
    occurrence = series.occurrences.order_by("start").first()
    _begun(frozen, occurrence)
    code = services.check_in_code_issue(actor=trudy, occurrence=occurrence)
    wrong = "999999" if code.code != "999999" else "888888"
    for _ in range(5):
        with pytest.raises(ValidationError, match="wrong"):
            services.check_in(person=mallory, occurrence=occurrence, code=wrong)
    with pytest.raises(ValidationError, match="Too many wrong codes"):
        services.check_in(person=mallory, occurrence=occurrence, code=code.code)


def test_check_in_not_enrolled_is_refused(trudy, series, mallory, frozen):
    occurrence = series.occurrences.order_by("start").first()
    _begun(frozen, occurrence)
    code = services.check_in_code_issue(actor=trudy, occurrence=occurrence)
    with pytest.raises(ValidationError, match="not registered"):
        services.check_in(person=mallory, occurrence=occurrence, code=code.code)


def _attend(trudy, series, enrolment, statuses):
    # Each date is marked once it has begun (the series is weekly from 9 March).
    with time_machine.travel(at(30, 9), tick=False):
        for occurrence, status in zip(series.occurrences.order_by("start"), statuses, strict=False):
            services.attendance_mark(actor=trudy, occurrence=occurrence, enrolment=enrolment, status=status)


def test_session_complete_applies_attendance_rule_and_issues_certificates(trudy, series, frozen):
    full, three, excused, two = (UserFactory(username=n) for n in ("full", "three", "excused", "two"))
    enrolments = {p.username: services.enrolment_create(person=p, session=series) for p in (full, three, excused, two)}
    _attend(trudy, series, enrolments["full"], ["present"] * 4)
    _attend(trudy, series, enrolments["three"], ["present", "late", "present", "absent"])  # 75% < 80%
    _attend(trudy, series, enrolments["excused"], ["present", "present", "present", "excused"])  # 3/3
    _attend(trudy, series, enrolments["two"], ["present", "absent", "absent", "present"])
    # Cancelled afterwards: the marks made on it no longer count.
    services.occurrence_cancel(actor=trudy, occurrence=series.occurrences.order_by("start")[3])  # now 3 held
    frozen.move_to(at(30, 9))

    result = services.session_complete(actor=trudy, session=series)

    # Held dates: the first three. full 3/3, three 3/3 (its absence was on the cancelled date), excused 3/3,
    # two 1/3.
    assert result == {"completed": 3, "not_completed": 1}
    statuses = dict(Enrolment.objects.values_list("person__username", "status"))
    assert statuses == {"full": "completed", "three": "completed", "excused": "completed", "two": "not_completed"}
    assert Certificate.objects.count() == 3
    # Hours are attended time (three held 2-hour dates each), not the course's 12 planned hours.
    assert set(Certificate.objects.values_list("hours", flat=True)) == {Decimal(6)}
    assert services.session_complete(actor=trudy, session=series) == {"completed": 0, "not_completed": 0}


def test_session_complete_requires_passed_assessment(trudy, series, frozen):
    series.course.requires_assessment = True
    series.course.save()
    passed, failed = UserFactory(username="passed"), UserFactory(username="failed")
    for person in (passed, failed):
        enrolment = services.enrolment_create(person=person, session=series)
        _attend(trudy, series, enrolment, ["present"] * 4)
        services.enrolment_set_assessment(actor=trudy, enrolment=enrolment, passed=person is passed)
    frozen.move_to(at(30, 9))
    assert services.session_complete(actor=trudy, session=series) == {"completed": 1, "not_completed": 1}
    assert Certificate.objects.get().enrolment.person == passed


def test_session_complete_before_the_end_is_refused(trudy, series):
    with pytest.raises(ValidationError, match="only after its last date"):
        services.session_complete(actor=trudy, session=series)


def test_certificate_for_incomplete_enrolment_is_refused(series, mallory):
    enrolment = services.enrolment_create(person=mallory, session=series)
    with pytest.raises(ValidationError, match="only for completed enrolments"):
        services.certificate_issue(enrolment=enrolment)
    assert not Certificate.objects.exists()


def test_attendance_and_codes_before_the_date_has_begun_are_refused(trudy, series, mallory, frozen):
    enrolment = services.enrolment_create(person=mallory, session=series)
    occurrence = series.occurrences.order_by("start").first()
    frozen.move_to(occurrence.start - dt.timedelta(minutes=1))
    with pytest.raises(ValidationError, match="has not started yet"):
        services.attendance_mark(actor=trudy, occurrence=occurrence, enrolment=enrolment, status="present")
    with pytest.raises(ValidationError, match="has not started yet"):
        services.check_in_code_issue(actor=trudy, occurrence=occurrence)
    with pytest.raises(ValidationError, match="has not started yet"):
        services.attendance_mark_bulk(actor=trudy, occurrence=occurrence, present={enrolment.pk})
    assert not Attendance.objects.exists()
    with pytest.raises(ValidationError, match="only after its last date"):
        services.session_complete(actor=trudy, session=series)


def test_bulk_attendance_marks_ticked_present_and_keeps_late_and_excused(trudy, series, frozen):
    people = {n: UserFactory(username=n) for n in ("ticked", "unticked", "late", "excused")}
    enrolments = {n: services.enrolment_create(person=p, session=series) for n, p in people.items()}
    occurrence = series.occurrences.order_by("start").first()
    _begun(frozen, occurrence)
    services.attendance_mark(actor=trudy, occurrence=occurrence, enrolment=enrolments["late"], status="late")
    services.attendance_mark(actor=trudy, occurrence=occurrence, enrolment=enrolments["excused"], status="excused")
    counts = services.attendance_mark_bulk(
        actor=trudy, occurrence=occurrence, present={enrolments["ticked"].pk, enrolments["late"].pk}
    )
    assert counts == {"present": 2, "absent": 2}
    marks = dict(Attendance.objects.filter(occurrence=occurrence).values_list("enrolment__person__username", "status"))
    assert marks == {"ticked": "present", "unticked": "absent", "late": "late", "excused": "excused"}
    assert Enrolment.objects.get(pk=enrolments["ticked"].pk).status == "attended"


def test_bulk_attendance_with_a_stranger_saves_nothing(trudy, series, session, mallory, frozen):
    mine = services.enrolment_create(person=UserFactory(username="mine"), session=series)
    elsewhere = services.enrolment_create(person=mallory, session=session)
    occurrence = series.occurrences.order_by("start").first()
    _begun(frozen, occurrence)
    with pytest.raises(ValidationError, match="not registered"):
        services.attendance_mark_bulk(actor=trudy, occurrence=occurrence, present={mine.pk, elsewhere.pk})
    assert not Attendance.objects.exists()


def test_bulk_attendance_by_a_participant_is_forbidden(series, mallory, frozen):
    enrolment = services.enrolment_create(person=mallory, session=series)
    occurrence = series.occurrences.order_by("start").first()
    _begun(frozen, occurrence)
    with pytest.raises(PermissionDenied):
        services.attendance_mark_bulk(actor=mallory, occurrence=occurrence, present={enrolment.pk})
    assert not Attendance.objects.exists()
