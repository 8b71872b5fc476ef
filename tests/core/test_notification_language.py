"""Notifications are stored as a message code with parameters and worded in the reader's language: on the page,
in the API and in e-mails (the recipient's preferred language, else the site's)."""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.utils import translation
from django.utils.translation import gettext_lazy, gettext_noop

from core import notification_text, notifications
from core.models import Notification
from directory import services
from tests.factories import OrganizationFactory, UserFactory

SHANGHAI = dt.timezone(dt.timedelta(hours=8))
EN_VERIFIED = "新县局 is verified and may now publish."
ZH_VERIFIED = "新县局 已认证，可以发布内容。"


@pytest.fixture
def kind(monkeypatch):
    monkeypatch.setattr(notifications, "_KINDS", dict(notifications._KINDS))
    notifications.register_kind("test_kind", "Test kind")
    return "test_kind"


@pytest.fixture
def registry(monkeypatch):
    monkeypatch.setattr(notification_text, "_MESSAGES", dict(notification_text._MESSAGES))


def _verify_new_org(pat, mallory, language):
    organization = services.organization_create(
        user=mallory, kind="county_office", region=OrganizationFactory().region, name_zh="新县局"
    )
    with translation.override(language):
        services.organization_verify(organization=organization, actor=pat)
    return Notification.objects.get(user=mallory)


def _page(client, user, language):
    client.force_login(user)
    client.cookies["django_language"] = language
    return client.get("/notifications/").content.decode()


@pytest.mark.django_db
def test_written_while_chinese_is_active_reads_in_english_for_an_english_reader(client, pat, mallory):
    notification = _verify_new_org(pat, mallory, "zh-hans")
    assert notification.code == "directory.organization_verified"
    assert notification.params["name"] == "新县局"
    html = _page(client, mallory, "en")
    assert EN_VERIFIED in html and ZH_VERIFIED not in html


@pytest.mark.django_db
def test_written_while_english_is_active_reads_in_chinese_for_a_chinese_reader(client, pat, mallory):
    _verify_new_org(pat, mallory, "en")
    html = _page(client, mallory, "zh-hans")
    assert ZH_VERIFIED in html and EN_VERIFIED not in html


@pytest.mark.django_db
def test_api_words_it_in_the_requests_language_and_gives_code_and_params(api_as, pat, mallory):
    _verify_new_org(pat, mallory, "zh-hans")
    [english] = api_as(mallory, language="en").get("/api/v1/notifications/").json()["results"]
    [chinese] = api_as(mallory, language="zh-hans").get("/api/v1/notifications/").json()["results"]
    assert english["title"] == EN_VERIFIED and chinese["title"] == ZH_VERIFIED
    assert english["code"] == "directory.organization_verified"
    assert english["params"]["name"] == "新县局"


@pytest.mark.django_db(transaction=True)
def test_immediate_email_is_in_the_recipients_language(pat):
    english_admin = UserFactory(username="en_admin", email="en@example.com", language="en")
    chinese_admin = UserFactory(username="zh_admin", email="zh@example.com")  # no choice: the site's language
    organization = services.organization_create(
        user=english_admin, kind="county_office", region=OrganizationFactory().region, name_zh="新县局"
    )
    services.membership_request(user=chinese_admin, organization=organization)
    mail.outbox.clear()
    from directory.models import Membership

    Membership.objects.filter(user=chinese_admin).update(status="active", role="admin")
    services.organization_verify(organization=organization, actor=pat)
    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert EN_VERIFIED in subjects["en@example.com"]
    assert ZH_VERIFIED in subjects["zh@example.com"]


@pytest.mark.django_db(transaction=True)
def test_digest_is_in_the_recipients_language(kind, registry):
    message = notifications.message("test.digest", title=gettext_lazy("Changed: %(course)s"))
    reader = UserFactory(email="digest@example.com", language="en")
    notifications.set_preference(user=reader, kind=kind, delivery="digest")
    morning = dt.datetime(2026, 12, 1, 9, 0, tzinfo=SHANGHAI)
    with time_machine.travel(morning, tick=False), translation.override("zh-hans"):
        notifications.notify(users=[reader], kind=kind, message=message, params={"course": "数据治理"})
    with time_machine.travel(dt.datetime(2026, 12, 1, 20, 0, tzinfo=SHANGHAI), tick=False):
        assert notifications.send_digests() == 1
    assert "Changed: 数据治理" in mail.outbox[0].body
    assert "1 new notifications" in mail.outbox[0].subject


@pytest.mark.django_db
def test_dates_show_in_shanghai_time_and_site_words_are_translated(alice, kind, registry):
    message = notifications.message(
        "test.when", title=gettext_lazy("Now starting %(when)s, %(where)s. Your calendar updates by itself.")
    )
    start = dt.datetime(2026, 12, 1, 1, 30, tzinfo=dt.UTC)
    [row] = notifications.notify(
        users=[alice],
        kind=kind,
        message=message,
        params={"when": start, "where": notifications.term(gettext_noop("online"))},
    )
    row.refresh_from_db()
    assert row.params == {"when": {"datetime": "2026-12-01T01:30:00+00:00"}, "where": {"term": "online"}}
    with translation.override("en"):
        assert row.display_title == "Now starting 2026-12-01 09:30, online. Your calendar updates by itself."
    with translation.override("zh-hans"):
        assert "2026-12-01 09:30" in row.display_title and "线上" in row.display_title
    # The words in the site's language are kept with the row as written.
    assert "线上" in row.title


@pytest.mark.django_db
def test_rows_without_a_code_show_the_words_they_were_stored_with(client, alice):
    Notification.objects.create(user=alice, kind="membership_request", title="旧的通知", body="旧的正文")
    for language in ("en", "zh-hans"):
        html = _page(client, alice, language)
        assert "旧的通知" in html and "旧的正文" in html


@pytest.mark.django_db
def test_an_unknown_code_or_params_that_do_not_fit_fall_back_to_the_stored_words(alice):
    unknown = Notification.objects.create(user=alice, kind="k", code="gone.away", params={}, title="保存的标题")
    misfit = Notification.objects.create(
        user=alice, kind="k", code="directory.organization_verified", params={}, title="另一个标题"
    )
    assert unknown.display_title == "保存的标题"
    assert misfit.display_title == "另一个标题"


@pytest.mark.django_db
def test_free_text_stays_as_written_beside_a_translated_title(client, pat, mallory):
    organization = services.organization_create(
        user=mallory, kind="county_office", region=OrganizationFactory().region, name_zh="新县局"
    )
    services.organization_reject(organization=organization, actor=pat, reason="信用代码不符")
    html = _page(client, mallory, "en")
    assert "The registration of 新县局 was rejected." in html and "信用代码不符" in html


@pytest.mark.django_db
def test_misuse_is_a_programming_error(alice, kind, registry):
    with_body = notifications.message("test.body", title="T %(x)s", body="B")
    with pytest.raises(ValueError, match="own body"):
        notifications.notify(users=[alice], kind=kind, message=with_body, params={"x": 1}, body="free")
    with pytest.raises(ValueError, match="naive"):
        notifications.notify(users=[alice], kind=kind, message=with_body, params={"x": dt.datetime(2026, 1, 1)})  # noqa: DTZ001
    with pytest.raises(ValueError, match="does not fit"):
        notifications.notify(users=[alice], kind=kind, message=with_body, params={})
    with pytest.raises(ValueError, match="different words"):
        notifications.message("test.body", title="Other %(x)s")
    with pytest.raises(ValueError, match="needs a message"):
        notifications.notify(users=[alice], kind=kind)
    assert not Notification.objects.exists()


@pytest.mark.django_db
def test_switching_language_remembers_it_for_a_signed_in_persons_emails(client, alice):
    client.force_login(alice)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    alice.refresh_from_db()
    assert alice.language == "en"
    assert notifications.language_of(alice) == "en"
    response = client.post("/i18n/setlang/", {"language": "xx", "next": "/"})
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.language == "en"


@pytest.mark.django_db
def test_every_declared_message_has_a_chinese_title():
    untranslated = []
    for code in notification_text.codes():
        declared = notification_text.get(code)
        with translation.override("zh-hans"):
            chinese = str(declared.title)
        with translation.override("en"):
            english = str(declared.title)
        if chinese == english:
            untranslated.append(code)
    assert untranslated == []
