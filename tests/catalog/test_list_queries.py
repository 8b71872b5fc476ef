"""Lists run a fixed number of queries whatever the page size (literal counts for 1 and 3 items)."""

import pytest
from django.urls import reverse

from catalog.models import Scenario
from tests.factories import ScenarioFactory, SolutionFactory


@pytest.fixture
def charlie_draft(other_county):
    return ScenarioFactory(owner=other_county)  # present, never listed for anonymous


@pytest.mark.parametrize("n", [1, 3])
def test_scenario_list_page_queries(client, county, charlie_draft, django_assert_num_queries, n):
    for _ in range(n):
        ScenarioFactory(owner=county, status=Scenario.Status.OPEN, capabilities=["telemedicine", "teleradiology"])
    # count, page, capabilities prefetch; the filter form's domain, capability and region options
    with django_assert_num_queries(6):
        response = client.get(reverse("catalog:scenario-list"))
    assert len(response.context["scenarios"]) == n


@pytest.mark.parametrize("n", [1, 3])
def test_scenario_list_page_with_filters_queries(client, county, charlie_draft, django_assert_num_queries, n):
    for _ in range(n):
        ScenarioFactory(owner=county, status=Scenario.Status.OPEN, capabilities=["telemedicine"])
    # + domain, capability and region lookups, the vocabulary for q
    with django_assert_num_queries(10):
        response = client.get(
            reverse("catalog:scenario-list"),
            {"q": "远程医疗", "domain": "health", "capability": "telemedicine", "region": "320500", "status": "open"},
        )
    assert len(response.context["scenarios"]) == n


@pytest.mark.parametrize("n", [1, 3])
def test_scenario_api_list_queries(api_client, county, charlie_draft, django_assert_num_queries, n):
    for _ in range(n):
        ScenarioFactory(owner=county, status=Scenario.Status.OPEN, capabilities=["telemedicine"])
    with django_assert_num_queries(3):
        response = api_client.get("/api/v1/scenarios/")
    assert response.json()["count"] == n


@pytest.mark.parametrize("n", [1, 3])
def test_scenario_list_signed_in_queries(client_as, alice, county, charlie_draft, django_assert_num_queries, n):
    for _ in range(n):
        ScenarioFactory(owner=county)
    client = client_as(alice)
    # session, user, provincial-staff check, count, page, capabilities, 3 filter-form option lists
    with django_assert_num_queries(9):
        response = client.get(reverse("catalog:scenario-list"))
    assert len(response.context["scenarios"]) == n


@pytest.mark.parametrize("n", [1, 3])
def test_solution_list_page_queries(client, firm, django_assert_num_queries, n):
    for _ in range(n):
        SolutionFactory(owner=firm, domains=["health", "elderly_care"], capabilities=["telemedicine"])
    # count, page, domains, capabilities, deployments, 3 filter-form option lists
    with django_assert_num_queries(8):
        response = client.get(reverse("catalog:solution-list"))
    assert len(response.context["solutions"]) == n


@pytest.mark.parametrize("n", [1, 3])
def test_solution_api_list_queries(api_client, firm, django_assert_num_queries, n):
    for _ in range(n):
        SolutionFactory(owner=firm, domains=["health"])
    with django_assert_num_queries(5):
        response = api_client.get("/api/v1/solutions/")
    assert response.json()["count"] == n


@pytest.mark.parametrize("n", [1, 3])
def test_my_scenarios_page_queries(client_as, alice, county, django_assert_num_queries, n):
    for _ in range(n):
        ScenarioFactory(owner=county)
    client = client_as(alice)
    # session, user, count, page, capabilities, can-create check
    with django_assert_num_queries(6):
        response = client.get(reverse("catalog:my-scenarios"))
    assert len(response.context["scenarios"]) == n


def test_capability_and_domain_endpoints(api_client, django_assert_num_queries):
    with django_assert_num_queries(1):
        domains = api_client.get("/api/v1/domains/").json()
    assert [d["code"] for d in domains][:3] == ["transport", "health", "education"]
    found = api_client.get("/api/v1/capabilities/", {"q": "Telehealth"}).json()
    assert [c["code"] for c in found["results"]] == ["telemedicine"]
    found = api_client.get("/api/v1/capabilities/", {"q": "互联网医院"}).json()
    assert [c["code"] for c in found["results"]] == ["telemedicine"]
