"""The open-data world: every kind of public row next to the sealed and personal data that must never leave.

- 昆山 (苏南) has an open call with two sealed proposals (prices ``SEALED_PRICES``) and a draft;
- 沭阳 (苏北) has an award in standstill (winner's price ``STANDSTILL_PRICE``, loser's ``LOSER_PRICE``) and a
  final award (winner's price ``FINAL_PRICE``, public; loser's ``LOSER_PRICE_2``) whose engagement is accepted;
- a published session with learners (names, e-mail, certificate code) and a draft course's session;
- an approved exchange (person, role, goals) and a proposed one;
- KPI rows on every scenario (the draft's with a secret indicator), a result of the accepted engagement with its
  replicable case (public), and a result of a piloting engagement (``SECRETS``: not yet public).

Texts meant to catch spreadsheet formulas and round-trip mistakes sit in titles (``TRICKY_TITLES``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.utils import timezone

from catalog.models import Scenario, ScenarioKpi
from insights.models import GapSnapshot, IndicatorSnapshot
from proposals.models import Award, Engagement, KpiResult, Proposal, ReplicableCase
from talent.models import Certificate, Course, Enrolment, Exchange, Session
from tests.factories import CourseFactory, EnrolmentFactory, SessionFactory, UserFactory, skill
from tests.factories import proposal_factories as pf

SEALED_PRICES = (1_234_567, 7_654_321)
STANDSTILL_PRICE = 2_222_223
LOSER_PRICE = 3_333_337
FINAL_PRICE = 1_111_119
LOSER_PRICE_2 = 4_444_441
TRICKY_TITLES = ('=HYPERLINK("http://evil")', "'引号开头", "+86 电话", "@SUM(A1)", "-12", '多行\n文本, "引号"')
SECRETS = {
    "open call's approach": "SEALED-APPROACH-TEXT",
    "losing firm's approach": "LOSER-APPROACH-TEXT",
    "draft scenario": "DRAFT-SCENARIO-TITLE",
    "learner's name": "LEARNERNAME",
    "learner's username": "learner-username",
    "learner's e-mail": "learner@example.com",
    "certificate code": "CERTCODE99",
    "exchange person": "exchange-person-username",
    "exchange role": "EXCHANGE-ROLE-TEXT",
    "exchange goals": "EXCHANGE-GOALS-TEXT",
    "proposed exchange's host": "PROPOSED-HOST-ORG",
    "draft course": "DRAFT-COURSE-TITLE",
    "piloting engagement's outcome": "UNACCEPTED-OUTCOME",
    "piloting engagement's KPI result": "UNACCEPTED-KPI-RESULT",
    "draft scenario's KPI": "DRAFT-KPI-INDICATOR",
}
ACCEPTED_RESULT = "降至 11 分钟"
# A county's contract-value total: public, like the final award prices it sums.
COUNTY_CONTRACT_VALUE = 9_876_543
SECRET_PRICES = {
    "sealed price 1": SEALED_PRICES[0],
    "sealed price 2": SEALED_PRICES[1],
    "standstill winner's price": STANDSTILL_PRICE,
    "losing price": LOSER_PRICE,
    "losing price of a final award": LOSER_PRICE_2,
}


@dataclass
class World:
    open_scenario: Scenario
    standstill_scenario: Scenario
    final_scenario: Scenario
    draft_scenario: Scenario
    standstill_award: Award
    final_award: Award
    engagement: Engagement
    session: Session
    exchange: Exchange


def _award(scenario, winner: Proposal, *, final: bool) -> Award:
    now = timezone.now()
    award = Award.objects.create(
        scenario=scenario,
        reason="综合得分第一。",
        status=Award.Status.FINAL if final else Award.Status.STANDSTILL,
        decided_at=now - dt.timedelta(days=20 if final else 1),
        standstill_until=now - dt.timedelta(days=10) if final else now + dt.timedelta(days=9),
        finalised_at=now - dt.timedelta(days=10) if final else None,
    )
    award.proposals.set([winner])
    return award


def _engagement(award: Award, winner: Proposal, **fields) -> Engagement:
    now = timezone.now()
    return Engagement.objects.create(
        award=award,
        proposal=winner,
        scenario=award.scenario,
        firm=winner.firm,
        solution=winner.solutions.get(),
        contracted_at=now - dt.timedelta(days=9),
        piloting_at=now - dt.timedelta(days=5),
        **fields,
    )


def _kpi(scenario, indicator: str = "群众平均等待时间") -> ScenarioKpi:
    return ScenarioKpi.objects.create(scenario=scenario, indicator=indicator, unit="分钟", target="≤ 15")


def _exchange(person, home, host, status: str, **fields) -> Exchange:
    """An exchange from ``home`` to ``host`` (the host's region is 沭阳's, where the proposed host sits too)."""
    return Exchange.objects.create(
        person=person,
        home_organization=home,
        home_region=home.region,
        host_organization=host,
        host_region=host.region,
        start_date=dt.date(2026, 4, 1),
        end_date=dt.date(2026, 6, 30),
        status=status,
        **fields,
    )


def _snapshots(county) -> None:
    """Two months of gap-monitor figures at county and zone level."""
    for month in (dt.date(2026, 9, 1), dt.date(2026, 10, 1)):
        IndicatorSnapshot.objects.create(
            month=month, indicator="scenarios_opened", level="county", area=county.code, value=3.0, per_10k=0.25, n=3
        )
        IndicatorSnapshot.objects.create(
            month=month, indicator="cross_zone_contract_value", level="zone", area="north", value=1.5e6, n=2
        )
        IndicatorSnapshot.objects.create(
            month=month,
            indicator="cross_zone_contract_value",
            level="county",
            area=county.code,
            value=float(COUNTY_CONTRACT_VALUE),
            n=1,
        )
        GapSnapshot.objects.create(
            month=month, indicator="scenarios_opened", north_south_ratio=0.62, centre_south_ratio=0.81, theil=0.1234
        )


@pytest.fixture
def world(db, county, other_county, firm, other_firm, trainer_org) -> World:
    now = timezone.now()
    past = now - dt.timedelta(days=30)
    open_scenario = pf.scenario(owner=county, title=TRICKY_TITLES[0])
    for price, approach, bidder in zip(
        SEALED_PRICES, (SECRETS["open call's approach"], "x"), (firm, other_firm), strict=True
    ):
        pf.proposal(scenario=open_scenario, firm=bidder, price=price, approach=approach)
    draft = pf.scenario(owner=county, status=Scenario.Status.DRAFT, title=SECRETS["draft scenario"])
    _kpi(draft, indicator=SECRETS["draft scenario's KPI"])
    _kpi(open_scenario)
    pf.proposal(scenario=draft, firm=firm, price=SEALED_PRICES[0], status=Proposal.Status.DRAFT)

    standstill = pf.scenario(owner=other_county, status=Scenario.Status.AWARDED, deadline=past, title=TRICKY_TITLES[1])
    winner = pf.proposal(scenario=standstill, firm=firm, price=STANDSTILL_PRICE)
    pf.proposal(scenario=standstill, firm=other_firm, price=LOSER_PRICE, approach=SECRETS["losing firm's approach"])
    standstill_award = _award(standstill, winner, final=False)
    _kpi(standstill)

    final = pf.scenario(owner=other_county, status=Scenario.Status.PILOTING, deadline=past, title=TRICKY_TITLES[5])
    final.pilot_start = (now - dt.timedelta(days=5)).date()
    final.pilot_end = (now + dt.timedelta(days=90)).date()
    final.save()
    final_winner = pf.proposal(scenario=final, firm=firm, price=FINAL_PRICE)
    pf.proposal(scenario=final, firm=other_firm, price=LOSER_PRICE_2)
    final_award = _award(final, final_winner, final=True)
    engagement = _engagement(
        final_award,
        final_winner,
        status=Engagement.Status.ACCEPTED,
        deployed_at=now - dt.timedelta(days=3),
        accepted_at=now - dt.timedelta(days=1),
        outcome="候车时间下降 27%",
        lessons="先试点一条线路。",
    )

    kpi = _kpi(final)
    KpiResult.objects.create(
        engagement=engagement, kpi=kpi, name=kpi.indicator, target=kpi.target, result=ACCEPTED_RESULT, met=True,
        measured_at=(now - dt.timedelta(days=2)).date(),
    )  # fmt: skip
    ReplicableCase.objects.create(
        engagement=engagement, title=TRICKY_TITLES[5], problem="候车时间长", solution_summary="实时公交",
        kpis_achieved=[{"indicator": kpi.indicator, "target": kpi.target, "result": ACCEPTED_RESULT, "met": True}],
        cost=880_000, lessons="先试点一条线路。", contact_name="王工", contact_email="case@example.com",
    )  # fmt: skip

    piloting = pf.scenario(owner=other_county, status=Scenario.Status.PILOTING, deadline=past, title="智慧公交")
    piloting_winner = pf.proposal(scenario=piloting, firm=other_firm, price=FINAL_PRICE)
    piloting_engagement = _engagement(
        _award(piloting, piloting_winner, final=True),
        piloting_winner,
        status=Engagement.Status.PILOTING,
        outcome=SECRETS["piloting engagement's outcome"],
        lessons=SECRETS["piloting engagement's outcome"],
    )
    piloting_kpi = _kpi(piloting)
    KpiResult.objects.create(
        engagement=piloting_engagement, kpi=piloting_kpi, name=piloting_kpi.indicator, target=piloting_kpi.target,
        result=SECRETS["piloting engagement's KPI result"],
    )  # fmt: skip

    course = CourseFactory(provider=trainer_org, title_zh=TRICKY_TITLES[2], title_en=TRICKY_TITLES[3])
    session = SessionFactory(course=course, capacity=10)
    learner = UserFactory(
        username=SECRETS["learner's username"], first_name=SECRETS["learner's name"], email=SECRETS["learner's e-mail"]
    )
    done = EnrolmentFactory(session=session, person=learner, status=Enrolment.Status.COMPLETED, completed_at=now)
    EnrolmentFactory(session=session, status=Enrolment.Status.REGISTERED)
    EnrolmentFactory(session=session, status=Enrolment.Status.CANCELLED, cancelled_at=now)
    Certificate.objects.create(enrolment=done, code=SECRETS["certificate code"], hours=12)
    draft_course = CourseFactory(provider=trainer_org, title_zh=SECRETS["draft course"], status=Course.Status.DRAFT)
    SessionFactory(course=draft_course)

    person = UserFactory(username=SECRETS["exchange person"])
    exchange = _exchange(
        person,
        county,
        other_county,
        Exchange.Status.APPROVED,
        role=SECRETS["exchange role"],
        goals=SECRETS["exchange goals"],
    )
    exchange.skills.set([skill("det-big-data")])
    proposed_host = county.__class__.objects.create(
        kind=county.kind, name_zh=SECRETS["proposed exchange's host"], region=other_county.region
    )
    _exchange(person, county, proposed_host, Exchange.Status.PROPOSED, role="x")
    _snapshots(other_county.region)
    return World(
        open_scenario=open_scenario,
        standstill_scenario=standstill,
        final_scenario=final,
        draft_scenario=draft,
        standstill_award=standstill_award,
        final_award=final_award,
        engagement=engagement,
        session=session,
        exchange=exchange,
    )


def download(client, url: str, **params) -> bytes:
    """The body of a file response (streamed or not); fails on anything but 200."""
    response = client.get(url, params)
    assert response.status_code == 200, response.content[:500]
    return b"".join(response.streaming_content) if response.streaming else response.content


def file_url(slug: str, fmt: str) -> str:
    return f"/open-data/{slug}.{fmt}"
