"""Screenshots of public pages in both languages at desktop and phone width, from the demo data.

    manage.py seed_demo && manage.py runserver 127.0.0.1:8765
    .venv/bin/python docs/screenshots/take_pages.py http://127.0.0.1:8765 NAME=PATH [NAME=PATH ...]

Chromium (Debian's /usr/bin/chromium) through Playwright, full page, anonymous. Writes
docs/screenshots/<NAME>-<zh|en>-<1366|390>.png; the language is chosen with Django's language cookie.
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

BASE = sys.argv[1]
PAGES = dict(arg.split("=", 1) for arg in sys.argv[2:])
HERE = Path(__file__).resolve().parent
LANGUAGES = {"zh": "zh-hans", "en": "en"}
WIDTHS = (1366, 390)

with sync_playwright() as playwright:
    browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
    for short, code in LANGUAGES.items():
        for width in WIDTHS:
            context = browser.new_context(viewport={"width": width, "height": 900})
            context.add_cookies([{"name": "django_language", "value": code, "url": BASE}])
            page = context.new_page()
            for name, path in PAGES.items():
                page.goto(f"{BASE}{path}")
                page.wait_for_load_state("networkidle")
                page.screenshot(path=str(HERE / f"{name}-{short}-{width}.png"), full_page=True)
            context.close()
    browser.close()
