"""The sealed-bid world: 昆山 (alice admin, bob viewer) owns a scenario with a deadline at ``DEADLINE``; dave's
firm and erin's firm have submitted proposals; charlie's county has its own scenario with a proposal by dave,
so data that could leak is always present."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import pytest
import time_machine

from catalog.models import Scenario
from proposals import notifications
from proposals.models import Proposal
from tests.factories import proposal_factories as pf

SHANGHAI = ZoneInfo("Asia/Shanghai")
DEADLINE = dt.datetime(2026, 12, 1, 17, 0, tzinfo=SHANGHAI)
BEFORE = DEADLINE - dt.timedelta(hours=1)
AFTER = DEADLINE + dt.timedelta(hours=1)
DAVE_PRICE = 1_234_567
ERIN_PRICE = 7_654_321


@dataclass
class World:
    scenario: Scenario
    other_scenario: Scenario
    dave_proposal: Proposal
    erin_proposal: Proposal
    dave_other_proposal: Proposal


@pytest.fixture
def clock():
    """``clock(when)`` moves the frozen clock; starts one hour before the deadline."""
    traveller = time_machine.travel(BEFORE, tick=False)
    traveller.start()
    frozen = {"t": traveller}

    def move(when):
        frozen["t"].stop()
        frozen["t"] = time_machine.travel(when, tick=False)
        frozen["t"].start()

    yield move
    frozen["t"].stop()


@pytest.fixture
def world(clock, county, other_county, alice, bob, charlie, dave, erin, pat, mallory, firm, other_firm) -> World:
    scenario = pf.scenario(owner=county, deadline=DEADLINE, title="昆山远程会诊试点")
    other = pf.scenario(owner=other_county, deadline=DEADLINE, title="沭阳远程会诊试点")
    dave_solution = pf.solution(firm=firm, title="云途会诊平台")
    erin_solution = pf.solution(firm=other_firm, title="康宁远程医疗")
    return World(
        scenario=scenario,
        other_scenario=other,
        dave_proposal=pf.proposal(
            scenario=scenario,
            firm=firm,
            price=DAVE_PRICE,
            solutions=[dave_solution],
            approach="DAVE-SECRET-APPROACH",
            submitted_at=BEFORE - dt.timedelta(days=2),
        ),
        erin_proposal=pf.proposal(
            scenario=scenario,
            firm=other_firm,
            price=ERIN_PRICE,
            solutions=[erin_solution],
            approach="ERIN-SECRET-APPROACH",
            submitted_at=BEFORE - dt.timedelta(days=1),
        ),
        dave_other_proposal=pf.proposal(scenario=other, firm=firm, price=555_555, solutions=[dave_solution]),
    )


@pytest.fixture
def sent(monkeypatch):
    """Every notification sent, as dicts (users, kind, code, params, and title and body as an English reader
    reads them, url)."""
    from django.utils import translation

    from core import notification_text

    captured: list[dict] = []

    def fake(*, users, kind, message, params, body, url):
        stored = notification_text.encode(params)
        with translation.override("en"):
            title, own_body = notification_text.render(message.code, stored)
        captured.append(
            {
                "users": list(users),
                "kind": kind,
                "code": message.code,
                "params": stored,
                "title": title,
                "body": own_body or body,
                "url": url,
            }
        )

    monkeypatch.setattr(notifications, "notify", fake)
    return captured


@pytest.fixture(autouse=True)
def _test_vocabulary(db):
    """The frozen test vocabulary, as the catalog's tests use: these tests name capabilities by code."""
    from tests.factories.catalog import use_test_vocabulary

    use_test_vocabulary()
