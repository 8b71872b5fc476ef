"""The matching API: suggestions both ways, feed, feedback, invitations, subscriptions, region pairs."""

from __future__ import annotations

import pytest

from catalog.models import Scenario, Solution
from matching import services
from matching.models import RegionPair, Subscription, Suggestion, SuggestionFeedback
from tests.factories import SuggestionFactory
from tests.matching.conftest import imaging_cloud_solution, radiology_scenario, teleradiology_solution

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(radiology, teleradiology, imaging_cloud, farm_iot, charlies_data):
    services.refresh_all()
    return radiology


def test_scenario_suggestions_for_the_owner_county(world, api_as, alice, teleradiology, imaging_cloud):
    response = api_as(alice).get(f"/api/v1/scenarios/{world.pk}/suggestions/")

    assert response.status_code == 200
    results = response.json()["results"]
    assert {r["solution"]["id"] for r in results} == {teleradiology.pk, imaging_cloud.pk}
    assert [r["rank"] for r in results] == [1, 2]
    first = results[0]
    assert set(first) == {"id", "rank", "score", "reasons", "reason_codes", "solution", "verdict", "computed_at"}
    assert first["verdict"] is None
    assert first["reasons"]


@pytest.mark.parametrize(
    ("who", "status"), [("bob", 200), ("charlie", 404), ("dave", 404), ("pat", 404), ("mallory", 404), (None, 401)]
)
def test_scenario_suggestions_visibility(world, api_as, request, who, status):
    user = request.getfixturevalue(who) if who else None

    response = api_as(user).get(f"/api/v1/scenarios/{world.pk}/suggestions/")

    assert response.status_code == status


def test_draft_scenario_has_no_suggestions_endpoint_even_for_its_owner(world, api_as, charlie, charlies_data):
    draft, _open = charlies_data

    assert api_as(charlie).get(f"/api/v1/scenarios/{draft.pk}/suggestions/").status_code == 404


def test_solution_suggestions_for_firm_members_only(world, api_as, dave, erin, teleradiology, charlies_data):
    _draft, charlie_open = charlies_data

    response = api_as(dave).get(f"/api/v1/solutions/{teleradiology.pk}/suggestions/")

    assert response.status_code == 200
    ids = [r["scenario"]["id"] for r in response.json()["results"]]
    assert sorted(ids) == sorted([world.pk, charlie_open.pk])
    assert api_as(erin).get(f"/api/v1/solutions/{teleradiology.pk}/suggestions/").status_code == 404


def test_feed_lists_only_public_scenarios_of_my_firms(world, api_as, erin, charlies_data, imaging_cloud):
    draft, charlie_open = charlies_data

    results = api_as(erin).get("/api/v1/suggestions/feed/").json()["results"]

    assert {r["scenario"]["id"] for r in results} == {world.pk, charlie_open.pk}
    assert draft.pk not in {r["scenario"]["id"] for r in results}
    assert {r["solution_id"] for r in results} == {imaging_cloud.pk}


def test_feedback_post_and_dismissed_hidden(world, api_as, alice, teleradiology):
    suggestion = Suggestion.objects.get(scenario=world, solution=teleradiology)

    response = api_as(alice).post(
        f"/api/v1/suggestions/{suggestion.pk}/feedback/", {"side": "scenario", "verdict": "dismiss"}
    )

    assert response.status_code == 201
    assert response.json()["verdict"] == "dismiss"
    listed = api_as(alice).get(f"/api/v1/scenarios/{world.pk}/suggestions/").json()["results"]
    assert teleradiology.pk not in [r["solution"]["id"] for r in listed]


@pytest.mark.parametrize(
    ("who", "side", "status"),
    [
        ("bob", "scenario", 403),
        ("charlie", "scenario", 404),
        ("dave", "scenario", 404),
        ("erin", "solution", 404),
        ("dave", "solution", 201),
    ],
)
def test_feedback_matrix(world, api_as, request, teleradiology, who, side, status):
    suggestion = Suggestion.objects.get(scenario=world, solution=teleradiology)

    response = api_as(request.getfixturevalue(who)).post(
        f"/api/v1/suggestions/{suggestion.pk}/feedback/", {"side": side, "verdict": "confirm"}
    )

    assert response.status_code == status
    assert SuggestionFeedback.objects.count() == (1 if status == 201 else 0)


def test_feedback_bad_verdict_is_400(world, api_as, alice, teleradiology):
    suggestion = Suggestion.objects.get(scenario=world, solution=teleradiology)

    response = api_as(alice).post(
        f"/api/v1/suggestions/{suggestion.pk}/feedback/", {"side": "scenario", "verdict": "maybe"}
    )

    assert response.status_code == 400
    assert "verdict" in response.json()


def test_invite_endpoint(world, api_as, alice, bob, teleradiology):
    suggestion = Suggestion.objects.get(scenario=world, solution=teleradiology)

    assert api_as(bob).post(f"/api/v1/suggestions/{suggestion.pk}/invite/").status_code == 403
    response = api_as(alice).post(f"/api/v1/suggestions/{suggestion.pk}/invite/")
    assert response.status_code == 201
    assert response.json()["solution"] == teleradiology.pk
    assert api_as(alice).post(f"/api/v1/suggestions/{suggestion.pk}/invite/").status_code == 409


def test_suggestion_of_an_archived_solution_is_gone_everywhere(world, api_as, alice, dave, teleradiology):
    suggestion = Suggestion.objects.get(scenario=world, solution=teleradiology)
    Solution.objects.filter(pk=teleradiology.pk).update(status=Solution.Status.ARCHIVED)  # before any refresh

    listed = api_as(alice).get(f"/api/v1/scenarios/{world.pk}/suggestions/").json()
    assert teleradiology.pk not in [r["solution"]["id"] for r in listed["results"]]
    assert listed["count"] == 1
    assert api_as(alice).post(f"/api/v1/suggestions/{suggestion.pk}/invite/").status_code == 404
    assert api_as(dave).get(f"/api/v1/solutions/{teleradiology.pk}/suggestions/").status_code == 404
    assert api_as(dave).get("/api/v1/suggestions/feed/").json()["count"] == 0


@pytest.mark.parametrize(("n", "queries"), [(1, 7), (3, 7)])
def test_scenario_suggestions_query_count(county, alice, firm, api_as, django_assert_num_queries, n, queries):
    scenario = radiology_scenario(county, status=Scenario.Status.OPEN)
    for i in range(n):
        SuggestionFactory(
            scenario=scenario,
            solution=teleradiology_solution(firm, title=f"Teleradiology {i}"),
            rank_for_scenario=i + 1,
        )
    client = api_as(alice)

    with django_assert_num_queries(queries):
        response = client.get(f"/api/v1/scenarios/{scenario.pk}/suggestions/")

    assert response.json()["count"] == n


@pytest.mark.parametrize(("n", "queries"), [(1, 2), (3, 2)])
def test_feed_query_count(county, firm, dave, api_as, django_assert_num_queries, n, queries):
    solution = imaging_cloud_solution(firm)
    for i in range(n):
        SuggestionFactory(
            scenario=radiology_scenario(county, status=Scenario.Status.OPEN, title=f"场景{i}"),
            solution=solution,
            rank_for_solution=i + 1,
        )
    client = api_as(dave)

    with django_assert_num_queries(queries):
        response = client.get("/api/v1/suggestions/feed/")

    assert response.json()["count"] == n


def test_subscription_crud(api_as, dave, erin, firm):
    client = api_as(dave)
    created = client.post(
        "/api/v1/subscriptions/",
        {
            "organization": firm.pk,
            "domains": ["health"],
            "capabilities": ["teleradiology"],
            "regions": ["321300"],
            "zones": ["north"],
            "delivery": "digest",
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    body = created.json()
    assert (body["domains"], body["capabilities"], body["regions"], body["zones"], body["delivery"]) == (
        ["health"],
        ["teleradiology"],
        ["321300"],
        ["north"],
        "digest",
    )
    pk = body["id"]
    assert api_as(erin).get(f"/api/v1/subscriptions/{pk}/").status_code == 404
    assert api_as(erin).get("/api/v1/subscriptions/").json()["count"] == 0
    patched = client.patch(f"/api/v1/subscriptions/{pk}/", {"zones": ["centre"]}, format="json")
    assert patched.status_code == 200
    assert patched.json()["zones"] == ["centre"]
    assert client.delete(f"/api/v1/subscriptions/{pk}/").status_code == 204
    assert Subscription.objects.count() == 0


@pytest.mark.parametrize(
    ("payload", "field"),
    [({"zones": ["west"]}, "zones"), ({}, "__all__"), ({"domains": ["space"]}, "domains")],
)
def test_subscription_bad_input_is_400(api_as, dave, firm, payload, field):
    response = api_as(dave).post("/api/v1/subscriptions/", {"organization": firm.pk, **payload}, format="json")

    assert response.status_code == 400
    assert field in response.json()
    assert Subscription.objects.count() == 0


def test_subscription_for_someone_elses_firm_is_403(api_as, erin, firm):
    response = api_as(erin).post("/api/v1/subscriptions/", {"organization": firm.pk, "zones": ["north"]}, format="json")

    assert response.status_code == 403


def test_region_pairs_read_by_anyone_changed_by_the_province(api_as, pat, alice):
    listed = api_as(None).get("/api/v1/region-pairs/").json()
    programme = {(row["south_code"], row["north_code"]) for row in services.programme_pairs()}
    assert {(p["south_city"], p["north_city"]) for p in listed["results"]} == programme
    assert all(p["source"] for p in listed["results"])
    payload = {"south_city": "320600", "north_city": "320800", "programme": "试点"}
    assert api_as(alice).post("/api/v1/region-pairs/", payload).status_code == 403
    created = api_as(pat).post("/api/v1/region-pairs/", payload)
    assert created.status_code == 201
    pk = created.json()["id"]
    assert api_as(pat).patch(f"/api/v1/region-pairs/{pk}/", {"active": False}).json()["active"] is False
    assert api_as(pat).post("/api/v1/region-pairs/", payload).status_code == 400  # already paired
    # The paired side must be in 苏北 or 苏中 (昆山 is in 苏南).
    assert (
        api_as(pat).post("/api/v1/region-pairs/", {"south_city": "320600", "north_city": "320583"}).status_code == 400
    )
    assert api_as(alice).delete(f"/api/v1/region-pairs/{pk}/").status_code == 403
    assert api_as(pat).delete(f"/api/v1/region-pairs/{pk}/").status_code == 204
    assert RegionPair.objects.count() == len(programme)


@pytest.mark.parametrize(("n", "queries"), [(1, 8), (3, 8)])
def test_solution_suggestions_query_count(county, firm, dave, api_as, django_assert_num_queries, n, queries):
    solution = imaging_cloud_solution(firm)
    for i in range(n):
        SuggestionFactory(
            scenario=radiology_scenario(county, status=Scenario.Status.OPEN, title=f"场景{i}"),
            solution=solution,
            rank_for_solution=i + 1,
        )
    client = api_as(dave)

    with django_assert_num_queries(queries):
        response = client.get(f"/api/v1/solutions/{solution.pk}/suggestions/")

    assert response.json()["count"] == n


@pytest.mark.parametrize(("n", "queries"), [(1, 5), (3, 5)])
def test_subscription_list_query_count(firm, dave, api_as, django_assert_num_queries, n, queries):
    for i in range(n):
        services.subscription_create(actor=dave, organization=firm, zones=["north"], name=f"订阅{i}")
    client = api_as(dave)

    with django_assert_num_queries(queries):
        response = client.get("/api/v1/subscriptions/")

    assert response.json()["count"] == n
