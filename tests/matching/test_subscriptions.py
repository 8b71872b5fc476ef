"""Subscriptions: which scenarios match, immediate vs. digest delivery through the notification centre, and
``send_digests`` idempotent per day."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from catalog import services as catalog_services
from catalog.models import Capability, Domain
from core.models import Notification, NotificationPreference
from matching import services
from tests.factories import region
from tests.matching.conftest import radiology_scenario

pytestmark = pytest.mark.django_db
SH = ZoneInfo("Asia/Shanghai")


def subscribe(user, organization, **kwargs):
    return services.subscription_create(actor=user, organization=organization, **kwargs)


def publish(scenario, actor, capture):
    with capture(execute=True):
        catalog_services.scenario_publish(scenario=scenario, actor=actor)


@pytest.mark.parametrize(
    ("criteria", "notified"),
    [
        ({"domains": ["health"]}, True),
        ({"domains": ["transport"]}, False),
        ({"capabilities": ["teleradiology"]}, True),
        ({"capabilities": ["smart_parking"]}, False),
        ({"regions": ["320583"]}, True),  # the county itself
        ({"regions": ["320500"]}, True),  # its city: everything under Suzhou
        ({"regions": ["321300"]}, False),
        ({"zones": ["south"]}, True),
        ({"zones": ["north", "centre"]}, False),
    ],
)
def test_new_scenario_reaches_matching_subscribers(
    criteria, notified, county, alice, firm, dave, django_capture_on_commit_callbacks
):
    resolved = {
        "domains": Domain.objects.filter(code__in=criteria.get("domains", [])),
        "capabilities": Capability.objects.filter(code__in=criteria.get("capabilities", [])),
        "regions": [region(code) for code in criteria.get("regions", [])],
        "zones": criteria.get("zones", []),
    }
    subscribe(dave, firm, **resolved)
    draft = radiology_scenario(county)

    publish(draft, alice, django_capture_on_commit_callbacks)

    notes = list(Notification.objects.filter(kind="matching_new_scenario"))
    assert [n.user for n in notes] == ([dave] if notified else [])
    if notified:
        assert draft.title in notes[0].title
        assert notes[0].url == f"/scenarios/{draft.pk}/"


def test_subscriber_is_notified_once_even_with_overlapping_subscriptions(
    county, alice, firm, dave, django_capture_on_commit_callbacks
):
    subscribe(dave, firm, domains=Domain.objects.filter(code="health"))
    subscribe(dave, firm, zones=["south"])
    draft = radiology_scenario(county)

    publish(draft, alice, django_capture_on_commit_callbacks)
    services.notify_subscribers(draft)  # a second run (e.g. a retried task) notifies nobody again

    assert Notification.objects.filter(kind="matching_new_scenario").count() == 1


def test_drafts_never_reach_subscribers(county, firm, dave):
    subscribe(dave, firm, domains=Domain.objects.filter(code="health"))
    draft = radiology_scenario(county)

    assert services.notify_subscribers(draft) == 0
    assert Notification.objects.count() == 0


def test_unverified_or_former_members_do_not_receive(county, alice, firm, dave, django_capture_on_commit_callbacks):
    subscribe(dave, firm, domains=Domain.objects.filter(code="health"))
    dave.memberships.update(status="left")
    draft = radiology_scenario(county)

    publish(draft, alice, django_capture_on_commit_callbacks)

    assert Notification.objects.count() == 0


def test_immediate_delivery_mails_at_once(county, alice, firm, dave, django_capture_on_commit_callbacks):
    subscribe(dave, firm, domains=Domain.objects.filter(code="health"), delivery="immediate")
    publish(radiology_scenario(county), alice, django_capture_on_commit_callbacks)

    assert [m.to for m in mail.outbox] == [[dave.email]]


def test_digest_subscription_sets_the_preference_and_waits_for_the_digest(
    county, alice, firm, dave, django_capture_on_commit_callbacks
):
    subscribe(dave, firm, domains=Domain.objects.filter(code="health"), delivery="digest")
    assert NotificationPreference.objects.get(user=dave, kind="matching_new_scenario").delivery == "digest"

    publish(radiology_scenario(county), alice, django_capture_on_commit_callbacks)

    assert Notification.objects.filter(user=dave).count() == 1
    assert mail.outbox == []


def test_send_digests_is_idempotent_per_day(county, alice, firm, dave, django_capture_on_commit_callbacks):
    subscribe(dave, firm, domains=Domain.objects.filter(code="health"), delivery="digest")
    with time_machine.travel(dt.datetime(2026, 3, 2, 10, 0, tzinfo=SH), tick=False):
        publish(
            radiology_scenario(county, deadline=dt.datetime(2026, 4, 1, tzinfo=SH)),
            alice,
            django_capture_on_commit_callbacks,
        )
    with time_machine.travel(dt.datetime(2026, 3, 2, 23, 0, tzinfo=SH), tick=False):
        call_command("send_digests", stdout=StringIO())
        assert len(mail.outbox) == 0  # today's notifications go into tomorrow's digest

    with time_machine.travel(dt.datetime(2026, 3, 3, 8, 0, tzinfo=SH), tick=False):
        out = StringIO()
        call_command("send_digests", stdout=out)
        assert out.getvalue().startswith("1 digest e-mail(s) sent")
    with time_machine.travel(dt.datetime(2026, 3, 3, 9, 0, tzinfo=SH), tick=False):
        publish(
            radiology_scenario(county, title="第二个场景", deadline=dt.datetime(2026, 4, 1, tzinfo=SH)),
            alice,
            django_capture_on_commit_callbacks,
        )
    with time_machine.travel(dt.datetime(2026, 3, 3, 20, 0, tzinfo=SH), tick=False):
        call_command("send_digests", stdout=StringIO())

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [dave.email]
    assert "县域远程影像诊断中心" in mail.outbox[0].body
    with time_machine.travel(dt.datetime(2026, 3, 4, 8, 0, tzinfo=SH), tick=False):
        call_command("send_digests", stdout=StringIO())
    assert len(mail.outbox) == 2
    assert "第二个场景" in mail.outbox[1].body


def test_subscription_needs_a_criterion_and_valid_zones(firm, dave):
    with pytest.raises(ValidationError) as info:
        subscribe(dave, firm)
    assert "__all__" in info.value.message_dict
    with pytest.raises(ValidationError) as info:
        subscribe(dave, firm, zones=["west"])
    assert "zones" in info.value.message_dict
    with pytest.raises(ValidationError) as info:
        subscribe(dave, firm, regions=[region("320000")])
    assert "regions" in info.value.message_dict


@pytest.mark.parametrize("who", ["alice", "erin", "mallory"])
def test_only_members_of_the_firm_subscribe_for_it(firm, request, who):
    with pytest.raises(PermissionDenied):
        subscribe(request.getfixturevalue(who), firm, zones=["north"])


def test_county_offices_do_not_subscribe(county, alice):
    with pytest.raises(ValidationError):
        subscribe(alice, county, zones=["north"])


def test_only_the_owner_changes_or_deletes_a_subscription(firm, dave, erin):
    subscription = subscribe(dave, firm, zones=["north"])
    with pytest.raises(PermissionDenied):
        services.subscription_update(actor=erin, subscription=subscription, zones=["south"])
    with pytest.raises(PermissionDenied):
        services.subscription_delete(actor=erin, subscription=subscription)

    services.subscription_update(actor=dave, subscription=subscription, zones=["south", "south"], delivery="digest")
    subscription.refresh_from_db()
    assert (subscription.zones, subscription.delivery) == (["south"], "digest")
