"""Key public pages render in a real browser (on a phone-sized screen too); screenshots for review."""

import pytest
from playwright.sync_api import expect

from tests.factories import OrganizationFactory, region


@pytest.mark.parametrize(("width", "suffix"), [(1280, "desktop"), (390, "phone")])
def test_region_and_organisation_pages(live_page, screenshot, width, suffix):
    page = live_page
    page.set_viewport_size({"width": width, "height": 844})
    OrganizationFactory(name_zh="沭阳县数据局", region=region("321322"))

    page.goto_path("/regions/")
    expect(page.get_by_role("heading", name="苏北")).to_be_visible()
    screenshot(f"regions-province-{suffix}")

    page.get_by_role("link", name="宿迁市").click()
    expect(page.get_by_role("heading", name="宿迁市 321300")).to_be_visible()
    screenshot(f"regions-city-{suffix}")

    page.get_by_role("link", name="沭阳县").first.click()
    expect(page.get_by_role("link", name="沭阳县数据局")).to_be_visible()
    screenshot(f"regions-county-{suffix}")

    page.goto_path("/organizations/")
    expect(page.get_by_role("link", name="沭阳县数据局")).to_be_visible()
    screenshot(f"organizations-{suffix}")
