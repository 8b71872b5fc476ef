"""The admin for staff who are not superusers follows the sealing rule and never shows a price."""

from __future__ import annotations

import pytest

from proposals.models import SealedReadLog
from tests.factories import UserFactory
from tests.proposals.conftest import AFTER, DAVE_PRICE, ERIN_PRICE


@pytest.fixture
def staff_alice(alice):
    alice.is_staff = True
    alice.save()
    return alice


@pytest.mark.parametrize("when", ["before", "after"])
def test_admin_proposal_list_for_staff_follows_the_sealing_rule(world, clock, client_as, staff_alice, when):
    if when == "after":
        clock(AFTER)
    body = client_as(staff_alice).get("/admin/proposals/proposal/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert str(DAVE_PRICE) not in body and f"{DAVE_PRICE:,}" not in body
    assert str(ERIN_PRICE) not in body
    assert ("2 proposals" in body) == (when == "after")
    assert ("0 proposals" in body) == (when == "before")


def test_admin_price_filter_and_search_do_not_exist_for_staff(world, clock, client_as, staff_alice):
    clock(AFTER)
    response = client_as(staff_alice).get("/admin/proposals/proposal/?price__gte=1000000", HTTP_ACCEPT_LANGUAGE="en")
    # Refused as a disallowed lookup (400), never a list filtered by price.
    assert response.status_code == 400
    assert str(DAVE_PRICE) not in response.content.decode()


def test_admin_change_view_for_staff_hides_the_price_before_the_deadline_and_logs_reads_after(
    world, clock, client_as, staff_alice
):
    client = client_as(staff_alice)
    assert (
        client.get(f"/admin/proposals/proposal/{world.dave_proposal.pk}/change/").status_code == 302
    )  # not found → redirect
    clock(AFTER)
    body = client.get(f"/admin/proposals/proposal/{world.dave_proposal.pk}/change/").content.decode()
    assert str(DAVE_PRICE) in body
    assert SealedReadLog.objects.filter(user=staff_alice, via="admin").count() == 1


def test_admin_superuser_sees_every_price(world, clock, client_as):
    root = UserFactory(username="root", is_staff=True, is_superuser=True)
    body = client_as(root).get("/admin/proposals/proposal/").content.decode()
    assert f"{DAVE_PRICE:,}" in body or str(DAVE_PRICE) in body
