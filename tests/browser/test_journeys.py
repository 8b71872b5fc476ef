"""Whole journeys in a real browser, in Chinese and in English, with a screenshot at 1366 and 390 px and axe-core
(no critical or serious violation) on every page they pass through.

- A trainer creates a course, schedules a weekly series, edits the session, then, for a session that has run,
  opens the roster, takes attendance for everyone at once and closes the session, which issues certificates.
- A county office publishes a scenario, answers a firm's question, reads the proposals after the deadline,
  evaluates them and awards the call.
- A firm publishes a solution, asks a question on an open scenario, submits a sealed bid and revises it; after the
  deadline and the county's award it sees the outcome on its home, its proposal and the award notice, and so does
  the firm that lost.
- The provincial office opens the verification queue from its home, verifies one firm and rejects another with a
  reason, each through its confirmation page; the firm then shows as verified.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone, translation
from playwright.sync_api import expect

from catalog import services as catalog_services
from catalog.models import Question, Scenario, ScenarioKpi, Solution
from core.models import Notification
from proposals import services as proposal_services
from proposals.models import Award, Evaluation, Proposal
from talent.models import Certificate, Course, Occurrence, Session
from tests.browser.test_workspaces import _sign_in, _user, cast  # noqa: F401 - cast is a fixture
from tests.factories import EnrolmentFactory, OrganizationFactory, SessionFactory, UserFactory, VenueFactory
from tests.factories import proposal_factories as pf
from tests.factories.catalog import use_test_vocabulary
from tests.factories.talent import skill
from tests.proposals.helpers import complete_evaluation

LANGUAGES = ["zh-hans", "en"]


def _sign_in_as(page, username, language):
    page.context.clear_cookies()
    page.set_viewport_size({"width": 1366, "height": 900})
    _sign_in(page, username, language="en" if language == "en" else "keep")


def _look(page, screenshot, axe, name):
    """The page at 1366 and at 390 px: a screenshot and axe at each width (then back to 1366)."""
    page.set_viewport_size({"width": 1366, "height": 900})
    screenshot(f"{name}-1366")
    axe(f"{name}-1366")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(f"{name}-390")
    axe(f"{name}-390")
    page.set_viewport_size({"width": 1366, "height": 900})


def _submit(page, field_selector):
    """Press the submit button of the form that holds ``field_selector`` and wait for the server's answer (the
    tests read what it wrote; on SQLite the live server shares the test's connection, so reading mid-write fails
    with "database table is locked")."""
    with page.expect_navigation():
        page.locator(field_selector).locator("xpath=ancestor::form").locator("button[type=submit]").last.click()


@pytest.mark.parametrize("language", LANGUAGES)
def test_trainer_course_series_edit_roster_attendance_certificates(live_page, cast, screenshot, axe, language):  # noqa: F811
    page = live_page
    provider = cast["provider"]
    for code in ("digcomp-1.1", "digcomp-5.1"):
        skill(code)
    venue = VenueFactory(provider=provider)
    name = f"journey-trainer-{language}"
    _sign_in_as(page, "trudy", language)

    # 1. A new course.
    page.goto_path("/talent/courses/new/")
    page.locator("#id_provider").select_option(str(provider.pk))
    page.locator("#id_title_zh").fill("公共数据开放实务")
    page.locator("#id_title_en").fill("Open public data in practice")
    page.locator("#id_planned_hours").fill("12")
    page.evaluate(
        """() => { for (const o of document.querySelectorAll('#id_skills option')) {
                 o.selected = o.value === 'digcomp-1.1'; } }"""
    )
    _look(page, screenshot, axe, f"{name}-01-course-form")
    _submit(page, "#id_title_zh")
    expect(page).to_have_url(f"{page.url.split('/talent/')[0]}/talent/courses/{Course.objects.get().pk}/sessions/new/")
    course = Course.objects.get()

    # 2. A weekly series of three dates.
    start = (timezone.localtime() + dt.timedelta(days=14)).replace(hour=9, minute=0, second=0, microsecond=0)
    page.locator("#id_start").fill(start.strftime("%Y-%m-%dT%H:%M"))
    page.locator("#id_end").fill((start + dt.timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M"))
    page.locator("#id_venue").select_option(str(venue.pk))
    page.locator("#id_capacity").fill("20")
    page.locator("#id_registration_closes").fill((start - dt.timedelta(days=1)).strftime("%Y-%m-%dT18:00"))
    page.locator(f"input[name=repeat_weekdays][value='{start.weekday()}']").check()
    page.locator("#id_repeat_count").fill("3")
    _look(page, screenshot, axe, f"{name}-02-series-form")
    _submit(page, "#id_repeat_count")
    session = Session.objects.get(course=course)
    expect(page).to_have_url(f"{page.url.split('/talent/')[0]}/talent/sessions/{session.pk}/")
    assert session.occurrences.count() == 3
    _look(page, screenshot, axe, f"{name}-03-session")

    # 3. Edit the session: more seats.
    page.goto_path(f"/talent/sessions/{session.pk}/edit/")
    page.locator("#id_capacity").fill("25")
    _look(page, screenshot, axe, f"{name}-04-session-edit")
    _submit(page, "#id_capacity")
    expect(page.locator(".alert-success, .alert-info").first).to_be_visible()
    session.refresh_from_db()
    assert session.capacity == 25

    # 4. A session that has run: roster, everyone's attendance at once, then certificates.
    began = timezone.now() - dt.timedelta(days=1, hours=4)
    past = SessionFactory(course=course, venue=venue, start=began, end=began + dt.timedelta(hours=3), capacity=5)
    Course.objects.filter(pk=course.pk).update(min_attendance_percent=100)
    people = [EnrolmentFactory(session=past, person=UserFactory(display_name=f"学员{n}")) for n in (1, 2, 3)]
    page.goto_path(f"/talent/sessions/{past.pk}/roster/")
    expect(page.locator("#bulk-attendance")).to_be_visible()
    _look(page, screenshot, axe, f"{name}-05-roster")
    for enrolment in people[:2]:
        page.locator(f"#present-{enrolment.pk}").check()
    page.locator("#bulk-attendance button[type=submit]").click()
    expect(page.locator(f"#present-{people[0].pk}")).to_be_checked()
    expect(page.locator(f"#present-{people[2].pk}")).not_to_be_checked()
    _look(page, screenshot, axe, f"{name}-06-attendance-saved")
    page.locator(f"form[action='/talent/sessions/{past.pk}/complete/'] button[type=submit]").click()
    page.wait_for_load_state()
    _look(page, screenshot, axe, f"{name}-07-completed")
    certificates = Certificate.objects.filter(enrolment__session=past)
    assert sorted(c.enrolment_id for c in certificates) == sorted(e.pk for e in people[:2])

    # 5. A certificate's public page.
    page.goto_path(f"/talent/certificates/{certificates.first().code}/")
    expect(page.locator("main")).to_contain_text("公共数据开放实务" if language == "zh-hans" else "Open public data")
    _look(page, screenshot, axe, f"{name}-08-certificate")
    assert Occurrence.objects.filter(session=past).count() >= 1


@pytest.mark.parametrize("language", LANGUAGES)
def test_county_publishes_answers_reads_evaluates_and_awards(live_page, cast, screenshot, axe, language):  # noqa: F811
    page = live_page
    alice, dave = cast["alice"], cast["dave"]
    name = f"journey-county-{language}"

    # 1. Publish: the grouped form, the preview, then the publish button.
    use_test_vocabulary()
    _sign_in_as(page, "alice", language)
    page.goto_path("/scenarios/new/")
    page.locator("#id_title").fill("乡镇污水处理远程监测")
    page.locator("#id_summary").fill("实时掌握各乡镇污水处理站的运行情况")
    page.locator("#id_domain").select_option(str(pf.domain("municipal").pk))
    page.locator("#id_problem_statement").fill("全县 14 座乡镇污水处理站分散，人工巡检每月一次，出水超标发现不及时。")
    page.locator("#id_budget_min").fill("80万")
    page.locator("#id_budget_max").fill("1500000")
    deadline = (timezone.localtime() + dt.timedelta(days=30)).strftime("%Y-%m-%dT17:00")
    page.locator("#id_deadline").fill(deadline)
    page.locator("#id_kpis-0-indicator").fill("在线监测覆盖率")
    page.locator("#id_kpis-0-target").fill("≥ 90%")
    expect(page.locator("#weight-total")).to_contain_text("100")
    _look(page, screenshot, axe, f"{name}-01-form")
    _submit(page, "#id_title")
    draft = Scenario.objects.get(title="乡镇污水处理远程监测")
    expect(page.locator(f"form[action='/scenarios/{draft.pk}/publish/']")).to_be_visible()
    _look(page, screenshot, axe, f"{name}-02-preview")
    page.locator(f"form[action='/scenarios/{draft.pk}/publish/'] button[type=submit]").first.click(no_wait_after=True)
    # Publishing refreshes the matching index after commit, which may take a while on a busy machine.
    expect(page.locator(f"form[action='/scenarios/{draft.pk}/publish/']")).to_have_count(0, timeout=60_000)
    draft.refresh_from_db()
    assert (draft.status, draft.budget_min, draft.budget_max) == (Scenario.Status.OPEN, 800_000, 1_500_000)
    _look(page, screenshot, axe, f"{name}-03-published")

    # 2. Answer a firm's question (the firm's side, asking, is walked in the firm journey).
    question = catalog_services.question_ask(scenario=draft, actor=dave, text="是否需要对接省级平台？")
    page.goto_path("/workspace/")
    page.locator("#county-questions + ul").get_by_role("link", name="乡镇污水处理远程监测").click()
    answer = page.locator("textarea[name=answer]").first
    expect(answer).to_be_visible()
    answer.fill("需要，接口文档见附件。")
    _look(page, screenshot, axe, f"{name}-04-question")
    _submit(page, "textarea[name=answer]")
    page.wait_for_load_state()
    expect(page.locator("main")).to_contain_text("需要，接口文档见附件。")
    question.refresh_from_db()
    assert question.answer == "需要，接口文档见附件。"

    # 3. Two firms bid (their side is walked in the firm journey); the deadline passes; the office opens the
    #    proposals from its home.
    dave_proposal = pf.proposal(scenario=draft, firm=cast["firm"], price=1_200_000, approach="按需响应的监测方案")
    pf.proposal(scenario=draft, firm=cast["other"], price=980_000, approach="基于物联网水质仪的方案")
    Scenario.objects.filter(pk=draft.pk).update(deadline=timezone.now() - dt.timedelta(minutes=1))
    catalog_services.scenarios_close_expired()
    scenario = draft
    page.goto_path("/workspace/")
    page.locator("#home-county").locator(f"a[href='/county/scenarios/{scenario.pk}/']").first.click()
    firm_name = "Suzhou Yuntu Mobility" if language == "en" else "苏州云途智行科技有限公司"
    expect(page.locator("main")).to_contain_text(firm_name)
    expect(page.locator("main")).to_contain_text("CNY 1,200,000" if language == "en" else "120 万元")
    _look(page, screenshot, axe, f"{name}-05-proposals")

    # 4. Evaluate: she names herself evaluator, declares no conflict, scores every proposal and completes.
    page.locator("#id_evaluator").select_option(str(alice.pk))
    _submit(page, "#id_evaluator")
    evaluation = Evaluation.objects.get(scenario=scenario, evaluator=alice)
    page.locator(f"a[href='/evaluations/{evaluation.pk}/']").click()
    page.locator("input[name=decision][value=no_conflict]").check()
    _look(page, screenshot, axe, f"{name}-06-declare")
    _submit(page, "input[name=decision]")
    expect(page.locator("#save-complete")).to_be_visible()
    for field in page.locator("input[id^=id_p][id*='-c']").all():
        field.fill("4")
    _look(page, screenshot, axe, f"{name}-07-evaluation")
    page.locator("#save-complete").click()
    expect(page.locator("#evaluation-status")).to_have_text("completed" if language == "en" else "已完成")
    evaluation.refresh_from_db()
    assert evaluation.status == Evaluation.Status.COMPLETED, evaluation.status

    # 5. Award (the confirmation step is part of the journey).
    page.goto_path(f"/county/scenarios/{scenario.pk}/award/")
    _look(page, screenshot, axe, f"{name}-08-award")
    page.locator(f"input[name=proposals][value='{dave_proposal.pk}']").check()
    page.locator("#id_reason").fill("综合得分最高。")
    page.locator("#id_standstill").fill("5")
    _submit(page, "#id_reason")
    page.wait_for_load_state()
    _look(page, screenshot, axe, f"{name}-09-award-confirm")
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_load_state()
    assert Award.objects.filter(scenario=scenario).exists()
    _look(page, screenshot, axe, f"{name}-10-awarded")
    assert not Question.objects.filter(answer="").exists()

    # 6. The winning firm reads the outcome in its own language, whichever language the office used.
    _sign_in_as(page, "dave", language)
    page.goto_path("/notifications/")
    notice = Notification.objects.get(user=dave, kind="award_decision")
    with translation.override(language):
        expected = notice.display_title
    expect(page.locator("main")).to_contain_text(expected)
    assert ("selected" in expected) == (language == "en")
    _look(page, screenshot, axe, f"{name}-11-firm-notifications")


@pytest.mark.parametrize("language", LANGUAGES)
def test_firm_publishes_asks_bids_revises_and_sees_the_outcome(live_page, cast, screenshot, axe, language):  # noqa: F811
    page = live_page
    en = language == "en"
    name = f"journey-firm-{language}"
    pf.domain("transport")
    scenario = pf.scenario(
        owner=cast["county"],
        title="城乡公交智能排班",
        domain_code="transport",
        capabilities=(),
        deadline=timezone.now() + dt.timedelta(days=20),
    )
    ScenarioKpi.objects.create(scenario=scenario, indicator="高峰时段平均候车时间", unit="分钟", target="≤ 15")
    _sign_in_as(page, "dave", language)
    expect(page.locator("#home-firm")).to_be_visible()
    _look(page, screenshot, axe, f"{name}-01-home")

    # 1. Publish a solution: the form, then the publish button on its page.
    page.locator("#home-firm").get_by_role("link", name="Publish a solution" if en else "发布方案").click()
    page.locator("#id_title").fill("云途公交智能排班调度系统")
    page.locator("#id_summary").fill("按需响应的城乡公交排班，基于刷卡与定位数据。")
    page.locator("#id_description").fill("已在三个县级市运行，支持动态发班、司机排班与客流预测。")
    page.get_by_label("Transport" if en else "交通出行").check()
    _look(page, screenshot, axe, f"{name}-02-solution-form")
    _submit(page, "#id_title")
    solution = Solution.objects.get(owner=cast["firm"])
    expect(page).to_have_url(re.compile(f"/solutions/{solution.pk}/$"))
    page.locator(f"form[action='/solutions/{solution.pk}/publish/'] button[type=submit]").click()
    expect(page.locator(f"form[action='/solutions/{solution.pk}/publish/']")).to_have_count(0)
    solution.refresh_from_db()
    assert solution.status == Solution.Status.PUBLISHED
    _look(page, screenshot, axe, f"{name}-03-solution-published")

    # 2. Ask a question on the open scenario.
    page.goto_path(f"/scenarios/{scenario.pk}/")
    page.locator("textarea[name=text]").fill("现有车辆是否已安装车载定位终端？")
    _look(page, screenshot, axe, f"{name}-04-scenario")
    _submit(page, "textarea[name=text]")
    expect(page.locator(".alert-success").first).to_be_visible()
    question = Question.objects.get(scenario=scenario)
    assert (question.text, question.asker_organization) == ("现有车辆是否已安装车载定位终端？", cast["firm"])
    _look(page, screenshot, axe, f"{name}-05-question-sent")

    # 3. A sealed bid, from the scenario's page.
    page.get_by_role("link", name="Submit a proposal" if en else "提交投标").click()
    page.get_by_label("云途公交智能排班调度系统").check()
    page.locator("#id_approach").fill("按需响应的公交时刻表，先在两条线路试点。")
    page.locator("#id_price").fill("１２０万")
    page.locator("#id_declares_no_conflict").check()
    page.locator("#id_declares_data_security").check()
    _look(page, screenshot, axe, f"{name}-06-proposal-form")
    with page.expect_navigation():  # the test reads what the server wrote: wait for its answer
        page.locator("main form button[name=submit]").click()
    proposal = Proposal.objects.get(scenario=scenario, firm=cast["firm"])
    expect(page).to_have_url(re.compile(f"/proposals/{proposal.pk}/$"))
    expect(page.locator("#proposal-price")).to_have_text("CNY 1,200,000" if en else "120 万元")
    _look(page, screenshot, axe, f"{name}-07-proposal-submitted")

    # 4. Revise it before the deadline: a lower price, a second revision in the history.
    page.get_by_role("link", name="Revise" if en else "修改").click()
    expect(page.locator("#id_price")).not_to_have_value("")
    page.locator("#id_price").fill("1,080,000")
    _look(page, screenshot, axe, f"{name}-08-revise")
    _submit(page, "#id_price")
    expect(page.locator("#proposal-price")).to_have_text("CNY 1,080,000" if en else "108 万元")
    proposal.refresh_from_db()
    assert (proposal.price, proposal.status, proposal.revisions.count()) == (1_080_000, "submitted", 2)
    _look(page, screenshot, axe, f"{name}-09-revised")
    # Withdrawing sits apart and asks first; going back changes nothing.
    page.locator("#proposal-withdraw").click()
    expect(page.locator("#confirm-consequences")).to_contain_text("cannot be awarded" if en else "不能中选")
    _look(page, screenshot, axe, f"{name}-09b-withdraw-confirm")
    page.get_by_role("link", name="No, go back" if en else "不，返回").click()
    expect(page).to_have_url(re.compile(f"/proposals/{proposal.pk}/$"))
    proposal.refresh_from_db()
    assert proposal.status == "submitted"

    # 5. The county answers, another firm bids, the deadline passes and the county evaluates and awards (the
    #    county's side is walked in its own journey).
    catalog_services.question_answer(question=question, actor=cast["alice"], answer="已全部安装，接口可开放。")
    rival = pf.proposal(scenario=scenario, firm=cast["other"], price=980_000)
    Scenario.objects.filter(pk=scenario.pk).update(deadline=timezone.now() - dt.timedelta(minutes=1))
    catalog_services.scenarios_close_expired()
    complete_evaluation(scenario, cast["alice"], {proposal.pk: [9, 9, 9], rival.pk: [5, 5, 5]})
    proposal_services.award_decide(
        scenario=scenario,
        actor=cast["alice"],
        proposals=[proposal],
        reason="综合得分最高（技术方案最优）。",
        standstill=5,
    )

    # 6. The firm sees the outcome on its home, its proposal and the notice; the other firm sees it lost.
    page.goto_path("/workspace/")
    outcome = page.locator("#home-firm").get_by_role("link", name="awarded" if en else "中选", exact=True)
    expect(outcome).to_be_visible()
    expect(page.locator("#home-firm")).to_contain_text("城乡公交智能排班")
    _look(page, screenshot, axe, f"{name}-10-home-awarded")
    outcome.click()
    expect(page.locator("#winners")).to_contain_text("Suzhou Yuntu Mobility" if en else "苏州云途智行科技有限公司")
    expect(page.locator("#award-reason")).to_have_text("综合得分最高（技术方案最优）。")
    _look(page, screenshot, axe, f"{name}-11-award-notice")
    page.goto_path(f"/proposals/{proposal.pk}/")
    expect(page.locator("#proposal-outcome")).to_contain_text("awarded" if en else "中选")
    expect(page.locator("#proposal-outcome")).not_to_contain_text("not awarded" if en else "未中选")
    _look(page, screenshot, axe, f"{name}-12-proposal-awarded")
    page.goto_path("/proposals/mine/")
    expect(page.locator("#my-proposals .proposal-outcome")).to_have_text("awarded" if en else "中选")
    _look(page, screenshot, axe, f"{name}-13-my-proposals")

    _sign_in_as(page, "erin", language)
    lost = page.locator("#home-firm").get_by_role("link", name="not awarded" if en else "未中选", exact=True)
    expect(lost).to_be_visible()
    _look(page, screenshot, axe, f"{name}-14-rival-home")
    page.goto_path(f"/proposals/{rival.pk}/")
    expect(page.locator("#proposal-outcome")).to_contain_text("not awarded" if en else "未中选")
    expect(page.locator("#proposal-outcome").get_by_role("link")).to_have_attribute("href", f"/awards/{scenario.pk}/")
    _look(page, screenshot, axe, f"{name}-15-rival-proposal")


@pytest.mark.parametrize("language", LANGUAGES)
def test_province_verifies_a_firm_and_rejects_another(live_page, cast, screenshot, axe, language):  # noqa: F811
    page = live_page
    en = language == "en"
    name = f"journey-verify-{language}"
    waiting = OrganizationFactory(
        firm=True, name_zh="宿迁星河数据服务有限公司", name_en="Suqian Xinghe Data", verification_status="pending"
    )
    doubtful = OrganizationFactory(
        firm=True, name_zh="淮安某某科技有限公司", name_en="Huai'an Somebody Tech", verification_status="pending"
    )
    _user("xinghe", waiting)

    # 1. From the provincial office's home to the verification queue.
    _sign_in_as(page, "pat", language)
    expect(page.locator("#home-province")).to_contain_text(waiting.name_en if en else waiting.name_zh)
    _look(page, screenshot, axe, f"{name}-01-home")
    page.locator("#home-province").locator("a[href='/organizations/verification/']").first.click()
    expect(page).to_have_url(re.compile("/organizations/verification/$"))
    expect(page.locator("main table")).to_contain_text(doubtful.name_en if en else doubtful.name_zh)
    _look(page, screenshot, axe, f"{name}-02-queue")

    # 2. Verify through the confirmation step: nothing changes until the button is pressed.
    page.locator(f'a[href="/organizations/{waiting.pk}/verify/?next=queue"]').click()
    expect(page.locator("#confirm-consequences")).to_be_visible()
    _look(page, screenshot, axe, f"{name}-03-confirm-verify")
    waiting.refresh_from_db()
    assert waiting.verification_status == "pending"
    page.locator("#confirm-submit").click()
    expect(page).to_have_url(re.compile("/organizations/verification/$"))
    expect(page.locator(f'a[href="/organizations/{waiting.pk}/verify/?next=queue"]')).to_have_count(0)
    waiting.refresh_from_db()
    assert waiting.verification_status == "verified"
    _look(page, screenshot, axe, f"{name}-04-verified")

    # 3. Reject the other one: the reason is required and kept as typed.
    page.locator(f'a[href="/organizations/{doubtful.pk}/reject/?next=queue"]').click()
    page.locator("#confirm-submit").click()  # no reason: the browser does not send the form
    doubtful.refresh_from_db()
    assert doubtful.verification_status == "pending"
    page.locator("#id_reason").fill("营业执照与登记名称不符（请重新上传）")
    _look(page, screenshot, axe, f"{name}-05-confirm-reject")
    page.locator("#confirm-submit").click()
    expect(page).to_have_url(re.compile("/organizations/verification/$"))
    doubtful.refresh_from_db()
    assert (doubtful.verification_status, doubtful.verification_reason) == (
        "rejected",
        "营业执照与登记名称不符（请重新上传）",
    )
    _look(page, screenshot, axe, f"{name}-06-queue-empty")

    # 4. The firm's page shows it verified, to the office and to the firm's own administrator.
    page.goto_path(f"/organizations/{waiting.pk}/")
    expect(page.locator("main .badge-verified")).to_have_text("verified" if en else "已认证")
    _look(page, screenshot, axe, f"{name}-07-firm-verified")
    page.goto_path(f"/organizations/{doubtful.pk}/")
    expect(page.locator("main .alert-warning")).to_contain_text("营业执照与登记名称不符（请重新上传）")
    _look(page, screenshot, axe, f"{name}-08-firm-rejected")
    _sign_in_as(page, "xinghe", language)
    page.goto_path("/me/organizations/")
    expect(page.locator("main .badge-verified")).to_have_text("verified" if en else "已认证")
    _look(page, screenshot, axe, f"{name}-09-own-organisations")
