"""A firm asks a county for a meeting from the county's scenario page, the county accepts, the organiser runs the
scheduler, both find the slot in their agenda and their iCalendar feed, and after the meeting both record an
outcome. Screenshots of the fairs pages in Chinese and English at 1366 and 390 px."""

from __future__ import annotations

import datetime as dt

import time_machine
from django.utils import timezone
from playwright.sync_api import expect

from fairs import services
from fairs.models import Event, Meeting, MeetingOutcome, MeetingRequest
from fairs.services import SHANGHAI
from tests.factories import MembershipFactory, OrganizationFactory, SuggestionFactory, UserFactory, region
from tests.factories import proposal_factories as pf

PASSWORD = "Quiet-River-2026"


def _person(username: str, organization) -> object:
    user = UserFactory(username=username, password=PASSWORD)
    MembershipFactory(user=user, organization=organization, role="admin", status="active")
    return user


def _sign_in(page, username: str) -> None:
    page.context.clear_cookies()
    page.goto_path("/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="登录").click()


def _shots(page, screenshot, live_server, name: str) -> None:
    """The current page in Chinese and English, at 1366 and 390 px wide."""
    for language in ("zh-hans", "en"):
        page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
        for width in (1366, 390):
            page.set_viewport_size({"width": width, "height": 900})
            page.reload()
            screenshot(f"fairs-{name}-{language}-{width}")
    page.context.add_cookies([{"name": "django_language", "value": "zh-hans", "url": live_server.url}])
    page.set_viewport_size({"width": 1280, "height": 900})
    page.reload()


def test_firm_requests_county_accepts_organiser_schedules_both_record_outcomes(live_page, live_server, screenshot):
    page = live_page
    province = OrganizationFactory(provincial=True, name_zh="江苏省数据局", name_en="Jiangsu Provincial Data Bureau")
    county = OrganizationFactory(name_zh="沭阳县数据局", name_en="Shuyang Data Bureau", region=region("321322"))
    firm = OrganizationFactory(firm=True, name_zh="苏州云途智行科技有限公司", name_en="Suzhou Yuntu Mobility")
    organiser, chen, liu = _person("wang", province), _person("chen", county), _person("liu", firm)
    scenario = pf.scenario(owner=county, title="农村公路智能巡检")
    solution = pf.solution(firm=firm, title="农村公路病害 AI 巡检")
    SuggestionFactory(scenario=scenario, solution=solution, score=0.82)

    now = timezone.now()
    date = timezone.localdate() + dt.timedelta(days=1)
    event = services.event_create(
        actor=organiser,
        organiser=province,
        rooms=[("A厅", 4)],
        kind=Event.Kind.BOTH,
        title_zh="苏南苏北供需对接会",
        title_en="South–North matchmaking fair",
        region=province.region,
        venue="南京国际博览中心",
        date=date,
        day_start=dt.time(9, 0),
        day_end=dt.time(11, 0),
        slot_minutes=30,
        breaks=[],
        registration_opens=now - dt.timedelta(days=3),
        registration_closes=now + dt.timedelta(hours=2),
        requests_close=dt.datetime.combine(date, dt.time(0, 0), tzinfo=SHANGHAI),
    )
    services.event_publish(actor=organiser, event=event)
    for user, organization, name in ((chen, county, "陈主任"), (liu, firm, "刘经理")):
        participant = services.participant_register(
            actor=user, event=event, organization=organization, attendees=[(name, "")]
        )
        services.participant_decide(actor=organiser, participant=participant, accept=True)
    county_part = event.participants.get(organization=county)
    firm_part = event.participants.get(organization=firm)

    # The firm asks from the county's scenario page.
    _sign_in(page, "liu")
    page.goto_path(f"/scenarios/{scenario.pk}/")
    page.get_by_role("link", name="预约洽谈").click()
    page.get_by_label("洽谈目的").fill("演示农村公路 AI 巡检，商谈试点")
    page.get_by_role("button", name="发送邀约").click()
    expect(page.get_by_text("洽谈邀约已发送。")).to_be_visible()
    assert MeetingRequest.objects.get().scenario == scenario

    # The county accepts.
    _sign_in(page, "chen")
    page.goto_path(f"/fairs/participants/{county_part.pk}/")
    page.get_by_role("button", name="接受").click()
    expect(page.get_by_text("答复已发送。")).to_be_visible()
    _shots(page, screenshot, live_server, "participant")

    # The organiser schedules.
    _sign_in(page, "wang")
    page.goto_path(f"/fairs/{event.pk}/manage/")
    page.get_by_role("button", name="运行排程").click()
    expect(page.get_by_text("已接受的 1 个邀约中排定 1 个")).to_be_visible()
    _shots(page, screenshot, live_server, "desk")
    page.goto_path(f"/fairs/{event.pk}/rooms/")
    _shots(page, screenshot, live_server, "rooms")
    meeting = Meeting.objects.get()
    when = timezone.localtime(meeting.slot.start).strftime("%m-%d %H:%M")

    # Both see the slot in their agenda and their calendar feed.
    for username, participant in (("liu", firm_part), ("chen", county_part)):
        _sign_in(page, username)
        page.goto_path(f"/fairs/participants/{participant.pk}/agenda/")
        expect(page.locator(f'tr[data-meeting="{meeting.pk}"]')).to_contain_text(when)
        feed = page.request.get(f"{live_server.url}/fairs/calendar/{participant.feed_token}.ics")
        assert feed.ok
        assert f"UID:fair-meeting-{meeting.request_id}@smart-county-exchange" in feed.text()
        assert (
            "DTSTART;TZID=Asia/Shanghai:" + timezone.localtime(meeting.slot.start).strftime("%Y%m%dT%H%M")
            in feed.text()
        )
    _shots(page, screenshot, live_server, "agenda")
    page.goto_path(f"/fairs/{event.pk}/")
    _shots(page, screenshot, live_server, "event")

    # After the meeting, both record an outcome.
    with time_machine.travel(meeting.slot.end + dt.timedelta(minutes=5), tick=True):
        for username, participant, outcome in (
            ("liu", firm_part, "签署意向协议"),
            ("chen", county_part, "受邀提交方案"),
        ):
            _sign_in(page, username)
            page.goto_path(f"/fairs/participants/{participant.pk}/")
            page.locator(f"#outcome-{meeting.pk}").select_option(label=outcome)
            if outcome == "签署意向协议":
                page.locator(f"#value-{meeting.pk}").fill("150万")
            page.get_by_role("button", name="记录结果").click()
            expect(page.get_by_text("洽谈结果已记录。")).to_be_visible()
    assert dict(MeetingOutcome.objects.values_list("participant_id", "value")) == {
        firm_part.pk: 1_500_000,
        county_part.pk: None,
    }
