"""The open data page in a real browser, in both languages, on a desktop and a phone screen: every data set is
listed without the page overflowing sideways, and a CSV downloaded by clicking reads back as the JSON."""

import json
from pathlib import Path

import pytest
from playwright.sync_api import expect

from opendata import formats, registry
from tests.factories import OrganizationFactory, region
from tests.factories import proposal_factories as pf


@pytest.mark.parametrize("width", [1366, 390])
@pytest.mark.parametrize(("language", "heading"), [("zh-hans", "开放数据"), ("en", "Open data")])
def test_open_data_page(live_page, screenshot, width, language, heading):
    office = OrganizationFactory(name_zh="沭阳县数据局", name_en="Shuyang Data Bureau", region=region("321322"))
    pf.scenario(owner=office, title="=县域远程会诊")
    page = live_page
    page.set_viewport_size({"width": width, "height": 900})
    page.goto_path("/open-data/")
    page.context.add_cookies([{"name": "django_language", "value": language, "url": page.url}])
    page.reload()
    expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()
    for dataset in registry.datasets():
        expect(page.locator(f"#dataset-{dataset.slug} table")).to_be_attached()
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
    screenshot(f"open-data-{language.split('-')[0]}-{width}")

    with page.expect_download() as download:
        page.locator("#dataset-scenarios").get_by_role("link", name="CSV").click()
    rows = formats.read_csv(registry.get("scenarios"), Path(download.value.path()).read_bytes())
    body = page.request.get(page.url.split("/open-data/")[0] + "/open-data/scenarios.json").body()
    assert rows == json.loads(body)["rows"]
    assert [row["title"] for row in rows] == ["=县域远程会诊"]
