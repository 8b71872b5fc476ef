"""The online meeting link of a session: for the people enrolled (not cancelled) and the provider's members, who
run the session; the same rule on the session page and in the API."""

from __future__ import annotations

import pytest

from directory.models import Membership
from talent import services
from tests.factories import MembershipFactory, UserFactory

LINK = "https://meeting.example.com/room"


@pytest.fixture
def readers(session, trainer_org, trudy, bob, mallory):
    """Who is who around ``session`` (online at LINK): trudy runs the provider, vera only views it, bob is
    enrolled, carol cancelled her enrolment, mallory is a stranger."""
    vera = UserFactory(username="vera")
    MembershipFactory(user=vera, organization=trainer_org, role=Membership.Role.VIEWER)
    carol = UserFactory(username="carol")
    services.enrolment_create(person=bob, session=session)
    services.enrolment_cancel(actor=carol, enrolment=services.enrolment_create(person=carol, session=session))
    return {"anonymous": None, "trudy": trudy, "vera": vera, "bob": bob, "carol": carol, "mallory": mallory}


SEES_LINK = {"anonymous": False, "trudy": True, "vera": True, "bob": True, "carol": False, "mallory": False}


@pytest.mark.parametrize(("who", "sees"), SEES_LINK.items())
def test_session_page_shows_the_meeting_link_to_participants_and_provider_members(
    client, client_as, session, readers, who, sees
):
    assert session.online_url == LINK
    user = readers[who]
    page = (client_as(user) if user else client).get(f"/talent/sessions/{session.pk}/")
    assert page.status_code == 200
    assert (LINK in page.content.decode()) is sees


@pytest.mark.parametrize(("who", "sees"), SEES_LINK.items())
def test_api_shows_the_meeting_link_to_the_same_people(api_as, session, readers, who, sees):
    body = api_as(readers[who]).get(f"/api/v1/sessions/{session.pk}/").json()
    assert (body["is_online"], body["online_url"]) == (True, LINK if sees else None)
    listed = api_as(readers[who]).get("/api/v1/sessions/").json()["results"]
    assert [row["online_url"] for row in listed if row["id"] == session.pk] == [LINK if sees else None]
