"""Money in the gap monitor, counted by hand on a small fixture (Asia/Shanghai, 2026):

- a 苏南 firm (Suzhou) won 沭阳's (苏北) scenario: contract value stated 900,000 (its price 1,000,000), the award
  final on 03-02; paid 300,000 on 03-05 against a done milestone → the south→north flow;
- a 苏北 firm (Xuzhou) won 昆山's (苏南) scenario, award still in its standstill → no contract value yet;
- the province rewarded the Suzhou firm 500,000 for the 沭阳 scenario on 03-10 (counts in 沭阳, pair 苏南 → 苏北),
  gave 如皋 (苏中) a 200,000 voucher on 03-12 (counts in 如皋, no firm) and withdrew a 50,000 voucher it had
  given the Xuzhou firm → never counts.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from funding.models import Grant
from insights import selectors
from insights.models import IndicatorSnapshot
from insights.services import refresh_insights
from proposals.models import Award, Contract, Engagement, Milestone, Payment
from tests.factories import OrganizationFactory, region
from tests.factories import proposal_factories as pf

TZ = ZoneInfo("Asia/Shanghai")
SHUYANG, KUNSHAN, RUGAO = "321322", "320583", "320682"
FEB, MAR = dt.date(2026, 2, 1), dt.date(2026, 3, 1)
ZONES = ("south", "centre", "north")


def at(month: int, day: int) -> dt.datetime:
    return dt.datetime(2026, month, day, 9, tzinfo=TZ)


def _engagement(scenario, firm, *, price, final: bool):
    proposal = pf.proposal(scenario=scenario, firm=firm, price=price, submitted_at=at(1, 20))
    award = Award.objects.create(
        scenario=scenario,
        reason="最优",
        decided_at=at(2, 20),
        standstill_until=at(3, 2) if final else timezone.now() + dt.timedelta(days=5),
        status=Award.Status.FINAL if final else Award.Status.STANDSTILL,
        finalised_at=at(3, 2) if final else None,
    )
    award.proposals.set([proposal])
    return award, proposal


@pytest.fixture
def world(db):
    province = OrganizationFactory(provincial=True)
    shuyang = OrganizationFactory(region=region(SHUYANG))
    kunshan = OrganizationFactory(region=region(KUNSHAN))
    rugao = OrganizationFactory(region=region(RUGAO))
    suzhou_firm = OrganizationFactory(firm=True)  # 320505, 苏南
    xuzhou_firm = OrganizationFactory(firm=True, region=region("320303"))  # 苏北
    s1 = pf.scenario(owner=shuyang, deadline=at(2, 10))
    s2 = pf.scenario(owner=kunshan, deadline=at(2, 10))
    award, proposal = _engagement(s1, suzhou_firm, price=1_000_000, final=True)
    Contract.objects.create(award=award, proposal=proposal, value=900_000)
    engagement = Engagement.objects.create(
        award=award,
        proposal=proposal,
        scenario=s1,
        firm=suzhou_firm,
        solution=proposal.solutions.get(),
        contracted_at=at(3, 2),
    )
    milestone = Milestone.objects.create(
        engagement=engagement, title="上线", due_date=dt.date(2026, 3, 4), done_date=dt.date(2026, 3, 4)
    )
    Payment.objects.create(engagement=engagement, milestone=milestone, amount=300_000, paid_on=dt.date(2026, 3, 5))
    award2, proposal2 = _engagement(s2, xuzhou_firm, price=700_000, final=False)
    Contract.objects.create(award=award2, proposal=proposal2, value=700_000)
    common = {"grantor": province, "conditions": "条件", "kind": Grant.Kind.REWARD}
    Grant.objects.create(grantee=suzhou_firm, amount=500_000, granted_on=dt.date(2026, 3, 10), scenario=s1, **common)
    Grant.objects.create(grantee=rugao, amount=200_000, granted_on=dt.date(2026, 3, 12), **common)
    Grant.objects.create(
        grantee=xuzhou_firm,
        amount=50_000,
        granted_on=dt.date(2026, 3, 1),
        status=Grant.Status.WITHDRAWN,
        withdrawn_reason="放弃",
        **common,
    )
    refresh_insights()


def value(indicator: str, level: str, area: str, month: dt.date = MAR) -> float | None:
    return IndicatorSnapshot.objects.get(indicator=indicator, level=level, area=area, month=month).value


def test_contract_value_counts_the_stated_value_once_the_award_is_final(world):
    assert [value("contract_value", "zone", zone) for zone in ZONES] == [0, 0, 900_000]
    assert value("contract_value", "zone", "north", FEB) == 0  # final on 03-02
    assert value("contract_value", "county", SHUYANG) == 900_000
    assert value("cross_zone_contract_value", "province", "320000") == 900_000  # the stated value, not the price


def test_payments_by_zone_and_the_south_to_north_flow(world):
    assert [value("payments_made", "zone", zone) for zone in ZONES] == [0, 0, 300_000]
    assert value("payments_south_firms", "zone", "north") == 300_000
    assert value("payments_north_firms", "zone", "south") == 0
    assert value("contract_value_south_firms", "zone", "north") == 900_000


def test_rewards_and_vouchers_by_zone_never_a_withdrawn_one(world):
    assert [value("grants_granted", "zone", zone) for zone in ZONES] == [0, 200_000, 500_000]
    assert value("grants_granted", "province", "320000") == 700_000
    assert value("grants_south_firms", "zone", "north") == 500_000
    assert value("grants_north_firms", "zone", "north") == 0  # withdrawn


def test_province_page_money_table_public_and_restricted(world, client, pat):
    rows = selectors.money_zone_pairs(selectors._zone_table(MAR), user=None)
    south = rows[0]
    assert (south.firm_zone, south.contract_value, south.payments, south.grants) == (
        "south",
        [0, 0, 900_000],
        [0, 0, 300_000],
        [0, 0, 500_000],
    )
    assert rows[-1].grants == [0, 200_000, 500_000]
    page = client.get("/insights/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "money-by-zone" in page and "90 万元" in page and "30 万元" in page and "50 万元" in page
    # Payments are zone and province totals only: a county figure is for the provincial office.
    public = selectors.snapshot_rows(indicator="payments_made", level="county", area=SHUYANG)
    restricted = selectors.snapshot_rows(indicator="payments_made", level="county", area=SHUYANG, user=pat)
    assert not list(public) and [r["value"] for r in restricted if r["month"] == MAR] == [300_000]
