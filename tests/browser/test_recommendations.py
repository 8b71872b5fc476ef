"""A county admin opens the recommended solutions of an open scenario and sees them with their reasons; a firm
admin sees the scenario in its feed."""

from playwright.sync_api import expect

from catalog.concepts import sync_capabilities, sync_domains
from catalog.models import Capability, Domain, Scenario
from directory.models import Membership
from matching import services
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory, region
from tests.matching.conftest import farm_solution, imaging_cloud_solution, radiology_scenario, teleradiology_solution
from vocabulary import load_concepts


def sign_in(page, username):
    page.goto_path("/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill("Quiet-River-2026")
    with page.expect_navigation():
        page.get_by_role("main").get_by_role("button", name="登录").click()


def test_county_admin_sees_recommended_solutions_with_reasons(live_page, screenshot):
    if not Capability.objects.exists():
        sync_domains(Domain)
        sync_capabilities(Capability, Domain, load_concepts())
    office = OrganizationFactory(name_zh="昆山市数据局", name_en="Kunshan Data Bureau", region=region("320583"))
    admin = UserFactory(username="kunshan_admin", password="Quiet-River-2026")
    MembershipFactory(user=admin, organization=office, role=Membership.Role.ADMIN)
    firm = OrganizationFactory(firm=True, name_zh="苏州影联医疗科技有限公司", name_en="Suzhou Yinglian Medical")
    firm_admin = UserFactory(username="yinglian_admin", password="Quiet-River-2026")
    MembershipFactory(user=firm_admin, organization=firm, role=Membership.Role.ADMIN)
    scenario = radiology_scenario(office, status=Scenario.Status.OPEN)
    english = teleradiology_solution(firm)
    chinese = imaging_cloud_solution(firm)
    farm = farm_solution(firm)
    services.refresh_all()

    page = live_page
    sign_in(page, "kunshan_admin")
    page.goto_path(f"/scenarios/{scenario.pk}/")
    page.get_by_role("link", name="推荐方案").click()

    expect(page.get_by_role("heading", name="推荐方案", exact=True)).to_be_visible()
    cards = page.locator("article.suggestion")
    expect(cards).to_have_count(2)
    expect(page.get_by_role("link", name=english.title)).to_be_visible()
    expect(page.get_by_role("link", name=chinese.title)).to_be_visible()
    expect(page.get_by_role("link", name=farm.title)).to_have_count(0)
    expect(cards.first).to_contain_text("共享能力：远程影像诊断")
    expect(cards.first).to_contain_text("报价在预算内")
    # The domain is named as the scenario page names it (vocabulary.DOMAINS), not by a second list.
    expect(cards.first).to_contain_text("同属领域：" + Domain.objects.get(code="health").name_zh)
    screenshot("matching-recommended-solutions")

    cards.first.get_by_role("button", name="邀请提交方案").click()
    expect(page.get_by_text("已邀请该企业提交方案。")).to_be_visible()
    expect(cards.first.get_by_text("已邀请")).to_be_visible()

    firm_page = page.context.browser.new_context(locale="zh-CN").new_page()
    firm_page.goto_path = lambda path: firm_page.goto(page.url.split("/matching/")[0] + path)
    sign_in(firm_page, "yinglian_admin")
    firm_page.goto_path("/matching/feed/")
    expect(firm_page.get_by_role("link", name=scenario.title).first).to_be_visible()
    firm_page.context.close()
