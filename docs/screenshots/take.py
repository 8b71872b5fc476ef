"""Screenshots of each role's home for the README, from the demo data.

    make run   # or: manage.py seed_demo && manage.py runserver 127.0.0.1:8765
    .venv/bin/python docs/screenshots/take.py [http://127.0.0.1:8765]

Chromium (Debian's /usr/bin/chromium) through Playwright, 1366 px wide, Chinese UI, full page. Writes
docs/screenshots/home-<role>.png; the demo password is the one in the README.
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8765"
HERE = Path(__file__).resolve().parent
PASSWORD = "demo-pass-2026"  # noqa: S105 - the published demo password (README)
ROLES = {
    "county": "kunshan_admin",
    "firm": "yuntu_admin",
    "trainer": "trainer_admin",
    "province": "province_admin",
}

with sync_playwright() as playwright:
    browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
    for role, username in ROLES.items():
        context = browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 900})
        page = context.new_page()
        page.goto(f"{BASE}/accounts/login/")
        page.locator("#id_username").fill(username)
        page.locator("#id_password").fill(PASSWORD)
        page.locator("main form button[type=submit]").click()
        page.wait_for_url(f"{BASE}/workspace/")
        page.screenshot(path=str(HERE / f"home-{role}.png"), full_page=True)
        context.close()
    browser.close()
