"""A county clerk publishes a scenario from the browser: sign in, fill the grouped form (with the capability
picker), preview, publish, and find it on the public list."""

import datetime as dt

from django.utils import timezone
from playwright.sync_api import expect

from catalog.models import Scenario
from directory.models import Membership
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory, region
from tests.factories.catalog import use_test_vocabulary


def test_clerk_publishes_a_scenario(live_page, screenshot, axe):
    use_test_vocabulary()
    office = OrganizationFactory(name_zh="昆山市数据局", name_en="Kunshan Data Bureau", region=region("320583"))
    clerk = UserFactory(username="kunshan_clerk", password="Quiet-River-2026")
    MembershipFactory(user=clerk, organization=office, role=Membership.Role.EDITOR)

    page = live_page
    page.goto_path("/accounts/login/")
    page.get_by_label("用户名").fill("kunshan_clerk")
    page.get_by_label("密码").fill("Quiet-River-2026")
    with page.expect_navigation():
        page.get_by_role("button", name="登录").click()

    page.goto_path("/scenarios/")
    page.get_by_role("link", name="发布场景").first.click()
    expect(page.get_by_role("heading", name="发布场景")).to_be_visible()
    page.get_by_label("标题").fill("乡镇卫生院远程会诊服务")
    page.get_by_label("摘要").fill("让村民在镇上看上县医院专家")
    page.get_by_label("领域").select_option(label="医疗健康")
    # The capability picker: search in English, pick the Chinese concept.
    page.get_by_label("搜索能力").fill("telehealth")
    page.get_by_role("option", name="远程医疗 / Telemedicine").click()
    expect(page.get_by_role("button", name="远程医疗 / Telemedicine ×")).to_be_visible()
    page.get_by_label("问题描述").fill("全市 12 家乡镇卫生院缺少专科医生，群众小病也往县城跑。")
    page.get_by_label("预算下限（元）").fill("５０万")
    page.get_by_label("预算上限（元）").fill("1200000")
    deadline = (timezone.localtime() + dt.timedelta(days=30)).strftime("%Y-%m-%dT17:00")
    page.get_by_label("方案征集截止时间").fill(deadline)
    # Publishing needs a KPI row (indicator and target).
    page.locator("#id_kpis-0-indicator").fill("远程会诊覆盖乡镇卫生院")
    page.locator("#id_kpis-0-target").fill("12 家")
    expect(page.locator("#weight-total")).to_contain_text("100")
    screenshot("catalog-scenario-form")
    axe("catalog-scenario-form")
    page.get_by_role("button", name="保存并预览").click()

    expect(page.get_by_text("预览", exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name="乡镇卫生院远程会诊服务")).to_be_visible()
    screenshot("catalog-scenario-preview")
    axe("catalog-scenario-preview")
    page.get_by_role("button", name="发布", exact=True).click()
    expect(page.locator("#scenario-state")).to_have_text("征集中")
    screenshot("catalog-scenario-published")
    axe("catalog-scenario-published")

    scenario = Scenario.objects.get()
    assert (scenario.status, scenario.budget_min, scenario.budget_max) == ("open", 500_000, 1_200_000)
    assert list(scenario.capabilities.values_list("code", flat=True)) == ["telemedicine"]

    # Anyone finds it, also by an English synonym.
    with page.expect_navigation():
        page.get_by_role("button", name="退出", exact=False).click()
    page.goto_path("/scenarios/?q=remote+consultation")
    expect(page.get_by_role("link", name="乡镇卫生院远程会诊服务")).to_be_visible()
    screenshot("catalog-scenario-list")
    axe("catalog-scenario-list")
