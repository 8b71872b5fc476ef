"""A participant signs in, finds a course in the catalogue, enrols and sees it in "my learning"."""

import datetime as dt

from django.utils import timezone
from playwright.sync_api import expect

from talent.models import Enrolment
from tests.factories import CourseFactory, OrganizationFactory, SessionFactory, UserFactory


def test_participant_finds_a_course_enrols_and_sees_it_in_my_learning(live_page, screenshot, axe):
    page = live_page
    provider = OrganizationFactory(
        trainer=True, name_zh="江苏省数字技能培训中心", name_en="Jiangsu Digital Skills Training Centre"
    )
    course = CourseFactory(provider=provider, title_zh="大数据分析入门", title_en="Introduction to big data analytics")
    start = (timezone.localtime() + dt.timedelta(days=10)).replace(hour=19, minute=0, second=0, microsecond=0)
    session = SessionFactory(course=course, start=start, end=start + dt.timedelta(hours=2), capacity=30)
    UserFactory(username="xiaoli", display_name="小李", password="Quiet-River-2026")

    page.goto_path("/accounts/login/")
    page.get_by_label("用户名").fill("xiaoli")
    page.get_by_label("密码").fill("Quiet-River-2026")
    page.get_by_role("button", name="登录").click()

    page.get_by_role("link", name="培训", exact=True).click()
    expect(page.get_by_role("heading", name="数字技能课程")).to_be_visible()
    screenshot("talent-course-list")
    axe("talent-course-list")
    page.get_by_role("link", name="大数据分析入门").click()
    page.get_by_role("link", name=timezone.localtime(session.start).strftime("%Y-%m-%d %H:%M")).click()
    expect(page.locator("#seats-left")).to_contain_text("30")
    page.get_by_role("button", name="报名").click()
    expect(page.get_by_text("报名成功。")).to_be_visible()
    screenshot("talent-session-enrolled")
    axe("talent-session-enrolled")

    page.get_by_role("button", name="我的工作台").click()
    page.get_by_role("link", name="我的学习").click()
    expect(page.get_by_role("heading", name="我的学习")).to_be_visible()
    expect(page.get_by_role("link", name="大数据分析入门")).to_be_visible()
    expect(page.get_by_role("cell", name="已报名")).to_be_visible()
    screenshot("talent-my-learning")
    axe("talent-my-learning")
    assert Enrolment.objects.get(session=session).person.username == "xiaoli"
