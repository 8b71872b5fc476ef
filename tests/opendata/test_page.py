"""The /open-data/ page: every data set with its fields, files and rule, the licence and publisher, in both
languages, at a fixed number of queries."""

from __future__ import annotations

import pytest

from opendata import registry


@pytest.mark.parametrize(
    ("language", "heading", "licence"), [("en", "Open data", "Licence"), ("zh-hans", "开放数据", "许可")]
)
def test_the_page_lists_every_data_set_with_fields_and_licence(client, db, language, heading, licence):
    client.cookies["django_language"] = language
    response = client.get("/open-data/", HTTP_ACCEPT_LANGUAGE=language)
    page = response.content.decode()
    assert response.status_code == 200
    assert f'<h1 class="h3">{heading}</h1>' in page
    assert licence in page
    assert 'href="https://creativecommons.org/licenses/by/4.0/" rel="license"' in page
    for dataset in registry.datasets():
        for fmt in ("csv", "json", "xlsx"):
            assert f'href="/open-data/{dataset.slug}.{fmt}"' in page
        for field in dataset.fields:
            assert f"<code>{field.name}</code>" in page
    assert 'id="ocds"' in page


def test_the_page_costs_no_query_for_an_anonymous_reader(client, world, django_assert_max_num_queries):
    with django_assert_max_num_queries(0):
        assert client.get("/open-data/").status_code == 200


def test_the_footer_links_the_page(client, db):
    assert 'href="/open-data/"' in client.get("/").content.decode()
