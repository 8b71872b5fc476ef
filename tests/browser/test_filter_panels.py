"""List pages' filter panels: open on a desktop, folded behind a "Filters" toggle on a phone (showing how many
filters are in use), and open without JavaScript. Screenshots in both languages at 1366 and 390 px."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.factories import CourseFactory, OrganizationFactory, region
from tests.factories import proposal_factories as pf

LISTS = {
    "scenarios": "/scenarios/",
    "solutions": "/solutions/",
    "courses": "/talent/courses/",
    "organisations": "/organizations/",
}


@pytest.fixture
def lists(live_page):
    county = OrganizationFactory(name_zh="昆山市数据局", name_en="Kunshan Data Bureau", region=region("320583"))
    pf.scenario(owner=county, title="智慧养老服务试点")
    CourseFactory(provider=OrganizationFactory(trainer=True), title_zh="数据标注实务")
    return live_page


def _set_language(page, language):
    page.context.add_cookies([{"name": "django_language", "value": language, "url": page.url}])


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_filters_fold_on_phones_and_stay_open_on_desktops(lists, screenshot, axe, language):
    page = lists
    page.goto_path("/")
    _set_language(page, language)
    toggle_name = "Filters" if language == "en" else "筛选条件"
    for name, path in LISTS.items():
        page.set_viewport_size({"width": 1366, "height": 900})
        page.goto_path(path)
        panel = page.locator("details.filter-panel")
        expect(panel).to_have_attribute("open", "")
        expect(panel.locator("summary")).to_be_hidden()
        expect(panel.locator("form")).to_be_visible()
        screenshot(f"filters-{name}-{language}-1366")
        axe(f"filters-{name}-{language}-1366")

        page.set_viewport_size({"width": 390, "height": 844})
        page.goto_path(path)
        toggle = panel.locator("summary")
        expect(toggle).to_be_visible()
        expect(toggle).to_contain_text(toggle_name)
        expect(panel.locator("form")).to_be_hidden()
        screenshot(f"filters-{name}-{language}-390-closed")
        axe(f"filters-{name}-{language}-390-closed")
        toggle.click()
        expect(panel.locator("form")).to_be_visible()
        screenshot(f"filters-{name}-{language}-390-open")
        axe(f"filters-{name}-{language}-390-open")


def test_the_toggle_counts_filters_in_use_and_a_wider_window_opens_the_panel(lists):
    page = lists
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto_path("/scenarios/?q=养老")
    count = page.locator("details.filter-panel [data-filter-count]")
    expect(count).to_have_text("1")
    expect(page.locator("details.filter-panel form")).to_be_hidden()
    page.set_viewport_size({"width": 1366, "height": 900})
    expect(page.locator("details.filter-panel form")).to_be_visible()


def test_without_javascript_the_panel_is_open_and_still_folds(_browser, live_server, lists):  # noqa: PT019
    context = _browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    try:
        page = context.new_page()
        page.goto(live_server.url + "/scenarios/")
        form = page.locator("details.filter-panel form")
        expect(form).to_be_visible()
        page.locator("details.filter-panel summary").click()
        expect(form).to_be_hidden()
    finally:
        context.close()
