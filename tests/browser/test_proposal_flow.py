"""A firm submits a sealed proposal in a real browser; the owner county sees only the count before the deadline."""

from __future__ import annotations

import datetime as dt
import re

from django.utils import timezone
from playwright.sync_api import expect

from directory.models import Membership
from proposals.models import Proposal
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory, region
from tests.factories import proposal_factories as pf

PASSWORD = "correct-horse-battery"


def _sign_in(page, username):
    page.goto_path("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("main").get_by_role("button", name="Sign in").click()


def test_firm_submits_and_owner_sees_only_the_count(live_page, screenshot, axe):
    page = live_page
    county = OrganizationFactory(name_zh="昆山市数据局", name_en="Kunshan Data Bureau", region=region("320583"))
    firm = OrganizationFactory(firm=True, name_zh="苏州云途智行科技有限公司", name_en="Suzhou Yuntu Mobility")
    owner, bidder = UserFactory(username="alice"), UserFactory(username="dave")
    MembershipFactory(user=owner, organization=county, role=Membership.Role.ADMIN)
    MembershipFactory(user=bidder, organization=firm, role=Membership.Role.ADMIN)
    scenario = pf.scenario(owner=county, deadline=timezone.now() + dt.timedelta(days=7), title="城乡公交智能排班")
    solution = pf.solution(firm=firm, title="云途公交智能排班调度系统")

    page.goto_path("/")
    page.get_by_role("button", name="English").click()
    _sign_in(page, "dave")
    page.goto_path(f"/proposals/new/{scenario.pk}/")
    expect(page.get_by_role("heading", name="New proposal")).to_be_visible()
    page.get_by_label(solution.title).check()
    page.get_by_label("Approach").fill("Demand-responsive timetables from fare-card data.")
    page.get_by_label("Price (CNY)").fill("一百二十万")
    page.get_by_label("I declare no conflict of interest").check()
    page.get_by_label(re.compile("I declare compliance with data-security")).check()
    page.get_by_role("button", name="Submit proposal").click()
    expect(page.locator("#id_price_error")).to_contain_text("e.g. 1200000, 1,200,000 or 120万")
    page.get_by_label("Price (CNY)").fill("１２０万")
    page.get_by_label(solution.title).check()
    page.get_by_label("I declare no conflict of interest").check()
    page.get_by_label(re.compile("I declare compliance with data-security")).check()
    screenshot("proposal-form")
    axe("proposal-form")
    page.get_by_role("button", name="Submit proposal").click()
    expect(page.locator("#proposal-status")).to_have_text("submitted")
    expect(page.locator("#proposal-price")).to_have_text("CNY 1,200,000")
    screenshot("proposal-submitted")
    axe("proposal-submitted")
    assert Proposal.objects.get().price == 1_200_000

    page.get_by_role("button", name=re.compile("Sign out")).click()
    _sign_in(page, "alice")
    page.goto_path("/county/scenarios/")
    expect(page.locator("#my-scenarios .proposal-count")).to_have_text("1")
    page.get_by_role("link", name="城乡公交智能排班").click()
    expect(page.locator("#proposal-count")).to_have_text("1 proposal submitted")
    content = page.content()
    assert "Yuntu" not in content and "云途" not in content and "1,200,000" not in content
    screenshot("owner-count-only")
    axe("owner-count-only")
