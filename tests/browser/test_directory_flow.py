"""A newcomer's first visit, in a real browser: language switch, sign-up, sign-in, register an organisation."""

import re

from django.core import mail
from playwright.sync_api import expect

from directory.models import Organization


def test_newcomer_signs_up_and_registers_an_organisation(live_page, screenshot, axe):
    page = live_page
    page.goto_path("/")
    expect(page.locator("h1")).to_have_text("智慧县域场景对接平台")
    screenshot("home-zh")
    axe("home-zh")

    page.get_by_role("button", name="English").click()
    expect(page.locator("h1")).to_have_text("Smart County Exchange")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    screenshot("home-en")
    axe("home-en")
    page.get_by_role("button", name="中文").click()
    expect(page.locator("h1")).to_have_text("智慧县域场景对接平台")

    page.get_by_role("navigation").get_by_role("link", name="注册", exact=True).click()
    page.get_by_label("用户名").fill("xiaoming")
    page.get_by_label("电子邮件").fill("xiaoming@example.com")
    page.get_by_label("密码", exact=True).fill("Quiet-River-2026")
    page.get_by_label("密码确认").fill("Quiet-River-2026")
    screenshot("signup")
    axe("signup")
    page.get_by_role("main").get_by_role("button", name="注册").click()
    expect(page.get_by_role("heading", name="请查收电子邮件")).to_be_visible()

    # The activation link from the mail, then sign in with the new account.
    (message,) = mail.outbox
    link = re.search(r"https?://[^/]+(/accounts/signup/activate/\S+/)", message.body).group(1)
    page.goto_path(link)
    page.get_by_label("用户名").fill("xiaoming")
    page.get_by_label("密码").fill("Quiet-River-2026")
    screenshot("login")
    axe("login")
    page.get_by_role("main").get_by_role("button", name="登录").click()
    # A newcomer lands on the workspace, which sends someone without an organisation to their organisations.
    expect(page.get_by_role("heading", name="工作台")).to_be_visible()
    expect(page.get_by_text("您还没有代表任何机构")).to_be_visible()
    page.get_by_role("main").get_by_role("link", name="我的机构").click()
    expect(page.get_by_role("heading", name="我的机构")).to_be_visible()

    page.get_by_role("link", name="登记机构").first.click()
    page.get_by_label("类型").select_option("firm")
    page.get_by_label("中文名称").fill("南通海智数据科技有限公司")
    page.get_by_label("英文名称").fill("Nantong Haizhi Data Technology")
    page.get_by_label("地区").select_option("320612")
    page.get_by_label("统一社会信用代码").fill("91440300708461136T")
    screenshot("organization-form")
    axe("organization-form")
    page.get_by_role("button", name="登记", exact=True).click()

    expect(page.get_by_role("heading", name="南通海智数据科技有限公司")).to_be_visible()
    expect(page.get_by_text("待审核")).to_be_visible()
    screenshot("organization-pending")
    axe("organization-pending")
    organization = Organization.objects.get(name_zh="南通海智数据科技有限公司")
    assert organization.verification_status == "pending"
    assert organization.memberships.get().user.username == "xiaoming"
