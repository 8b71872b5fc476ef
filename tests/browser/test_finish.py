"""In a real browser: styled error pages, the navbar at 1366 px in English, the unread badge, searchable
multi-selects (with their no-JavaScript fallback) and submit buttons that cannot be pressed twice. Screenshots of
each in both languages at 1366 and 390 px."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from core.models import Notification
from matching.models import Subscription
from tests.browser.test_workspaces import PASSWORD, _sign_in, _user, cast  # noqa: F401 - cast is a fixture
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.usefixtures("cast")

LONGEST = "Jiangsu Provincial Digital Government and Big Data Development Service Centre for Northern Counties"


def _both_languages_and_widths(page, screenshot, name, path, axe=None):
    for language in ("zh-hans", "en"):
        page.set_viewport_size({"width": 1366, "height": 900})
        page.goto_path(path)
        want = "zh-Hans" if language == "zh-hans" else "en"
        if page.locator("html").get_attribute("lang") != want:
            page.locator("#language-form button").click()
        for width in (1366, 390):
            page.set_viewport_size({"width": width, "height": 900})
            screenshot(f"{name}-{language}-{width}")
            if axe is not None:
                axe(f"{name}-{language}-{width}")
    page.set_viewport_size({"width": 1366, "height": 900})


def test_error_pages_are_styled_in_both_languages(live_page, screenshot, axe):
    page = live_page
    _both_languages_and_widths(page, screenshot, "error-404", "/no-such-page/", axe)
    expect(page.locator("#error-title")).to_have_text("Page not found")
    _sign_in(page, "dave")
    page.goto_path("/organizations/verification/")
    expect(page.locator("#error-title")).to_have_text("Not allowed")
    expect(page.locator("#error-detail")).to_contain_text("provincial office")
    _both_languages_and_widths(page, screenshot, "error-403", "/organizations/verification/", axe)
    expect(page.locator("#error-title")).to_have_text("Not allowed")


def test_navbar_fits_at_1366_in_english_and_shows_unread_notifications(live_page, screenshot):
    page = live_page
    office = OrganizationFactory(name_zh="江苏省数字政府与大数据发展服务中心苏北县域分中心", name_en=LONGEST)
    user = _user("maximilian_wangzhaoxuan", office)
    for n in range(3):
        Notification.objects.create(user=user, kind="organization_verification", title=f"第{n + 1}条")
    _sign_in(page, "maximilian_wangzhaoxuan")
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto_path(f"/organizations/{office.pk}/")
    expect(page.locator("#unread-badge")).to_have_text("3")
    screenshot("navbar-en-1366")
    height = page.locator("nav.navbar").bounding_box()["height"]
    assert height < 70, f"the navbar wraps: {height} px high"
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366  # and does not run off the screen
    page.set_viewport_size({"width": 390, "height": 844})
    page.locator(".navbar-toggler").click()
    expect(page.locator("#notifications-link")).to_contain_text("Notifications")
    screenshot("navbar-en-390-open")


def test_searchable_multiselect_groups_counties_by_city_and_works_without_javascript(
    live_page, screenshot, live_server, axe
):
    page = live_page
    _sign_in(page, "dave", language="keep")
    page.goto_path("/matching/subscriptions/")
    control = page.locator("#id_regions-ts-control")
    control.click()
    control.fill("鼓楼")
    options = page.locator("#id_regions-ts-dropdown .option:visible")
    expect(options).to_have_count(2)
    expect(page.locator("#id_regions-ts-dropdown .optgroup-header:visible")).to_have_text(["南京市", "徐州市"])
    screenshot("subscription-search-zh-hans-1366")
    options.first.click()
    page.keyboard.press("Escape")
    assert page.locator("#id_regions").evaluate("s => [...s.selectedOptions].map(o => o.value)") == ["320106"]
    _both_languages_and_widths(page, screenshot, "subscription", "/matching/subscriptions/", axe)

    # Without JavaScript: the same <select multiple>, counties in an <optgroup> per city.
    context = page.context.browser.new_context(java_script_enabled=False, locale="zh-CN")
    plain = context.new_page()
    plain.goto(live_server.url + "/accounts/login/")
    plain.locator("#id_username").fill("dave")
    plain.locator("#id_password").fill(PASSWORD)
    with plain.expect_navigation():
        plain.locator("main form button[type=submit]").click()
    plain.goto(live_server.url + "/matching/subscriptions/")
    expect(plain.locator('#id_regions optgroup[label="南京市"] option')).to_have_count(12)
    plain.locator("#id_regions").select_option(["320106"])
    with plain.expect_navigation():  # the test reads what the server wrote: wait for its answer
        plain.locator("main form").last.locator("button[type=submit]").click()
    assert [r.code for r in Subscription.objects.get().regions.all()] == ["320106"]
    context.close()


def test_submit_button_shows_progress_and_cannot_be_pressed_twice(live_page):
    page = live_page
    _sign_in(page, "dave")
    page.goto_path("/matching/subscriptions/")
    page.locator("input[name=zones][value=north]").check()
    posts = []
    page.on("request", lambda r: posts.append(r.url) if r.method == "POST" else None)
    # Two submits in a row, as a double click sends them: the second is refused, the pressed button busy.
    state = page.evaluate(
        """async () => {
            const button = [...document.querySelectorAll('main form button[type=submit]')]
                .find(b => b.textContent.includes('Subscribe'));
            button.form.requestSubmit(button);
            button.form.requestSubmit(button);
            await new Promise(resolve => setTimeout(resolve, 0));
            return [button.disabled, button.getAttribute('aria-busy')];
        }"""
    )
    assert state == [True, "true"]
    page.wait_for_load_state("load")
    expect(page.get_by_role("button", name="Subscribe")).to_be_enabled()
    assert len(posts) == 1
    assert Subscription.objects.count() == 1
