"""/api/v1/enrolments/: who sees whose enrolments (charlie's data present), actions, bad input, query counts."""

import pytest

from talent import services
from tests.factories import UserFactory


@pytest.fixture
def enrolled(session, bob, charlie):
    """bob (viewer of 昆山) and charlie (admin of 沭阳) both enrolled in ``session``."""
    return {
        "bob": services.enrolment_create(person=bob, session=session),
        "charlie": services.enrolment_create(person=charlie, session=session),
    }


@pytest.mark.parametrize(
    ("viewer", "expected"),
    [
        ("bob", {"bob"}),
        ("charlie", {"charlie"}),
        ("alice", {"bob"}),  # admin of bob's organisation
        ("trudy", {"bob", "charlie"}),  # the provider
        ("pat", {"bob", "charlie"}),  # the provincial office
        ("mallory", set()),
        ("dave", set()),
    ],
)
def test_api_enrolments_list_is_scoped(request, api_as, enrolled, viewer, expected, alice, trudy, pat, mallory, dave):
    user = request.getfixturevalue(viewer)
    response = api_as(user).get("/api/v1/enrolments/")
    assert response.status_code == 200
    names = {row["person"]["display_name"].lower() for row in response.json()["results"]}
    assert names == expected


def test_api_enrolments_anonymous_is_refused(api_as, enrolled):
    assert api_as(None).get("/api/v1/enrolments/").status_code == 401
    assert api_as(None).get(f"/api/v1/enrolments/{enrolled['bob'].pk}/").status_code == 401


@pytest.mark.parametrize(("viewer", "status"), [("charlie", 404), ("mallory", 404), ("alice", 200), ("trudy", 200)])
def test_api_enrolments_detail_of_bob(request, api_as, enrolled, viewer, status, alice, trudy, mallory):
    response = api_as(request.getfixturevalue(viewer)).get(f"/api/v1/enrolments/{enrolled['bob'].pk}/")
    assert response.status_code == status


def test_api_enrolments_filter_by_session_does_not_reveal_others(api_as, enrolled, session, mallory):
    response = api_as(mallory).get("/api/v1/enrolments/", {"session": session.pk})
    assert response.json()["count"] == 0


def test_api_enrolments_payload_has_no_email(api_as, enrolled, trudy):
    row = api_as(trudy).get("/api/v1/enrolments/").json()["results"][0]
    assert set(row["person"]) == {"id", "display_name"}
    assert "example.com" not in str(row)


def test_api_enrolment_create_and_cancel(api_as, session, mallory):
    client = api_as(mallory)
    response = client.post("/api/v1/enrolments/", {"session": session.pk}, format="json")
    assert response.status_code == 201
    assert (response.json()["status"], response.json()["waitlist_position"]) == ("registered", None)
    again = client.post("/api/v1/enrolments/", {"session": session.pk}, format="json")
    assert again.status_code == 409
    assert again.json() == {"detail": "You are already enrolled in this session."}
    cancelled = client.post(f"/api/v1/enrolments/{response.json()['id']}/cancel/")
    assert cancelled.json()["status"] == "cancelled"


@pytest.mark.parametrize(
    ("payload", "error"),
    [
        ({}, {"session": ["This field is required."]}),
        ({"session": "abc"}, {"session": ["Incorrect type. Expected pk value, received str."]}),
        ({"session": 999999}, {"session": ['Invalid pk "999999" - object does not exist.']}),
    ],
)
def test_api_enrolment_create_bad_input(api_as, mallory, session, payload, error):
    response = api_as(mallory).post("/api/v1/enrolments/", payload, format="json")
    assert response.status_code == 400
    assert response.json() == error


def test_api_enrolment_cancel_of_other_person_is_404(api_as, enrolled, mallory):
    assert api_as(mallory).post(f"/api/v1/enrolments/{enrolled['bob'].pk}/cancel/").status_code == 404


@pytest.mark.parametrize(("count", "queries"), [(1, 3), (3, 3)])
def test_api_enrolments_list_query_count(api_as, session, trudy, count, queries, django_assert_num_queries):
    session.capacity = 10
    session.save()
    for i in range(count):
        services.enrolment_create(person=UserFactory(username=f"n{i}"), session=session)
    client = api_as(trudy)
    with django_assert_num_queries(queries):
        response = client.get("/api/v1/enrolments/")
    assert response.json()["count"] == count
