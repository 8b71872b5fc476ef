"""/api/v1/courses/ and /api/v1/sessions/: public reads, provider writes, bad input, query counts."""

import pytest

from talent.models import Course, Session
from tests.factories import CourseFactory, MembershipFactory, SessionFactory, UserFactory
from tests.talent.conftest import at


@pytest.mark.parametrize(("count", "queries"), [(1, 3), (3, 3)])
def test_api_courses_list_query_count(api_as, trainer_org, frozen, count, queries, django_assert_num_queries):
    for i in range(count):
        CourseFactory(provider=trainer_org, title_zh=f"课程{i}")
    client = api_as(None)
    with django_assert_num_queries(queries):
        response = client.get("/api/v1/courses/")
    assert response.json()["count"] == count
    assert response.json()["results"][0]["skills"] == [{"skill": "digcomp-1.1", "level": "3"}]


def test_api_courses_drafts_only_for_the_provider(api_as, trainer_org, trudy, mallory, frozen):
    CourseFactory(provider=trainer_org, status=Course.Status.DRAFT, title_zh="草稿")
    assert api_as(mallory).get("/api/v1/courses/").json()["count"] == 0
    assert api_as(trudy).get("/api/v1/courses/").json()["count"] == 1


def _course_payload(provider):
    return {
        "provider": provider.pk,
        "title_zh": "云计算基础",
        "title_en": "Cloud basics",
        "planned_hours": 16,
        "format": "online",
        "skills": [{"skill": "det-cloud", "level": "junior"}],
        "publish": True,
    }


def test_api_course_create_by_provider_editor(api_as, trainer_org, trudy):
    response = api_as(trudy).post("/api/v1/courses/", _course_payload(trainer_org), format="json")
    assert response.status_code == 201
    body = response.json()
    assert (body["title_zh"], body["status"], body["skills"]) == (
        "云计算基础",
        "published",
        [{"skill": "det-cloud", "level": "junior"}],
    )


def test_api_course_create_published_without_skills_is_400(api_as, trainer_org, trudy):
    """As publishing a draft (and the course form, which needs a skill): a published course names a skill."""
    payload = _course_payload(trainer_org) | {"skills": []}
    response = api_as(trudy).post("/api/v1/courses/", payload, format="json")
    assert response.status_code == 400
    assert response.json() == {"skills": ["A published course names at least one skill."]}
    assert api_as(None).get("/api/v1/courses/").json()["count"] == 0
    assert not Course.objects.exists()


def test_api_course_create_draft_without_skills_is_allowed(api_as, trainer_org, trudy):
    payload = _course_payload(trainer_org) | {"skills": [], "publish": False}
    response = api_as(trudy).post("/api/v1/courses/", payload, format="json")
    assert (response.status_code, response.json()["status"]) == (201, "draft")


def test_api_course_create_by_provider_viewer_is_403(api_as, trainer_org):
    viewer = UserFactory(username="viewer")
    MembershipFactory(user=viewer, organization=trainer_org, role="viewer")
    response = api_as(viewer).post("/api/v1/courses/", _course_payload(trainer_org), format="json")
    assert response.status_code == 403
    assert not Course.objects.exists()


def test_api_course_create_level_outside_scale_is_400(api_as, trainer_org, trudy):
    payload = _course_payload(trainer_org) | {"skills": [{"skill": "det-cloud", "level": "5"}]}
    response = api_as(trudy).post("/api/v1/courses/", payload, format="json")
    assert response.status_code == 400
    assert response.json() == {
        "skills": ["Level “5” does not belong to the scale of “Cloud computing engineering technician”."]
    }
    assert not Course.objects.exists()


@pytest.mark.parametrize(("count", "queries"), [(1, 3), (3, 3)])
def test_api_sessions_list_query_count(api_as, course, count, queries, django_assert_num_queries):
    for i in range(count):
        SessionFactory(course=course, start=at(5 + i, 9), registration_closes=at(4, 9))
    client = api_as(None)
    with django_assert_num_queries(queries):
        response = client.get("/api/v1/sessions/")
    assert response.json()["count"] == count
    assert response.json()["results"][0]["seats_left"] == 20


def test_api_session_create_and_publish(api_as, course, trudy, venue):
    payload = {
        "course": course.pk,
        "start": "2026-03-16T09:00:00+08:00",
        "end": "2026-03-16T12:00:00+08:00",
        "venue": venue.pk,
        "capacity": 25,
        "registration_closes": "2026-03-15T18:00:00+08:00",
        "repeat_weekdays": "0",
        "repeat_count": 2,
    }
    client = api_as(trudy)
    response = client.post("/api/v1/sessions/", payload, format="json")
    assert response.status_code == 201
    session_id = response.json()["id"]
    assert response.json()["status"] == "draft"
    occurrences = client.get(f"/api/v1/sessions/{session_id}/occurrences/").json()
    assert [o["original_date"] for o in occurrences] == ["2026-03-16", "2026-03-23"]
    assert client.get(f"/api/v1/sessions/{session_id}/conflicts/").json() == []
    assert client.post(f"/api/v1/sessions/{session_id}/publish/").json()["status"] == "published"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"start": "next tuesday"}, "start"),
        ({"capacity": 0}, "capacity"),
        ({"end": "2026-03-16T08:00:00+08:00"}, "end"),
        (
            {
                "start": "2026-02-01T09:00:00+08:00",
                "end": "2026-02-01T10:00:00+08:00",
                "registration_closes": "2026-01-31T09:00:00+08:00",
            },
            "start",
        ),
        ({"capacity": 31}, None),
    ],
)
def test_api_session_create_bad_input_is_400(api_as, course, trudy, venue, changes, field):
    payload = {
        "course": course.pk,
        "start": "2026-03-16T09:00:00+08:00",
        "end": "2026-03-16T12:00:00+08:00",
        "venue": venue.pk,
        "capacity": 25,
        "registration_closes": "2026-03-15T18:00:00+08:00",
        "publish": True,
    } | changes
    response = api_as(trudy).post("/api/v1/sessions/", payload, format="json")
    if field:
        assert response.status_code == 400
        assert field in response.json()
    else:  # the room's size is a conflict with the venue, not malformed input
        assert response.status_code == 409
        assert response.json() == {"detail": "Capacity 31 is above the room's 30 seats."}
    assert not Session.objects.exists()


def test_api_sessions_seats_left_filter(api_as, course):
    full = SessionFactory(course=course, capacity=1, start=at(5, 9), registration_closes=at(4, 9))
    SessionFactory(course=course, start=at(6, 9), registration_closes=at(4, 9))
    from talent import services

    services.enrolment_create(person=UserFactory(username="z"), session=full)
    ids = [row["id"] for row in api_as(None).get("/api/v1/sessions/", {"seats_left": "true"}).json()["results"]]
    assert full.pk not in ids
    assert len(ids) == 1


def test_api_session_meeting_link_only_for_participants_and_provider(api_as, session, trudy, mallory, bob):
    from talent import services

    services.enrolment_create(person=bob, session=session)
    path = f"/api/v1/sessions/{session.pk}/"
    for user, expected in [(None, None), (mallory, None), (bob, session.online_url), (trudy, session.online_url)]:
        body = api_as(user).get(path).json()
        assert (body["is_online"], body["online_url"]) == (True, expected)


def test_api_course_publish_draft(api_as, trainer_org, trudy, mallory, frozen):
    draft = CourseFactory(provider=trainer_org, status=Course.Status.DRAFT)
    assert api_as(mallory).post(f"/api/v1/courses/{draft.pk}/publish/").status_code == 404
    response = api_as(trudy).post(f"/api/v1/courses/{draft.pk}/publish/")
    assert response.json()["status"] == "published"


def test_course_publish_page_without_skills_shows_message(client_as, trainer_org, trudy, frozen):
    draft = CourseFactory(provider=trainer_org, status=Course.Status.DRAFT, with_skill=False)
    response = client_as(trudy).post(f"/talent/courses/{draft.pk}/publish/", follow=True)
    assert "Name at least one skill the course teaches before publishing it." in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_api_session_create_refuses_a_trainer_outside_the_provider(api_as, course, trudy, venue, mallory):
    """The page offers the provider's members as trainers; the API must not name anyone else, who would then
    read the session's roster and enrolments (names, organisations) and appear publicly as its trainer."""
    payload = {
        "course": course.pk,
        "start": "2026-03-16T09:00:00+08:00",
        "end": "2026-03-16T12:00:00+08:00",
        "venue": venue.pk,
        "capacity": 25,
        "registration_closes": "2026-03-15T18:00:00+08:00",
        "trainers": [mallory.pk],
    }
    response = api_as(trudy).post("/api/v1/sessions/", payload, format="json")
    assert response.status_code == 400
    assert response.json() == {"trainers": ["Choose the trainers among the provider's members."]}
    assert not Session.objects.exists()
    assert api_as(mallory).get("/api/v1/enrolments/").json()["count"] == 0
