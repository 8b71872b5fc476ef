import datetime as dt

import pytest
from django.utils import timezone

from tests.factories import OrganizationFactory, ScenarioFactory, SolutionFactory, region


@pytest.fixture
def en(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def _zone(response, code):
    return next(zone for zone in response.context["zones"] if zone.code == code)


@pytest.mark.django_db
def test_home_counts_public_items_per_zone_and_nothing_private(en, county, other_county, firm):
    # 昆山 (south): one open scenario, one draft, one past its deadline; 沭阳 (north): one open scenario.
    ScenarioFactory(owner=county, status="open")
    ScenarioFactory(owner=county, status="draft")
    expired = ScenarioFactory(owner=county, status="open")
    type(expired).objects.filter(pk=expired.pk).update(deadline=timezone.now() - dt.timedelta(minutes=1))
    ScenarioFactory(owner=other_county, county=region("321322"), status="open")
    SolutionFactory(owner=firm, status="published")
    SolutionFactory(owner=firm, status="draft")
    OrganizationFactory(pending=True, region=region("321322"))

    response = en.get("/")
    south, north = _zone(response, "south"), _zone(response, "north")
    assert (south.open_scenarios, south.solutions, south.counties) == (1, 1, 39)
    assert (north.open_scenarios, north.solutions, north.counties) == (1, 0, 37)
    assert north.organizations == 1  # the pending one is not counted
    assert response.context["totals"]["open_scenarios"] == 2
    assert "2 open scenarios" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("n", [1, 3])
def test_home_query_count_is_flat(en, county, django_assert_num_queries, n):
    for _ in range(n):
        ScenarioFactory(owner=county, status="open")
    with django_assert_num_queries(6):
        assert en.get("/").status_code == 200


@pytest.mark.django_db
def test_home_is_in_chinese_by_default(client):
    html = client.get("/").content.decode()
    assert "智慧县域场景对接平台" in html
    assert "江苏三大区域" in html
    assert "开放中的场景" in html
