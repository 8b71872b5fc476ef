"""Notifications of opened resources: a firm's request reaches the owner office's people who decide it, the
decision reaches the firm; each worded in the reader's language from a message code and its parameters."""

from __future__ import annotations

import pytest
from django.core import mail
from django.utils import translation

from catalog import services
from catalog.models import OpenResource, Scenario
from core.models import Notification, NotificationPreference
from core.notification_text import render
from tests.factories import ScenarioFactory


@pytest.fixture
def resource(county) -> OpenResource:
    scenario = ScenarioFactory(owner=county, status=Scenario.Status.OPEN, title="公交排班")
    return OpenResource.objects.create(scenario=scenario, kind="api", name="刷卡数据接口", access_terms="仅限试点")


def _rows(kind: str) -> list[tuple[str, str, str]]:
    rows = Notification.objects.filter(kind=kind).select_related("user").order_by("user__username")
    return [(n.user.username, n.code, n.url) for n in rows]


def _words(kind: str, user, language: str) -> tuple[str, str]:
    row = Notification.objects.get(kind=kind, user=user)
    with translation.override(language):
        return render(row.code, row.params) or ("", "")


def test_a_request_notifies_the_owner_office_deciders_in_their_language(
    resource, dave, firm, alice, bob, charlie, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.resource_request_create(resource=resource, actor=dave, firm=firm, purpose="训练客流模型")
    url = f"/scenarios/{resource.scenario_id}/#resources-title"
    # alice (admin) decides; bob is a viewer of the office and charlie another county: neither is told.
    assert _rows("resource_request") == [("alice", "catalog.resource_requested", url)]
    assert _words("resource_request", alice, "en") == (
        "Suzhou Yuntu Mobility asks for access to “刷卡数据接口”",
        "Scenario “公交排班”. Purpose: 训练客流模型",
    )
    assert _words("resource_request", alice, "zh-hans")[0] == "苏州云途智行科技有限公司申请使用“刷卡数据接口”"
    assert [m.to for m in mail.outbox] == [["alice@example.com"]]


def test_approval_and_refusal_notify_the_firm(resource, dave, firm, alice):
    first = services.resource_request_create(resource=resource, actor=dave, firm=firm, purpose="a")
    services.resource_request_decide(request=first, actor=alice, approve=True)
    assert _rows("resource_decision") == [
        ("dave", "catalog.resource_approved", f"/scenarios/{resource.scenario_id}/#resources-title")
    ]
    assert _words("resource_decision", dave, "en")[0] == "Access to “刷卡数据接口” (scenario “公交排班”) was approved"
    Notification.objects.all().delete()
    second = services.resource_request_create(resource=resource, actor=dave, firm=firm, purpose="b")
    services.resource_request_decide(request=second, actor=alice, approve=False, note="数据尚未脱敏")
    row = Notification.objects.get(kind="resource_decision")
    assert (row.user, row.code, row.body) == (dave, "catalog.resource_refused", "数据尚未脱敏")
    with translation.override("zh-hans"):
        assert render(row.code, row.params)[0] == "“刷卡数据接口”（场景“公交排班”）的使用申请未获批准"


def test_a_refused_decision_notifies_nobody(resource, dave, firm, alice):
    request = services.resource_request_create(resource=resource, actor=dave, firm=firm, purpose="a")
    with pytest.raises(Exception, match="Say why"):
        services.resource_request_decide(request=request, actor=alice, approve=False)
    assert not Notification.objects.filter(kind="resource_decision").exists()


def test_a_question_notifies_the_owner_office_answerers_without_naming_the_firm(
    county, dave, firm, alice, bob, charlie, django_capture_on_commit_callbacks
):
    scenario = ScenarioFactory(owner=county, status=Scenario.Status.OPEN, title="公交排班")
    with django_capture_on_commit_callbacks(execute=True):
        services.question_ask(scenario=scenario, actor=dave, text="接口是否提供历史数据？")
    # alice (admin) answers; bob is a viewer, charlie another county, dave the asker: none is told.
    assert _rows("scenario_question") == [("alice", "catalog.question_asked", f"/scenarios/{scenario.pk}/#qa-title")]
    row = Notification.objects.get(kind="scenario_question")
    assert _words("scenario_question", alice, "en") == ("A firm asked a question on “公交排班”", "")
    assert _words("scenario_question", alice, "zh-hans") == ("有企业就“公交排班”提出了澄清问题", "")
    assert row.body == "接口是否提供历史数据？"
    # The asking firm is not named: not in the words, the parameters or the e-mail.
    for name in (firm.name_zh, firm.name_en, dave.username):
        assert name not in f"{row.title} {row.body} {row.params}"
        assert all(name not in f"{m.subject} {m.body}" for m in mail.outbox)
    assert [m.to for m in mail.outbox] == [["alice@example.com"]]


def test_a_question_respects_the_answerers_delivery_choice(county, dave, alice, django_capture_on_commit_callbacks):
    NotificationPreference.objects.create(user=alice, kind="scenario_question", delivery="none")
    scenario = ScenarioFactory(owner=county, status=Scenario.Status.OPEN)
    with django_capture_on_commit_callbacks(execute=True):
        services.question_ask(scenario=scenario, actor=dave, text="是否接受联合体投标？")
    assert _rows("scenario_question") == [("alice", "catalog.question_asked", f"/scenarios/{scenario.pk}/#qa-title")]
    assert mail.outbox == []
