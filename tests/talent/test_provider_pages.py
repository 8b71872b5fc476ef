"""Providers add courses and sessions through pages; conflicts block publishing and nothing is saved."""

import pytest

from talent.models import Course, Occurrence, Session
from tests.factories import MembershipFactory, UserFactory


def test_course_create_page_by_provider(client_as, trudy, trainer_org, frozen):
    response = client_as(trudy).post(
        "/talent/courses/new/",
        {
            "provider": trainer_org.pk,
            "title_zh": "物联网入门",
            "title_en": "IoT basics",
            "planned_hours": "16",
            "format": "in_person",
            "language": "zh",
            "skills": ["det-iot", "digcomp-5.1"],
            "digcomp_level": "4",
            "engineer_level": "junior",
            "min_attendance_percent": "80",
            "publish": "on",
        },
    )
    course = Course.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/talent/courses/{course.pk}/sessions/new/"
    assert sorted(course.course_skills.values_list("skill__code", "level")) == [
        ("det-iot", "junior"),
        ("digcomp-5.1", "4"),
    ]
    assert course.status == "published"


def test_course_create_page_for_non_provider_is_403(client_as, alice, mallory):
    assert client_as(alice).get("/talent/courses/new/").status_code == 403
    assert client_as(mallory).get("/talent/courses/new/").status_code == 403


def test_course_create_page_bad_input_shows_errors(client_as, trudy, trainer_org):
    response = client_as(trudy).post("/talent/courses/new/", {"provider": trainer_org.pk, "planned_hours": "0"})
    assert response.status_code == 200
    assert set(response.context["form"].errors) >= {"title_zh", "planned_hours", "skills"}
    assert not Course.objects.exists()


def _session_post(venue, **changes):
    data = {
        "start": "2026-03-16T09:00",
        "end": "2026-03-16T12:00",
        "venue": venue.pk,
        "capacity": "20",
        "registration_closes": "2026-03-15T18:00",
        "repeat_weekdays": ["0"],
        "repeat_count": "3",
        "publish": "on",
    }
    data.update(changes)
    return data


def test_session_create_page_weekly_series(client_as, trudy, course, venue):
    response = client_as(trudy).post(f"/talent/courses/{course.pk}/sessions/new/", _session_post(venue))
    session = Session.objects.get()
    assert response["Location"] == f"/talent/sessions/{session.pk}/"
    assert session.status == "published"
    assert [o.original_date.isoformat() for o in session.occurrences.order_by("start")] == [
        "2026-03-16",
        "2026-03-23",
        "2026-03-30",
    ]


def test_session_create_page_conflict_blocks_and_saves_nothing(client_as, trudy, course, venue):
    client = client_as(trudy)
    client.post(f"/talent/courses/{course.pk}/sessions/new/", _session_post(venue))
    response = client.post(
        f"/talent/courses/{course.pk}/sessions/new/",
        _session_post(
            venue,
            start="2026-03-23T10:00",
            end="2026-03-23T11:00",
            registration_closes="2026-03-22T09:00",
            repeat_weekdays=[],
            repeat_count="",
        ),
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        f"Room {venue.name} is booked for “Data literacy” at 2026-03-23 09:00."
    ]
    assert Session.objects.count() == 1
    assert Occurrence.objects.count() == 3


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"start": "31/02/2026"}, "start"),
        ({"capacity": "0"}, "capacity"),
        ({"capacity": "31"}, None),
        ({"repeat_count": ""}, "repeat_weekdays"),
    ],
)
def test_session_create_page_bad_input(client_as, trudy, course, venue, changes, field):
    response = client_as(trudy).post(f"/talent/courses/{course.pk}/sessions/new/", _session_post(venue, **changes))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert (field in errors) if field else ("__all__" in errors)
    assert not Session.objects.exists()


def test_session_create_page_by_provider_viewer_is_403(client_as, course, trainer_org):
    viewer = UserFactory(username="viewer")
    MembershipFactory(user=viewer, organization=trainer_org, role="viewer")
    assert client_as(viewer).get(f"/talent/courses/{course.pk}/sessions/new/").status_code == 403


def test_occurrence_cancel_and_move_pages(client_as, trudy, course, venue):
    client = client_as(trudy)
    client.post(f"/talent/courses/{course.pk}/sessions/new/", _session_post(venue))
    first, second, _third = Occurrence.objects.order_by("start")
    client.post(f"/talent/occurrences/{first.pk}/cancel/", {"note": "停课"})
    client.post(f"/talent/occurrences/{second.pk}/move/", {"start": "2026-03-24T09:00", "end": "2026-03-24T12:00"})
    rows = list(Occurrence.objects.order_by("original_date").values_list("status", "sequence", "note"))
    assert rows == [("cancelled", 1, "停课"), ("scheduled", 1, ""), ("scheduled", 0, "")]
    assert Occurrence.objects.get(pk=second.pk).is_moved


def test_occurrence_cancel_by_participant_is_refused(client_as, session, mallory):
    occurrence = session.occurrences.get()
    response = client_as(mallory).post(f"/talent/occurrences/{occurrence.pk}/cancel/", follow=True)
    assert "Only administrators and editors of a verified training provider" in response.content.decode()
    assert Occurrence.objects.get().status == "scheduled"


def test_session_cancel_page_marks_all_dates_and_notifies(client_as, trudy, session, mallory):
    from core.models import Notification
    from talent import services

    services.enrolment_create(person=mallory, session=session)
    client_as(trudy).post(f"/talent/sessions/{session.pk}/cancel/")
    session.refresh_from_db()
    assert session.status == "cancelled"
    assert list(session.occurrences.values_list("status", "sequence")) == [("cancelled", 1)]
    assert Notification.objects.get().user == mallory
    assert client_as(mallory).post(f"/talent/sessions/{session.pk}/cancel/").status_code == 403
    assert Session.objects.get().status == "cancelled"


def test_assessment_page_records_result(client_as, trudy, session, mallory):
    from talent import services

    enrolment = services.enrolment_create(person=mallory, session=session)
    client_as(trudy).post(f"/talent/sessions/{session.pk}/assessment/", {"enrolment": enrolment.pk, "passed": "true"})
    enrolment.refresh_from_db()
    assert enrolment.assessment_passed is True
    response = client_as(mallory).post(
        f"/talent/sessions/{session.pk}/assessment/", {"enrolment": enrolment.pk, "passed": "false"}
    )
    assert response.status_code == 404
    enrolment.refresh_from_db()
    assert enrolment.assessment_passed is True
