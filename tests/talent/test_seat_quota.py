"""Optional seat quotas per zone: seats held for learners from one zone (on behalf of an organisation located
there) until a date; others take the rest; a held seat freed goes to the first waiting learner from that zone."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from talent import services
from talent.models import Enrolment, Session
from tests.factories import MembershipFactory, SessionFactory, UserFactory
from tests.talent.conftest import at


@pytest.fixture
def quota_session(course, frozen):
    """4 seats, 2 held for 苏北 learners until day 5."""
    return SessionFactory(
        course=course,
        start=at(7, 9),
        end=at(7, 12),
        capacity=4,
        registration_closes=at(6, 18),
        quota_zone="north",
        quota_seats=2,
        quota_until=at(5, 0),
    )


@pytest.fixture
def learner(county, other_county):
    """``learner("south")`` / ``learner("north")``: a new member of 昆山 (苏南) or 沭阳 (苏北)."""
    counter = iter(range(100))

    def make(zone: str):
        person = UserFactory(username=f"{zone}-{next(counter)}")
        MembershipFactory(user=person, organization=county if zone == "south" else other_county, role="viewer")
        return person

    return make


def _status(enrolment: Enrolment) -> str:
    return Enrolment.objects.get(pk=enrolment.pk).status


def test_held_seats_wait_for_the_zone(quota_session, learner, frozen):
    south = [services.enrolment_create(person=learner("south"), session=quota_session) for _ in range(3)]
    assert [e.status for e in south] == ["registered", "registered", "waitlisted"]  # 2 seats still held
    north = [services.enrolment_create(person=learner("north"), session=quota_session) for _ in range(2)]
    assert [e.status for e in north] == ["registered", "registered"]
    assert services.enrolment_create(person=learner("north"), session=quota_session).status == "waitlisted"


def test_zone_learners_may_also_take_unheld_seats(quota_session, learner):
    statuses = [services.enrolment_create(person=learner("north"), session=quota_session).status for _ in range(5)]
    assert statuses == ["registered"] * 4 + ["waitlisted"]


def test_after_the_date_every_seat_is_open(quota_session, learner, frozen):
    for _ in range(2):
        services.enrolment_create(person=learner("south"), session=quota_session)
    frozen.move_to(at(5, 0))
    assert services.enrolment_create(person=learner("south"), session=quota_session).status == "registered"


def test_freed_held_seat_goes_to_first_waiting_learner_from_the_zone(course, learner, frozen):
    session = SessionFactory(
        course=course,
        start=at(7, 9),
        end=at(7, 12),
        capacity=2,
        registration_closes=at(6, 18),
        quota_zone="north",
        quota_seats=1,
        quota_until=at(5, 0),
    )
    a = services.enrolment_create(person=learner("south"), session=session)
    b = services.enrolment_create(person=learner("south"), session=session)
    c = services.enrolment_create(person=learner("north"), session=session)
    d = services.enrolment_create(person=learner("north"), session=session)
    assert [_status(e) for e in (a, b, c, d)] == ["registered", "waitlisted", "registered", "waitlisted"]
    services.enrolment_cancel(actor=c.person, enrolment=c)  # the held seat is free again: d, not b, gets it
    assert [_status(e) for e in (b, d)] == ["waitlisted", "registered"]
    services.enrolment_cancel(actor=a.person, enrolment=a)  # an unheld seat: b moves up
    assert _status(b) == "registered"


def test_learner_without_organisation_counts_outside_the_zone(quota_session, mallory, learner):
    for _ in range(2):
        services.enrolment_create(person=learner("south"), session=quota_session)
    assert services.enrolment_create(person=mallory, session=quota_session).status == "waitlisted"


def _create(trudy, course, **quota):
    return services.session_create(
        actor=trudy,
        course=course,
        start=at(7, 9),
        end=at(7, 12),
        capacity=10,
        registration_closes=at(6, 18),
        online_url="https://meeting.example.com/q",
        **quota,
    )


def test_session_create_with_quota(trudy, course):
    session = _create(trudy, course, quota_zone="north", quota_seats=5, quota_until=at(4, 0))
    assert (session.quota_zone, session.quota_seats, session.quota_until) == ("north", 5, at(4, 0))


@pytest.mark.parametrize(
    ("quota", "field", "message"),
    [
        ({"quota_zone": "north", "quota_seats": 11, "quota_until": at(4, 0)}, "quota_seats", "At most 10 seats"),
        ({"quota_zone": "north", "quota_seats": 0, "quota_until": at(4, 0)}, "quota_seats", "at least one seat"),
        ({"quota_zone": "north", "quota_seats": 5, "quota_until": at(8, 0)}, "quota_until", "until the session starts"),
        ({"quota_zone": "north", "quota_seats": 5}, "quota_until", "until when"),
        ({"quota_zone": "west", "quota_seats": 5, "quota_until": at(4, 0)}, "quota_zone", "Choose the zone"),
        ({"quota_seats": 5, "quota_until": at(4, 0)}, "quota_zone", "Choose the zone"),
    ],
)
def test_session_create_bad_quota_is_refused(trudy, course, quota, field, message):
    with pytest.raises(ValidationError) as refused:
        _create(trudy, course, **quota)
    assert message in refused.value.message_dict[field][0]
    assert not Session.objects.exists()


def test_capacity_cannot_go_below_held_seats(trudy, quota_session):
    with pytest.raises(ValidationError, match="2 seats are held for a zone"):
        services.session_update(actor=trudy, session=quota_session, capacity=1)


def test_session_api_and_page_show_the_quota(quota_session, api_client, client):
    body = api_client.get(f"/api/v1/sessions/{quota_session.pk}/").json()
    assert (body["quota_zone"], body["quota_seats"]) == ("north", 2)
    page = client.get(f"/talent/sessions/{quota_session.pk}/").content.decode()
    assert "2 seats are held for learners from Northern Jiangsu (苏北) until 2026-03-07 00:00." in page
