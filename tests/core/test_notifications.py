import datetime as dt

import pytest
import time_machine
from django.core import mail

from core import notifications
from core.models import Notification
from directory import services
from tests.factories import OrganizationFactory, UserFactory

SHANGHAI = dt.timezone(dt.timedelta(hours=8))


@pytest.fixture
def kind(monkeypatch):
    # A copy of the registry, so the test-only kind does not leak into later tests (the API schema's enum).
    monkeypatch.setattr(notifications, "_KINDS", dict(notifications._KINDS))
    notifications.register_kind("test_kind", "Test kind")
    return "test_kind"


@pytest.mark.django_db(transaction=True)
def test_notify_stores_and_emails_immediately_by_default(kind):
    user = UserFactory(email="li@example.com")
    notifications.notify(users=[user], kind=kind, title="场景已发布", body="详情", url="/x/")
    assert Notification.objects.get(user=user).title == "场景已发布"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["li@example.com"]
    assert "场景已发布" in mail.outbox[0].subject
    assert Notification.objects.get(user=user).emailed_at is not None


@pytest.mark.django_db(transaction=True)
def test_digest_users_get_one_email_per_day_and_never_twice(kind):
    user = UserFactory(email="digest@example.com")
    notifications.set_preference(user=user, kind=kind, delivery="digest")
    with time_machine.travel(dt.datetime(2026, 12, 1, 9, 0, tzinfo=SHANGHAI), tick=False):
        notifications.notify(users=[user], kind=kind, title="第一条")
        notifications.notify(users=[user], kind=kind, title="第二条")
    assert mail.outbox == []
    with time_machine.travel(dt.datetime(2026, 12, 1, 20, 0, tzinfo=SHANGHAI), tick=False):
        assert notifications.send_digests() == 1
        assert notifications.send_digests() == 0
    assert len(mail.outbox) == 1
    assert "第一条" in mail.outbox[0].body and "第二条" in mail.outbox[0].body


@pytest.mark.django_db(transaction=True)
def test_centre_only_delivery_sends_no_email(kind):
    user = UserFactory()
    notifications.set_preference(user=user, kind=kind, delivery="none")
    notifications.notify(users=[user], kind=kind, title="仅站内")
    assert notifications.send_digests() == 0
    assert mail.outbox == []
    assert Notification.objects.filter(user=user).count() == 1


@pytest.mark.django_db
def test_unregistered_kind_is_a_programming_error():
    with pytest.raises(ValueError, match="unregistered"):
        notifications.notify(users=[UserFactory()], kind="nope", title="x")


@pytest.mark.django_db
def test_join_request_notifies_the_admins_only(county, alice, bob):
    applicant = UserFactory(username="applicant")
    services.membership_request(user=applicant, organization=county, message="请批准")
    assert list(Notification.objects.values_list("user__username", "kind")) == [("alice", "membership_request")]


@pytest.mark.django_db
def test_verification_notifies_the_org_admins_in_the_site_language(pat, mallory):
    organization = services.organization_create(
        user=mallory, kind="county_office", region=OrganizationFactory().region, name_zh="新县局"
    )
    services.organization_verify(organization=organization, actor=pat)
    assert Notification.objects.get(user=mallory).title == "新县局 已认证，可以发布内容。"


@pytest.mark.django_db
def test_notification_centre_shows_only_own(client, alice, bob, kind):
    notifications.notify(users=[alice], kind=kind, title="给alice的")
    notifications.notify(users=[bob], kind=kind, title="给bob的")
    client.force_login(bob)
    html = client.get("/notifications/").content.decode()
    assert "给bob的" in html and "给alice的" not in html


@pytest.mark.django_db
def test_mark_read_only_touches_own(client, alice, bob, kind):
    [theirs] = notifications.notify(users=[alice], kind=kind, title="a")
    client.force_login(bob)
    client.post("/notifications/read/", {"id": theirs.pk})
    theirs.refresh_from_db()
    assert theirs.read_at is None
    client.force_login(alice)
    client.post("/notifications/read/", {"id": theirs.pk})
    theirs.refresh_from_db()
    assert theirs.read_at is not None


@pytest.mark.django_db
def test_mark_read_ignores_external_links(client, alice, kind):
    [n] = notifications.notify(users=[alice], kind=kind, title="a", url="https://evil.example.com/")
    client.force_login(alice)
    response = client.post("/notifications/read/", {"id": n.pk})
    assert response["Location"] == "/notifications/"


@pytest.mark.django_db
@pytest.mark.parametrize("n", [1, 3])
def test_api_lists_own_notifications_with_flat_queries(api_as, alice, bob, kind, n, django_assert_num_queries):
    for i in range(n):
        notifications.notify(users=[alice], kind=kind, title=f"t{i}")
    notifications.notify(users=[bob], kind=kind, title="bob's")
    client = api_as(alice)
    with django_assert_num_queries(2):
        body = client.get("/api/v1/notifications/").json()
    assert body["count"] == n
    assert "bob's" not in str(body)


@pytest.mark.django_db
def test_api_preferences_roundtrip_and_bad_kind(api_as, alice, kind):
    client = api_as(alice)
    response = client.put("/api/v1/notifications/preferences/", [{"kind": kind, "delivery": "digest"}], format="json")
    assert response.status_code == 200
    assert {"kind": kind, "label": "Test kind", "delivery": "digest"} in response.json()
    bad = client.put("/api/v1/notifications/preferences/", [{"kind": "nope", "delivery": "digest"}], format="json")
    assert bad.status_code == 400
    bad = client.put(
        "/api/v1/notifications/preferences/", [{"kind": kind, "delivery": "carrier-pigeon"}], format="json"
    )
    assert bad.status_code == 400


@pytest.mark.django_db
def test_preferences_page_saves(client, alice, kind):
    client.force_login(alice)
    # Every registered kind is a required field; other apps register their own kinds too.
    client.post(
        "/notifications/settings/",
        {k.code: "immediate" for k in notifications.kinds()} | {kind: "digest", "membership_request": "none"},
    )
    assert notifications.delivery_for([alice], kind) == {alice.pk: "digest"}
    assert notifications.delivery_for([alice], "membership_request") == {alice.pk: "none"}


@pytest.mark.django_db
def test_digest_command(kind, capsys):
    from django.core.management import call_command

    call_command("send_notification_digests")
    assert "0 digest" in capsys.readouterr().out
