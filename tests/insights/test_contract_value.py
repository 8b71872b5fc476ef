"""The cross-zone contract value follows the awarded-price rule of open data (proposals.selectors.award_value_public):
a price enters the figure — at every level, county included — from the moment its award is final, never before;
a sealed proposal and an award still in its standstill never count.

Fixture (Asia/Shanghai, 2026): 沭阳县 (苏北) has three calls answered by a Suzhou firm (苏南):
- A: award final since 03-02, winning price 1,000,000 (counts from March);
- B: award decided 02-20, still in its standstill (not published for good): price 2,000,000 must not count;
- C: open, deadline next week, a sealed proposal of 9,999,999: must not count.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from catalog.models import Scenario
from insights import selectors
from insights.models import IndicatorSnapshot
from insights.services import refresh_insights
from proposals.models import Award, Engagement
from proposals.selectors import award_value_public, award_value_public_since
from tests.factories import OrganizationFactory, region
from tests.factories import proposal_factories as pf

TZ = ZoneInfo("Asia/Shanghai")
SHUYANG = "321322"
FEB, MAR = dt.date(2026, 2, 1), dt.date(2026, 3, 1)


def at(month: int, day: int) -> dt.datetime:
    return dt.datetime(2026, month, day, 9, tzinfo=TZ)


def _awarded(office, firm, *, price, final: bool):
    scenario = pf.scenario(owner=office, status=Scenario.Status.AWARDED, deadline=at(2, 10))
    Scenario.objects.filter(pk=scenario.pk).update(published_at=at(1, 10))
    winner = pf.proposal(scenario=scenario, firm=firm, price=price, submitted_at=at(2, 1))
    award = Award.objects.create(
        scenario=scenario,
        reason="综合得分最高",
        decided_at=at(2, 20),
        standstill_until=at(3, 2) if final else timezone.now() + dt.timedelta(days=5),
        status=Award.Status.FINAL if final else Award.Status.STANDSTILL,
        finalised_at=at(3, 2) if final else None,
    )
    award.proposals.set([winner])
    Engagement.objects.create(
        award=award,
        proposal=winner,
        scenario=scenario,
        firm=firm,
        solution=winner.solutions.get(),
        contracted_at=at(2, 25),
    )
    return award


@pytest.fixture
def awards(db):
    office = OrganizationFactory(region=region(SHUYANG))
    firm = OrganizationFactory(firm=True)  # 苏州 (苏南)
    final = _awarded(office, firm, price=1_000_000, final=True)
    standstill = _awarded(office, firm, price=2_000_000, final=False)
    sealed = pf.scenario(owner=office, status=Scenario.Status.OPEN, deadline=timezone.now() + dt.timedelta(days=7))
    Scenario.objects.filter(pk=sealed.pk).update(published_at=at(2, 5))
    pf.proposal(scenario=sealed, firm=firm, price=9_999_999, submitted_at=timezone.now())
    refresh_insights()
    return {"final": final, "standstill": standstill}


def value(level: str, area: str, month: dt.date) -> float | None:
    return IndicatorSnapshot.objects.get(
        indicator="cross_zone_contract_value", level=level, area=area, month=month
    ).value


def test_only_the_final_award_counts_from_its_finalisation(awards):
    assert value("county", SHUYANG, FEB) == 0
    assert value("county", SHUYANG, MAR) == 1_000_000  # not 3,000,000 (standstill) nor + 9,999,999 (sealed)
    assert value("city", "321300", MAR) == 1_000_000
    assert value("zone", "north", MAR) == 1_000_000
    assert value("province", "320000", MAR) == 1_000_000
    # Both engagements are cross-zone engagements; only one price is public.
    assert (
        IndicatorSnapshot.objects.get(indicator="cross_zone_engagements", level="county", area=SHUYANG, month=MAR).value
        == 2
    )


def test_the_county_figure_is_public_to_everyone(awards):
    rows = selectors.snapshot_rows(indicator="cross_zone_contract_value", level="county", area=SHUYANG, since=MAR)
    assert [row["value"] for row in rows if row["month"] == MAR] == [1_000_000]


def test_one_rule_for_open_data_and_the_gap_monitor(awards, settings):
    assert award_value_public(awards["final"]) is True
    assert award_value_public(awards["standstill"]) is False
    assert award_value_public_since(awards["final"]) == at(3, 2)
    settings.OPEN_DATA_AWARD_VALUES = False
    assert award_value_public_since(awards["final"]) is None
    refresh_insights()
    assert value("county", SHUYANG, MAR) == 0


def test_the_standstill_award_counts_once_final(awards):
    Award.objects.filter(pk=awards["standstill"].pk).update(status=Award.Status.FINAL, finalised_at=at(3, 20))
    refresh_insights()
    assert value("county", SHUYANG, MAR) == 3_000_000
