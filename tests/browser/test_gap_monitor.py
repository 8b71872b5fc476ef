"""The gap monitor in Chromium: the map draws every one of Jiangsu's 95 county shapes on the province and the
county page (zh and en, desktop and phone), a click on a county opens its page, and the pages keep their
tables without JavaScript. Screenshots go to artifacts/screenshots/."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from directory.models import Region
from insights.services import refresh_insights
from tests.browser.conftest import SCREENSHOTS
from tests.factories import OrganizationFactory, region
from tests.factories import proposal_factories as pf

SHAPES = """() => {
  const element = document.getElementById("gap-map");
  const chart = window.echarts.getInstanceByDom(element);
  return chart.getModel().getSeriesByIndex(0).coordinateSystem.regions.map((r) => r.name);
}"""


@pytest.fixture
def chromium(_browser):
    return _browser


@pytest.fixture
def history(live_page):
    shuyang = OrganizationFactory(region=region("321322"))
    kunshan = OrganizationFactory(region=region("320583"))
    pf.scenario(owner=shuyang)
    pf.scenario(owner=kunshan)
    refresh_insights()
    return live_page


def _open(browser, live_server, *, locale: str, width: int):
    context = browser.new_context(
        locale=locale, viewport={"width": width, "height": 900}, extra_http_headers={"Accept-Language": locale}
    )
    context.set_default_timeout(20_000)
    return context, context.new_page()


@pytest.mark.parametrize(("locale", "width"), [("zh-CN", 1366), ("en", 1366), ("zh-CN", 390), ("en", 390)])
def test_province_map_draws_every_county(history, chromium, live_server, locale, width):
    counties = set(Region.objects.counties().values_list("code", flat=True))
    context, page = _open(chromium, live_server, locale=locale, width=width)
    try:
        page.goto(live_server.url + "/insights/?indicator=scenarios_opened")
        expect(page.locator("#gap-map")).to_have_attribute("data-rendered-shapes", "95")
        assert set(page.evaluate(SHAPES)) == counties
        expect(page.locator("#gap-trend canvas")).to_have_count(1)
        page.wait_for_timeout(600)  # let the charts' entry animation finish before the screenshot
        name = f"insights-province-{locale[:2]}-{width}"
        page.screenshot(path=str(_path(name)), full_page=True)
    finally:
        context.close()


def test_click_on_a_county_opens_its_page_which_highlights_it(history, chromium, live_server):
    context, page = _open(chromium, live_server, locale="zh-CN", width=1366)
    try:
        page.goto(live_server.url + "/insights/")
        expect(page.locator("#gap-map")).to_have_attribute("data-rendered-shapes", "95")
        point = page.evaluate(
            """() => {
              const element = document.getElementById("gap-map");
              const chart = window.echarts.getInstanceByDom(element);
              const region = chart.getModel().getSeriesByIndex(0).coordinateSystem.getRegion("321322");
              const [x, y] = chart.convertToPixel({ seriesIndex: 0 }, region.getCenter());
              const box = element.getBoundingClientRect();
              return [box.left + x, box.top + y];
            }"""
        )
        page.mouse.click(point[0], point[1])
        expect(page).to_have_url(live_server.url + "/insights/counties/321322/")
        expect(page.get_by_role("heading", name="沭阳县", exact=True)).to_be_visible()
        expect(page.locator("#gap-map")).to_have_attribute("data-rendered-shapes", "95")
        page.wait_for_timeout(600)
        page.screenshot(path=str(_path("insights-county-zh-1366")), full_page=True)
    finally:
        context.close()


def test_pages_read_without_javascript(history, chromium, live_server):
    context = chromium.new_context(locale="en", java_script_enabled=False, extra_http_headers={"Accept-Language": "en"})
    page = context.new_page()
    try:
        page.goto(live_server.url + "/insights/?indicator=scenarios_opened&basis=absolute")
        table = page.get_by_role("table").first
        expect(table.get_by_role("row")).to_have_count(96)  # header + 95 counties
        expect(page.get_by_role("link", name="Shuyang County", exact=True)).to_be_visible()
    finally:
        context.close()


def _path(name: str):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS / f"{name}.png"
