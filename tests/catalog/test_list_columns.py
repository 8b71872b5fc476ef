"""Lists read only the columns they show: the long texts stay in the database (pages and API lists)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from catalog.models import Scenario, Solution
from tests.factories import ScenarioFactory, SolutionFactory


@pytest.mark.parametrize(
    ("url_name", "long_columns"),
    [
        ("catalog:scenario-list", ["problem_statement", "expected_outcomes", "open_resources", "search_text"]),
        ("api:scenario-list", ["problem_statement", "expected_outcomes", "open_resources", "search_text"]),
        ("catalog:solution-list", ["description", "search_text"]),
        ("api:solution-list", ["search_text"]),
    ],
)
def test_list_queries_leave_long_texts_out(client, county, firm, url_name, long_columns):
    ScenarioFactory(owner=county, status=Scenario.Status.OPEN, problem_statement="长文本" * 500)
    SolutionFactory(owner=firm, status=Solution.Status.PUBLISHED)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse(url_name))
    assert response.status_code == 200
    table = "catalog_scenario" if "scenario" in url_name else "catalog_solution"
    main = [q["sql"] for q in queries if f'FROM "{table}"' in q["sql"] and "COUNT(" not in q["sql"].upper()]
    assert main, "the list query ran"
    for column in long_columns:
        assert all(f'"{table}"."{column}"' not in sql for sql in main)


def test_scenario_page_still_shows_what_it_showed(client, county):
    ScenarioFactory(owner=county, status=Scenario.Status.OPEN, title="智慧停车", summary="面向县城的停车诱导")
    body = client.get(reverse("catalog:scenario-list")).content.decode()
    assert "智慧停车" in body and "面向县城的停车诱导" in body
