"""Who hears about an exchange being cancelled or completed: the person and the admins of both organisations,
except whoever acted; each in their own language, by their own delivery choice."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.utils import translation

from core import notifications
from core.models import Notification
from core.notification_text import render
from directory.models import Membership
from talent import services
from tests.factories import MembershipFactory, UserFactory


@pytest.fixture
def running(alice, bob, charlie, county, other_county, frozen):
    """bob (a viewer of 昆山) on exchange at 沭阳; alice and charlie are the two sides' admins."""
    exchange = services.exchange_propose(
        actor=alice,
        person=bob,
        home_organization=county,
        host_organization=other_county,
        start_date=dt.date(2026, 4, 1),
        end_date=dt.date(2026, 4, 3),
        role="数据共享专班 挂职",
    )
    services.exchange_approve(actor=alice, exchange=exchange)
    services.exchange_approve(actor=charlie, exchange=exchange)
    services.exchange_start(actor=charlie, exchange=exchange)
    Notification.objects.all().delete()
    mail.outbox.clear()
    return exchange


def _told(kind: str) -> list[str]:
    return sorted(Notification.objects.filter(kind=kind).values_list("user__username", flat=True))


def _words(user, language: str) -> tuple[str, str]:
    row = Notification.objects.get(user=user)
    with translation.override(language):
        title, body = render(row.code, row.params) or ("", "")
    return title, body or row.body


def test_cancelling_tells_the_person_and_the_other_side_with_the_reason(
    running, alice, bob, charlie, other_county, django_capture_on_commit_callbacks
):
    editor = UserFactory(username="edna")
    MembershipFactory(user=editor, organization=other_county, role=Membership.Role.EDITOR)
    bob.language = "zh-hans"
    bob.save(update_fields=["language"])
    with django_capture_on_commit_callbacks(execute=True):
        services.exchange_cancel(actor=alice, exchange=running, reason="Host project paused")

    # alice cancelled, so she is not told; an editor of the host is no admin and hears nothing.
    assert _told("talent_exchange_cancelled") == ["bob", "charlie"]
    assert _words(charlie, "en") == (
        "The exchange “数据共享专班 挂职” at Shuyang Data Bureau was cancelled",
        "Host project paused",
    )
    assert _words(bob, "zh-hans")[0] == "在沭阳县数据局的人才交流“数据共享专班 挂职”已取消"
    assert Notification.objects.get(user=charlie).url == f"/talent/exchanges/{running.pk}/"
    by_recipient = {m.to[0]: m.subject for m in mail.outbox}
    assert by_recipient == {
        "bob@example.com": "[智慧县域场景对接平台] 在沭阳县数据局的人才交流“数据共享专班 挂职”已取消",
        "charlie@example.com": "[Smart County Exchange] The exchange “数据共享专班 挂职” at Shuyang Data Bureau "
        "was cancelled",
    }


def test_completing_tells_the_person_and_the_other_side_that_the_certificate_is_ready(
    running, alice, bob, charlie, frozen, django_capture_on_commit_callbacks
):
    notifications.set_preference(user=alice, kind="talent_exchange_completed", delivery="none")
    frozen.move_to(dt.datetime(2026, 4, 4, 9, tzinfo=dt.timezone(dt.timedelta(hours=8))))
    with django_capture_on_commit_callbacks(execute=True):
        services.exchange_complete(actor=charlie, exchange=running, report="done", hours=24)

    assert _told("talent_exchange_completed") == ["alice", "bob"]
    assert _words(bob, "en") == (
        "The exchange “数据共享专班 挂职” at Shuyang Data Bureau is completed",
        "24 hours are credited to the training record. The certificate of the exchange is ready.",
    )
    assert Notification.objects.get(user=bob).url == f"/talent/exchanges/{running.pk}/certificate/"
    # alice chose in-app only for this kind: no e-mail for her.
    assert [m.to for m in mail.outbox] == [["bob@example.com"]]


def test_starting_notifies_nobody(alice, bob, charlie, county, other_county, frozen):
    exchange = services.exchange_propose(
        actor=alice,
        person=bob,
        home_organization=county,
        host_organization=other_county,
        start_date=dt.date(2026, 4, 1),
        end_date=dt.date(2026, 4, 3),
        role="x",
    )
    services.exchange_approve(actor=alice, exchange=exchange)
    services.exchange_approve(actor=charlie, exchange=exchange)
    before = Notification.objects.count()
    services.exchange_start(actor=charlie, exchange=exchange)
    assert Notification.objects.count() == before
