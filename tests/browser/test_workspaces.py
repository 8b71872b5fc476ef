"""In a real browser: each role's home in both languages at 1366 and 390 px; typed evaluation scores survive
every button; closing early, cancelling, disqualifying, awarding and revoking ask first."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from catalog.models import Scenario
from directory.models import Membership
from proposals import services as proposal_services
from proposals.models import Evaluation, Proposal
from talent import services as talent_services
from talent.models import Enrolment
from tests.factories import (
    CourseFactory,
    EnrolmentFactory,
    MembershipFactory,
    OrganizationFactory,
    SessionFactory,
    UserFactory,
    region,
)
from tests.factories import proposal_factories as pf

PASSWORD = "correct-horse-battery"


def _user(username, organization, role=Membership.Role.ADMIN):
    user = UserFactory(username=username)
    user.set_password(PASSWORD)
    user.save()
    MembershipFactory(user=user, organization=organization, role=role)
    return user


def _sign_in(page, username, language="en"):
    page.goto_path("/accounts/login/")
    if language == "en" and page.locator("html").get_attribute("lang") != "en":
        with page.expect_navigation():
            page.get_by_role("button", name="English").click()
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    with page.expect_navigation():  # signed in before the next page is asked for
        page.locator("main form button[type=submit]").click()


@pytest.fixture
def cast(live_page):
    county = OrganizationFactory(name_zh="昆山市数据局", name_en="Kunshan Data Bureau", region=region("320583"))
    firm = OrganizationFactory(firm=True, name_zh="苏州云途智行科技有限公司", name_en="Suzhou Yuntu Mobility")
    other = OrganizationFactory(
        firm=True, name_zh="南京康宁医疗信息技术有限公司", name_en="Nanjing Kangning Medical IT"
    )
    provider = OrganizationFactory(
        trainer=True, name_zh="江苏省数字技能培训中心", name_en="Jiangsu Digital Skills Centre"
    )
    province = OrganizationFactory(provincial=True, name_zh="江苏省数据局", name_en="Jiangsu Provincial Data Bureau")
    return {
        "county": county,
        "firm": firm,
        "other": other,
        "provider": provider,
        "alice": _user("alice", county),
        "dave": _user("dave", firm),
        "erin": _user("erin", other),
        "trudy": _user("trudy", provider),
        "pat": _user("pat", province),
    }


def _closed_call(cast, title="城乡公交智能排班"):
    """A call past its deadline with two submitted proposals."""
    scenario = pf.scenario(
        owner=cast["county"],
        status=Scenario.Status.EVALUATING,
        deadline=timezone.now() - dt.timedelta(hours=1),
        title=title,
    )
    dave = pf.proposal(scenario=scenario, firm=cast["firm"], price=1_200_000, approach="按需响应的公交时刻表")
    erin = pf.proposal(scenario=scenario, firm=cast["other"], price=980_000, approach="基于刷卡数据的排班")
    return scenario, dave, erin


def test_role_homes_in_both_languages_and_widths(live_page, cast, screenshot, axe):
    page = live_page
    _closed_call(cast)
    pf.scenario(owner=cast["county"], title="智慧养老服务试点")
    OrganizationFactory(firm=True, name_zh="宿迁星河数据服务有限公司", verification_status="pending")
    start = timezone.now() + dt.timedelta(days=3)
    session = SessionFactory(
        course=CourseFactory(provider=cast["provider"], title_zh="数据标注实务"),
        start=start,
        end=start + dt.timedelta(hours=3),
        capacity=2,
    )
    for _ in range(3):  # capacity 2: two seats and one on the waitlist
        talent_services.enrolment_create(person=UserFactory(), session=session)
    homes = {"alice": "#home-county", "dave": "#home-firm", "trudy": "#home-trainer", "pat": "#home-province"}
    for language in ("zh-hans", "en"):
        for username, section in homes.items():
            page.context.clear_cookies()
            page.set_viewport_size({"width": 1366, "height": 900})
            page.goto_path("/")
            if language == "en":
                with page.expect_navigation():
                    page.get_by_role("button", name="English").click()
            _sign_in(page, username, language="keep")
            expect(page.locator(section)).to_be_visible()
            screenshot(f"home-{username}-{language}-1366")
            axe(f"home-{username}-{language}-1366")
            page.set_viewport_size({"width": 390, "height": 844})
            page.reload()
            expect(page.locator(section)).to_be_visible()
            screenshot(f"home-{username}-{language}-390")
            axe(f"home-{username}-{language}-390")
    # The clerk's menu has no "my proposals"; the firm's has no "proposals received".
    page.context.clear_cookies()
    page.set_viewport_size({"width": 1366, "height": 900})
    _sign_in(page, "alice", language="keep")
    page.locator("#workspace-menu").click()
    expect(page.get_by_role("link", name="我的投标")).to_have_count(0)
    expect(page.locator(".dropdown-menu").get_by_role("link", name="收到的投标")).to_be_visible()


def test_typed_scores_survive_every_button(live_page, cast, screenshot, axe):
    page = live_page
    scenario, dave, erin = _closed_call(cast)
    alice = cast["alice"]
    evaluation = proposal_services.evaluator_assign(scenario=scenario, actor=alice, evaluator=alice)
    proposal_services.evaluation_declare(evaluation=evaluation, actor=alice, no_conflict=True)
    criteria = list(scenario.criteria.order_by("position"))
    _sign_in(page, "alice")
    page.goto_path(f"/evaluations/{evaluation.pk}/")
    expect(page.locator(f"#proposal-{dave.pk}")).to_contain_text("CNY 1,200,000")
    expect(page.locator(f"#proposal-{erin.pk}")).to_contain_text("基于刷卡数据的排班")

    def field(proposal, criterion):
        return page.locator(f"#id_p{proposal.pk}-c{criterion.pk}")

    for c, v in zip(criteria, ["9", "8", "7"], strict=True):
        field(dave, c).fill(v)
    field(erin, criteria[0]).fill("6")
    page.locator(f"#id_p{dave.pk}-comment").fill("方案扎实")
    screenshot("evaluation-sheet")
    axe("evaluation-sheet")
    page.locator("#save-all").click()
    expect(field(dave, criteria[2])).to_have_value("7")
    expect(field(erin, criteria[0])).to_have_value("6")
    expect(page.locator(f"#id_p{dave.pk}-comment")).to_have_value("方案扎实")

    # A bad value: nothing saved, everything typed still there.
    field(erin, criteria[1]).fill("11")
    page.locator("#save-all").click()
    expect(field(erin, criteria[1])).to_have_value("11")
    expect(field(dave, criteria[0])).to_have_value("9")

    # Completing with a gap keeps everything and says what is missing.
    field(erin, criteria[1]).fill("5")
    page.locator("#save-complete").click()
    expect(page.locator(".alert-warning")).to_contain_text("Nanjing Kangning Medical IT")
    expect(field(erin, criteria[1])).to_have_value("5")
    assert Evaluation.objects.get().status == Evaluation.Status.DECLARED

    field(erin, criteria[2]).fill("4")
    page.locator("#save-complete").click()
    expect(page.locator("#evaluation-status")).to_have_text("completed")
    assert Evaluation.objects.get().status == Evaluation.Status.COMPLETED


def test_close_and_cancel_ask_first(live_page, cast, screenshot, axe):
    page = live_page
    open_call = pf.scenario(owner=cast["county"], title="智慧养老服务试点")
    pf.proposal(scenario=open_call, firm=cast["firm"])
    _sign_in(page, "alice")
    page.goto_path(f"/scenarios/{open_call.pk}/")
    page.locator("#danger-actions").get_by_role("link", name=re.compile("Close for proposals now")).click()
    expect(page.locator("#confirm-refusal")).to_contain_text("already been submitted")
    screenshot("confirm-close-refused")
    axe("confirm-close-refused")
    page.get_by_role("link", name="Cancel the call").click()
    # Whom cancelling tells, never how many: before the deadline drafts are the firms' own.
    expect(page.locator("#confirm-consequences")).to_contain_text("Every firm with a proposal, draft or submitted")
    expect(page.locator("#confirm-consequences")).not_to_contain_text("1 firm")
    page.locator("#confirm-submit").click()  # the reason is required: the browser does not send the form
    expect(page.locator("#confirm-consequences")).to_be_visible()
    assert Scenario.objects.get(pk=open_call.pk).status == Scenario.Status.OPEN
    page.locator("#id_reason").fill("预算调整，项目取消")
    screenshot("confirm-cancel")
    axe("confirm-cancel")
    page.locator("#confirm-submit").click()
    expect(page.locator("#scenario-state")).to_have_text("cancelled")


def test_disqualify_and_award_ask_first(live_page, cast, screenshot, axe):
    from tests.proposals.helpers import complete_evaluation

    page = live_page
    scenario, dave, erin = _closed_call(cast)
    extra = pf.proposal(scenario=scenario, firm=OrganizationFactory(firm=True, name_en="Third Firm"))
    _sign_in(page, "alice")
    page.goto_path(f"/county/scenarios/{scenario.pk}/")
    page.locator(f'a[href="/proposals/{extra.pk}/disqualify/"]').click()
    expect(page.locator("#confirm-consequences")).to_contain_text("leaves the ranking")
    page.locator("#id_reason").fill("资质不符")
    screenshot("confirm-disqualify")
    with page.expect_navigation():  # the test reads what the server wrote: wait for its answer
        page.locator("#confirm-submit").click()
    extra.refresh_from_db()
    assert extra.is_disqualified
    complete_evaluation(scenario, cast["alice"], {dave.pk: [9, 9, 9], erin.pk: [4, 4, 4]})
    page.goto_path(f"/county/scenarios/{scenario.pk}/award/")
    page.get_by_label(re.compile("Suzhou Yuntu Mobility")).check()
    page.get_by_label("Published reason").fill("综合得分第一")
    page.get_by_role("button", name="Publish award").click()
    expect(page.locator("#confirm-consequences")).to_contain_text("Winning: Suzhou Yuntu Mobility.")
    screenshot("confirm-award")
    axe("confirm-award")
    assert not Proposal.objects.filter(awards__isnull=False).exists()
    with page.expect_navigation():
        page.locator("#confirm-submit").click()
    assert list(Proposal.objects.filter(awards__isnull=False)) == [dave]


def test_revoke_asks_first(live_page, cast, screenshot):
    page = live_page
    start = timezone.now() - dt.timedelta(days=3)
    session = SessionFactory(
        course=CourseFactory(provider=cast["provider"]), start=start, end=start + dt.timedelta(hours=3)
    )
    enrolment = EnrolmentFactory(session=session, status=Enrolment.Status.COMPLETED)
    certificate = talent_services.certificate_issue(enrolment=enrolment)
    _sign_in(page, "trudy")
    page.goto_path(f"/talent/certificates/{certificate.code}/")
    page.get_by_role("link", name=re.compile("Revoke the certificate")).click()
    expect(page.locator("#confirm-consequences")).to_contain_text("cannot be undone")
    page.locator("#confirm-submit").click()  # no reason: nothing sent
    expect(page.locator("#confirm-consequences")).to_be_visible()
    certificate.refresh_from_db()
    assert certificate.revoked_at is None
    page.locator("#id_reason").fill("考勤记录有误")
    screenshot("confirm-revoke")
    page.locator("#confirm-submit").click()
    expect(page.get_by_text("This certificate was revoked")).to_be_visible()


def test_verify_reject_and_remove_a_member_ask_first(live_page, cast, screenshot, axe):
    page = live_page
    waiting = OrganizationFactory(
        firm=True, name_zh="宿迁星河数据服务有限公司", name_en="Suqian Xinghe Data", verification_status="pending"
    )
    doubtful = OrganizationFactory(
        firm=True, name_zh="淮安某某科技有限公司", name_en="Huai'an Somebody Tech", verification_status="pending"
    )
    _sign_in(page, "pat")
    page.goto_path("/organizations/verification/")
    page.locator(f'a[href="/organizations/{waiting.pk}/verify/?next=queue"]').click()
    expect(page.locator("#confirm-consequences")).to_contain_text("shown as verified")
    for language in ("en", "zh-hans"):
        for width in (1366, 390):
            page.set_viewport_size({"width": width, "height": 900})
            screenshot(f"confirm-verify-{language}-{width}")
            axe(f"confirm-verify-{language}-{width}")
        if language == "en":
            page.set_viewport_size({"width": 1366, "height": 900})
            with page.expect_navigation():
                page.get_by_role("button", name="中文").click()
    waiting.refresh_from_db()
    assert waiting.verification_status == "pending"
    page.set_viewport_size({"width": 1366, "height": 900})
    page.locator("#confirm-submit").click()
    expect(page).to_have_url(re.compile("/organizations/verification/$"))
    waiting.refresh_from_db()
    assert waiting.verification_status == "verified"

    page.locator(f'a[href="/organizations/{doubtful.pk}/reject/?next=queue"]').click()
    page.locator("#confirm-submit").click()  # the reason is required: nothing is sent
    doubtful.refresh_from_db()
    assert doubtful.verification_status == "pending"
    page.locator("#id_reason").fill("营业执照与登记名称不符（请重新上传）")
    screenshot("confirm-reject-zh-hans-1366")
    page.locator("#confirm-submit").click()
    expect(page).to_have_url(re.compile("/organizations/verification/$"))
    doubtful.refresh_from_db()
    assert (doubtful.verification_status, doubtful.verification_reason) == (
        "rejected",
        "营业执照与登记名称不符（请重新上传）",
    )

    # An administrator removes a member: the page says what the member loses, and only the button acts.
    viewer = _user("victor", cast["county"], role=Membership.Role.VIEWER)
    page.context.clear_cookies()
    _sign_in(page, "alice")
    page.goto_path(f"/organizations/{cast['county'].pk}/")
    page.locator(".list-group").get_by_role("link", name=re.compile("Remove")).click()
    expect(page.locator("#confirm-consequences")).to_contain_text(re.compile("victor loses access", re.IGNORECASE))
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900})
        screenshot(f"confirm-remove-member-en-{width}")
        axe(f"confirm-remove-member-en-{width}")
    assert Membership.objects.filter(user=viewer).exists()
    page.locator("#confirm-submit").click()
    expect(page).to_have_url(re.compile(f"/organizations/{cast['county'].pk}/$"))
    assert not Membership.objects.filter(user=viewer).exists()
