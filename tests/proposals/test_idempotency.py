"""``Idempotency-Key`` on the create endpoints: the same key twice → one object and the same answer."""

from __future__ import annotations

import pytest

from catalog.models import Question, Scenario, Solution
from core.models import IdempotencyKey
from proposals.models import Proposal
from tests.factories import proposal_factories as pf
from tests.proposals.conftest import DEADLINE
from tests.proposals.helpers import proposal_payload


@pytest.fixture
def world(clock, county, firm, alice, dave):
    return {"scenario": pf.scenario(owner=county, deadline=DEADLINE), "solution": pf.solution(firm=firm)}


def _create(kind, world):
    """(who, url, payload, model) for each create endpoint."""
    scenario, solution = world["scenario"], world["solution"]
    return {
        "scenario": (
            "alice",
            "/api/v1/scenarios/",
            {"title": "新场景", "domain": "health", "county": "320583"},
            Scenario,
        ),
        "solution": ("dave", "/api/v1/solutions/", {"title": "县域远程会诊", "domains": ["health"]}, Solution),
        "question": ("dave", f"/api/v1/scenarios/{scenario.pk}/questions/", {"text": "数据接口？"}, Question),
        "proposal": (
            "dave",
            "/api/v1/proposals/",
            proposal_payload(scenario, solution),
            Proposal,
        ),
    }[kind]


@pytest.mark.parametrize("kind", ["scenario", "solution", "question", "proposal"])
def test_the_same_key_twice_creates_one_object_and_answers_the_same(request, api_as, world, kind):
    who, url, payload, model = _create(kind, world)
    client = api_as(request.getfixturevalue(who))
    before = model.objects.count()

    first = client.post(url, payload, format="json", HTTP_IDEMPOTENCY_KEY="retry-1")
    again = client.post(url, payload, format="json", HTTP_IDEMPOTENCY_KEY="retry-1")

    assert first.status_code == 201, first.content
    assert again.status_code == 201
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert model.objects.count() == before + 1
    # A new key is a new request.
    third = client.post(url, payload, format="json", HTTP_IDEMPOTENCY_KEY="retry-2")
    assert third.json() != first.json()


def test_the_same_key_with_another_body_is_422_and_creates_nothing(api_as, alice, world):
    client = api_as(alice)
    payload = {"title": "新场景", "domain": "health", "county": "320583"}
    assert client.post("/api/v1/scenarios/", payload, format="json", HTTP_IDEMPOTENCY_KEY="k").status_code == 201
    other = client.post("/api/v1/scenarios/", {**payload, "title": "另一个"}, format="json", HTTP_IDEMPOTENCY_KEY="k")
    assert other.status_code == 422
    assert "Idempotency-Key" in other.json()["detail"]
    assert not Scenario.objects.filter(title="另一个").exists()


def test_keys_belong_to_their_user(api_as, alice, dave, world):
    # dave reusing alice's key does not get alice's answer (a draft he may not see).
    payload = {"title": "新场景", "domain": "health", "county": "320583"}
    assert api_as(alice).post("/api/v1/scenarios/", payload, format="json", HTTP_IDEMPOTENCY_KEY="k").status_code == 201
    assert api_as(dave).post("/api/v1/scenarios/", payload, format="json", HTTP_IDEMPOTENCY_KEY="k").status_code == 403


def test_a_refused_request_stores_no_key_so_a_corrected_retry_works(api_as, alice, world):
    client = api_as(alice)
    bad = client.post("/api/v1/scenarios/", {"title": "", "domain": "health"}, format="json", HTTP_IDEMPOTENCY_KEY="k")
    assert bad.status_code == 400
    assert IdempotencyKey.objects.count() == 0
    good = {"title": "新场景", "domain": "health", "county": "320583"}
    assert client.post("/api/v1/scenarios/", good, format="json", HTTP_IDEMPOTENCY_KEY="k").status_code == 201


def test_an_overlong_key_is_400(api_as, alice, world):
    payload = {"title": "新场景", "domain": "health", "county": "320583"}
    response = api_as(alice).post("/api/v1/scenarios/", payload, format="json", HTTP_IDEMPOTENCY_KEY="x" * 256)
    assert response.status_code == 400
    assert Scenario.objects.filter(title="新场景").count() == 0
