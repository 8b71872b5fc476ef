"""Browser tests: Debian's Chromium driven by Playwright against Django's live server.

Run with ``make test-browser`` (or as part of ``make test``). Without Chromium they are skipped locally with
a reason, but fail under CI (``CI=true``), where .ci/run installs it. Screenshots of key pages go to
``artifacts/screenshots/`` (git-ignored).

A step after which the test reads or writes the database, or asks for another page, waits for the server's answer
(``with page.expect_navigation(): ….click()``): on SQLite the live server shares the test's connection, and reading
while it writes fails with "database table is locked".
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def _browser():
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"Chromium not found at {CHROMIUM}; CI must install it (apt-get install chromium).")
        pytest.skip("Chromium is not installed (apt-get install chromium fonts-wqy-microhei)")
    # Playwright's sync API runs an event loop; Django's async-safety check would refuse ORM calls otherwise.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(_browser, live_server):
    """A fresh browser context (own cookies) with ``page.goto_path('/x/')`` relative to the live server.

    Reduced motion, so Bootstrap's colour transitions are off: axe reads colours the moment after a click, and a
    button half-way from its outline to its hover colour is a contrast failure no reader ever sees."""
    context = _browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900}, reduced_motion="reduce")
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.goto_path = lambda path: page.goto(live_server.url + path)
    yield page
    context.close()


@pytest.fixture
def screenshot(page):
    """``screenshot("name")`` saves a full-page PNG under artifacts/screenshots/."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(name: str) -> Path:
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


@pytest.fixture
def live_page(page, transactional_db):
    """A page whose live server sees the data the test creates (regions reloaded after each flush)."""
    from directory.models import Region
    from directory.regions_data import read_region_rows, sync_regions

    if not Region.objects.exists():
        sync_regions(Region, read_region_rows())
    return page


@pytest.fixture
def axe(page):
    """``axe("name")`` runs axe-core (axe-playwright-python) on the current page and fails on any critical or
    serious violation, naming the rule and the first elements it found."""
    from axe_playwright_python.sync_playwright import Axe

    checker = Axe()

    def check(name: str) -> None:
        results = checker.run(page)
        bad = [
            f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes'][:3]]}"
            for v in results.response["violations"]
            if v.get("impact") in ("critical", "serious")
        ]
        assert bad == [], f"axe on {name} ({page.url}): {bad}"

    return check
