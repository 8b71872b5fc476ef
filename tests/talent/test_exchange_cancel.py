"""Cancelling an exchange: the reason is optional and at most what the record keeps (500 characters), on the
page as through the API; the parties read it on the exchange page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from core.models import Notification
from talent import services
from talent.models import Exchange

TOO_LONG = "停" * 501


@pytest.fixture
def running(alice, bob, charlie, county, other_county, frozen):
    exchange = services.exchange_propose(
        actor=alice,
        person=bob,
        home_organization=county,
        host_organization=other_county,
        start_date=dt.date(2026, 4, 1),
        end_date=dt.date(2026, 4, 30),
        role="数据共享专班 挂职",
    )
    services.exchange_approve(actor=alice, exchange=exchange)
    services.exchange_approve(actor=charlie, exchange=exchange)
    services.exchange_start(actor=charlie, exchange=exchange)
    Notification.objects.all().delete()
    return exchange


def _unchanged(exchange) -> None:
    exchange.refresh_from_db()
    assert (exchange.status, exchange.cancel_reason) == ("in_progress", "")
    assert not Notification.objects.exists()


def test_api_cancel_without_a_reason_is_accepted(api_as, running, alice):
    response = api_as(alice).post(f"/api/v1/exchanges/{running.pk}/cancel/", {}, format="json")
    assert (response.status_code, response.json()["status"]) == (200, "cancelled")


def test_api_cancel_reason_is_read_back_by_the_parties(api_as, running, alice, charlie):
    api_as(alice).post(f"/api/v1/exchanges/{running.pk}/cancel/", {"reason": "Host project paused"}, format="json")
    assert api_as(charlie).get(f"/api/v1/exchanges/{running.pk}/").json()["cancel_reason"] == "Host project paused"


def test_api_cancel_with_an_over_long_reason_is_400_and_saves_nothing(api_as, running, alice):
    response = api_as(alice).post(f"/api/v1/exchanges/{running.pk}/cancel/", {"reason": TOO_LONG}, format="json")
    assert response.status_code == 400
    assert response.json() == {"reason": ["Ensure this field has no more than 500 characters."]}
    _unchanged(running)


def test_service_refuses_an_over_long_reason_instead_of_cutting_it(running, alice):
    with pytest.raises(ValidationError) as error:
        services.exchange_cancel(actor=alice, exchange=running, reason=TOO_LONG)
    assert error.value.message_dict == {"reason": ["Keep the reason to 500 characters (this one has 501)."]}
    _unchanged(running)


def test_page_asks_for_an_optional_reason_and_refuses_an_over_long_one(client_as, running, alice):
    client = client_as(alice)
    url = f"/talent/exchanges/{running.pk}/cancel/"
    page = client.get(url)
    assert page.status_code == 200
    assert 'name="reason"' in page.content.decode()
    assert 'maxlength="500"' in page.content.decode()
    refused = client.post(url, {"reason": TOO_LONG})
    assert refused.status_code == 400
    assert "Ensure this value has at most 500 characters (it has 501)." in refused.content.decode()
    _unchanged(running)
    done = client.post(url, {"reason": ""})
    assert done.status_code == 302
    assert Exchange.objects.get().status == "cancelled"


def test_the_reason_is_shown_on_the_exchange_page_to_the_parties(client_as, running, alice, bob, charlie, pat, mallory):
    client_as(alice).post(f"/talent/exchanges/{running.pk}/cancel/", {"reason": "Host project paused"})
    for reader in (alice, bob, charlie, pat):
        page = client_as(reader).get(f"/talent/exchanges/{running.pk}/").content.decode()
        assert "Reason for cancelling" in page
        assert "Host project paused" in page
    # A cancelled exchange is not public: an outsider does not learn it exists.
    assert client_as(mallory).get(f"/talent/exchanges/{running.pk}/").status_code == 404
