"""HTML pages: catalogue, session, my learning, roster and sheets — content, permissions, query counts."""

import pytest

from talent import services
from tests.factories import CourseFactory, SessionFactory, UserFactory, VenueFactory
from tests.talent.conftest import at


@pytest.mark.parametrize(("count", "queries"), [(1, 6), (3, 6)])
def test_course_list_query_count(client, trainer_org, frozen, count, queries, django_assert_num_queries):
    for i in range(count):
        CourseFactory(provider=trainer_org, title_zh=f"课程{i}")
    with django_assert_num_queries(queries):
        response = client.get("/talent/courses/")
    assert len(response.context["courses"]) == count


def test_course_list_filters(client, trainer_org, frozen):
    in_kunshan = CourseFactory(provider=trainer_org, title_zh="昆山课程")
    SessionFactory(
        course=in_kunshan,
        online_url="",
        venue=VenueFactory(provider=trainer_org),
        start=at(5, 9),
        registration_closes=at(4, 9),
    )
    online = CourseFactory(provider=trainer_org, title_zh="线上课程")
    SessionFactory(course=online, start=at(5, 9), registration_closes=at(4, 9))
    CourseFactory(provider=trainer_org, title_zh="没有场次")

    def titles(**params):
        return sorted(c.title_zh for c in client.get("/talent/courses/", params).context["courses"])

    assert titles(county="320583") == ["昆山课程"]
    assert titles(county="320500") == ["昆山课程"]  # the whole city
    assert titles(online="true") == ["线上课程"]
    assert titles(seats_left="true") == ["昆山课程", "线上课程"]
    assert titles(skill="digcomp-1") == ["昆山课程", "没有场次", "线上课程"]
    assert titles(starts_after="2026-03-10") == []
    assert titles(q="线上") == ["线上课程"]


def test_course_list_bad_filter_values_are_not_500(client, db):
    response = client.get("/talent/courses/", {"starts_after": "not-a-date", "county": "999999", "skill": "nope"})
    assert response.status_code == 200
    assert list(response.context["courses"]) == []


def test_session_page_shows_seats_left_and_enrol(client_as, session, mallory):
    response = client_as(mallory).get(f"/talent/sessions/{session.pk}/")
    body = response.content.decode()
    assert response.context["seats_left"] == 2
    assert "2 of 2" in body
    assert "Enrol" in body


def test_session_enrol_page_flow_and_my_learning(client_as, session, mallory):
    client = client_as(mallory)
    response = client.post(f"/talent/sessions/{session.pk}/enrol/", follow=True)
    assert "You are registered." in response.content.decode()
    again = client.post(f"/talent/sessions/{session.pk}/enrol/", follow=True)
    assert "You are already enrolled in this session." in again.content.decode()
    my = client.get("/talent/me/")
    assert [e.session_id for e in my.context["enrolments"]] == [session.pk]


def test_session_enrol_after_deadline_shows_message(client_as, session, mallory, frozen):
    frozen.move_to(at(7, 8))
    response = client_as(mallory).post(f"/talent/sessions/{session.pk}/enrol/", follow=True)
    assert "Registration closed at 2026-03-08 18:00." in response.content.decode()


def test_session_draft_is_404_for_outsiders(client_as, session, mallory):
    session.status = "draft"
    session.save()
    assert client_as(mallory).get(f"/talent/sessions/{session.pk}/").status_code == 404


@pytest.mark.parametrize(
    ("viewer", "status"),
    [("trudy", 200), ("pat", 200), ("alice", 404), ("bob", 404), ("charlie", 404), ("mallory", 404)],
)
def test_roster_permissions(request, client_as, session, bob, charlie, viewer, status, alice, trudy, pat, mallory):
    services.enrolment_create(person=bob, session=session)
    services.enrolment_create(person=charlie, session=session)
    client = client_as(request.getfixturevalue(viewer))
    assert client.get(f"/talent/sessions/{session.pk}/roster/").status_code == status
    assert client.get(f"/talent/sessions/{session.pk}/roster.csv").status_code == status


def test_roster_anonymous_goes_to_login(client, session):
    response = client.get(f"/talent/sessions/{session.pk}/roster/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_roster_csv_content(client_as, session, bob, charlie, trudy, frozen):
    services.enrolment_create(person=bob, session=session)
    services.enrolment_create(person=charlie, session=session)
    frozen.move_to(at(7, 9, 30))  # the date has begun
    services.attendance_mark(
        actor=trudy, occurrence=session.occurrences.get(), enrolment=bob.enrolments.get(), status="present"
    )
    content = client_as(trudy).get(f"/talent/sessions/{session.pk}/roster.csv").content.decode("utf-8-sig")
    assert content.splitlines() == [
        "person,organisation,status,waitlist_position,2026-03-09",
        "Bob,Kunshan Data Bureau,attended,,present",
        "Charlie,Shuyang Data Bureau,registered,,",
    ]


# Before the first date: no check-in code to look up.
@pytest.mark.parametrize(("count", "queries"), [(1, 7), (3, 7)])
def test_roster_query_count(client_as, session, trudy, count, queries, django_assert_num_queries):
    session.capacity = 10
    session.save()
    for i in range(count):
        services.enrolment_create(person=UserFactory(username=f"r{i}"), session=session)
    client = client_as(trudy)
    with django_assert_num_queries(queries):
        response = client.get(f"/talent/sessions/{session.pk}/roster/")
    assert len(response.context["rows"]) == count


def test_attendance_form_for_person_not_enrolled(client_as, session, trudy, mallory):
    other = SessionFactory(course=session.course, start=at(9, 9), registration_closes=at(8, 9))
    stranger = services.enrolment_create(person=mallory, session=other)
    response = client_as(trudy).post(
        f"/talent/sessions/{session.pk}/attendance/",
        {"occurrence": session.occurrences.get().pk, "enrolment": stranger.pk, "status": "present"},
        follow=True,
    )
    assert "This person is not enrolled in this session." in response.content.decode()


def test_check_in_page_with_forged_code(client_as, session, trudy, mallory, frozen):
    services.enrolment_create(person=mallory, session=session)
    occurrence = session.occurrences.get()
    frozen.move_to(at(7, 9, 5))
    services.check_in_code_issue(actor=trudy, occurrence=occurrence)
    response = client_as(mallory).post(f"/talent/occurrences/{occurrence.pk}/check-in/", {"code": "abcdef"})
    assert response.status_code == 400
    assert "This code is wrong or has expired." in response.content.decode()


def test_calendar_page_lists_upcoming_and_survives_bad_date(client, session, frozen):
    response = client.get("/talent/calendar/")
    days = response.context["days"]
    assert [o.session_id for items in days.values() for o in items] == [session.pk]
    assert client.get("/talent/calendar/", {"from": "31-02-2026"}).status_code == 200


@pytest.mark.parametrize(("count", "queries"), [(1, 12), (3, 12)])
def test_my_learning_query_count(client_as, trainer_org, mallory, frozen, count, queries, django_assert_num_queries):
    for i in range(count):
        course = CourseFactory(provider=trainer_org, title_zh=f"课{i}")
        session = SessionFactory(course=course, start=at(5 + i, 9), registration_closes=at(4, 9))
        services.enrolment_create(person=mallory, session=session)
    client = client_as(mallory)
    services.calendar_token_for(user=mallory)
    with django_assert_num_queries(queries):
        response = client.get("/talent/me/")
    assert len(response.context["enrolments"]) == count


def test_roster_csv_defuses_formulas(client_as, session, trudy):
    person = UserFactory(username="eve", display_name='=HYPERLINK("http://evil")')
    services.enrolment_create(person=person, session=session)
    content = client_as(trudy).get(f"/talent/sessions/{session.pk}/roster.csv").content.decode("utf-8-sig")
    assert content.splitlines()[1].startswith("\"'=HYPERLINK(")


def test_waitlist_rank_has_no_gaps_after_promotion(client_as, session):
    people = [UserFactory(username=f"w{i}") for i in range(5)]
    enrolments = [services.enrolment_create(person=p, session=session) for p in people]
    services.enrolment_cancel(actor=people[0], enrolment=enrolments[0])  # w2 (position 1) is promoted
    last = client_as(people[4]).get(f"/talent/sessions/{session.pk}/").context["my_enrolment"]
    assert (last.waitlist_position, last.waitlist_rank) == (3, 2)
    mine = client_as(people[4]).get("/talent/me/").context["enrolments"]
    assert [e.waitlist_rank for e in mine] == [2]
