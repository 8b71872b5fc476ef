"""A fair organised by the provincial office (pat), with a 苏北 county office (charlie, 沭阳) and a 苏南 firm
(dave) accepted, a scenario and a solution with a stored suggestion between them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from fairs import services
from fairs.models import Event
from tests.factories import SuggestionFactory
from tests.factories import proposal_factories as pf


def make_event(organiser_user, organiser, *, days_ahead: int = 10, **overrides) -> Event:
    now = timezone.now()
    date = (now + dt.timedelta(days=days_ahead)).date()
    fields = {
        "kind": Event.Kind.BOTH,
        "title_zh": "苏南苏北供需对接会",
        "title_en": "South–North matchmaking fair",
        "region": organiser.region,
        "venue": "南京国际博览中心",
        "date": date,
        "day_start": dt.time(9, 0),
        "day_end": dt.time(12, 0),
        "slot_minutes": 30,
        "breaks": [["10:30", "11:00"]],
        "registration_opens": now - dt.timedelta(days=5),
        "registration_closes": now + dt.timedelta(days=days_ahead - 3),
        "requests_close": now + dt.timedelta(days=days_ahead - 2),
    }
    fields.update(overrides)
    event = services.event_create(actor=organiser_user, organiser=organiser, rooms=[("A厅", 2), ("B厅", 1)], **fields)
    return services.event_publish(actor=organiser_user, event=event)


@pytest.fixture
def event(pat, province):
    return make_event(pat, province)


@pytest.fixture
def pair(other_county, firm):
    scenario = pf.scenario(owner=other_county, title="县域远程会诊")
    solution = pf.solution(firm=firm, title="云会诊平台")
    SuggestionFactory(scenario=scenario, solution=solution, score=0.8)
    return scenario, solution


@pytest.fixture
def sides(event, charlie, dave, other_county, firm, pat):
    county = services.participant_register(
        actor=charlie, event=event, organization=other_county, attendees=[("陈县长", "副县长")]
    )
    company = services.participant_register(
        actor=dave, event=event, organization=firm, attendees=[("戴经理", "销售总监"), ("小王", "")]
    )
    for p in (county, company):
        services.participant_decide(actor=pat, participant=p, accept=True)
        p.refresh_from_db()
    return county, company
