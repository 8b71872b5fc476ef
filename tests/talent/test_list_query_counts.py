"""Literal query counts for the remaining list pages and endpoints, flat in the number of items."""

import datetime as dt

import pytest

from talent import services
from tests.factories import CourseFactory, EnrolmentFactory, SessionFactory
from tests.talent.conftest import at


def _exchanges(alice, bob, charlie, county, other_county, count):
    for i in range(count):
        exchange = services.exchange_propose(
            actor=alice,
            person=bob,
            home_organization=county,
            host_organization=other_county,
            start_date=dt.date(2026, 4, 1 + i),
            end_date=dt.date(2026, 5, 1),
            role=f"岗位{i}",
        )
        services.exchange_approve(actor=alice, exchange=exchange)
        services.exchange_approve(actor=charlie, exchange=exchange)


@pytest.mark.parametrize(("count", "queries"), [(1, 4), (3, 4)])
def test_exchange_list_page_query_count(
    client, alice, bob, charlie, county, other_county, count, queries, django_assert_num_queries
):
    _exchanges(alice, bob, charlie, county, other_county, count)
    with django_assert_num_queries(queries):
        response = client.get("/talent/exchanges/")
    assert len(response.context["exchanges"]) == count


@pytest.mark.parametrize(("count", "queries"), [(1, 1), (3, 1)])
def test_calendar_page_query_count(client, trainer_org, frozen, count, queries, django_assert_num_queries):
    for i in range(count):
        course = CourseFactory(provider=trainer_org, title_zh=f"课{i}")
        SessionFactory(course=course, start=at(3 + i, 9), registration_closes=at(2, 9))
    with django_assert_num_queries(queries):
        response = client.get("/talent/calendar/")
    assert sum(len(items) for items in response.context["days"].values()) == count


@pytest.mark.parametrize(("count", "queries"), [(1, 4), (3, 4)])
def test_course_detail_sessions_query_count(client, course, count, queries, django_assert_num_queries):
    for i in range(count):
        SessionFactory(course=course, start=at(3 + i, 9), registration_closes=at(2, 9))
    with django_assert_num_queries(queries):
        response = client.get(f"/talent/courses/{course.pk}/")
    assert len(response.context["sessions"]) == count


@pytest.mark.parametrize(("count", "queries"), [(1, 3), (3, 3)])
def test_api_certificates_list_query_count(api_as, session, bob, count, queries, django_assert_num_queries):
    for i in range(count):
        other = SessionFactory(course=session.course, start=at(20 + i, 9), registration_closes=at(19, 9))
        enrolment = EnrolmentFactory(session=other, person=bob, status="completed")
        services.certificate_issue(enrolment=enrolment)
    client = api_as(bob)
    with django_assert_num_queries(queries):
        response = client.get("/api/v1/certificates/")
    assert response.json()["count"] == count


@pytest.mark.parametrize(("count", "queries"), [(1, 10), (3, 10)])
def test_person_record_page_query_count(
    client_as, bob, alice, trainer_org, frozen, count, queries, django_assert_num_queries
):
    for i in range(count):
        course = CourseFactory(provider=trainer_org, title_zh=f"课{i}")
        session = SessionFactory(course=course, start=at(-30 - i, 9), registration_closes=at(-31 - i, 9))
        services.certificate_issue(enrolment=EnrolmentFactory(session=session, person=bob, status="completed"))
    client = client_as(alice)
    with django_assert_num_queries(queries):
        response = client.get(f"/talent/people/{bob.pk}/")
    assert response.context["hours"][0]["courses"] == count
