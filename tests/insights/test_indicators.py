"""Every indicator computed by hand on a small fixture (docs/insights.md defines them).

The fixture (all dates Asia/Shanghai, 2026):

- 沭阳县 (321322, 苏北, 1,674,978 residents):
  * S1 published 01-10, deadline 02-10: two proposals submitted before the deadline from a Suzhou firm (苏南) and
    from a Xuzhou firm, one withdrawn; a question asked 01-15 10:00 and answered 01-16 16:00 (30 h); award
    decided 02-20 (41 days after publication), final 03-02; the Suzhou firm's engagement (price 1,000,000)
    starts its pilot 03-01 and is accepted 03-20;
  * S2 published 02-05, adopted from 昆山's S3, deadline in a week: one **sealed** proposal that must not count;
- 昆山市 (320583, 苏南, 2,092,496 residents): S3 published 01-05, deadline 01-20, no proposal;
- a development zone recorded at 苏州市 (320500; 苏州工业园区 is not a county-level division): a learner
  enrolled for it gets a 24-hour certificate on 02-15; another learner of 沭阳's office gets two certificates
  (8 h and 4 h) on 03-05 — one learner, two certificates;
- an exchange hosted by 沭阳 starting 03-10; a submitted maturity self-assessment of 沭阳 (score 2.5) on 03-15.
"""

from __future__ import annotations

import datetime as dt
import math
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone, translation

from catalog.models import Question, Scenario
from insights import compute, indicators, selectors, tasks
from insights.models import GapSnapshot, IndicatorSnapshot, MaturityAssessment
from insights.services import refresh_insights
from proposals.models import Award, Engagement, Proposal
from talent.models import Certificate, Enrolment, Exchange
from tests.factories import EnrolmentFactory, OrganizationFactory, UserFactory, region
from tests.factories import proposal_factories as pf

TZ = ZoneInfo("Asia/Shanghai")
SHUYANG, KUNSHAN, SUZHOU = "321322", "320583", "320500"
POP_SHUYANG, POP_KUNSHAN = 1_674_978, 2_092_496
POP_SOUTH, POP_NORTH, POP_ALL = 36_615_881, 28_581_885, 81_203_211
POP_SUZHOU = 11_614_335
JAN, FEB, MAR = dt.date(2026, 1, 1), dt.date(2026, 2, 1), dt.date(2026, 3, 1)


def at(month: int, day: int, hour: int = 9) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, tzinfo=TZ)


def _scenario(owner, *, published, deadline, county=None, status=Scenario.Status.OPEN, source=None) -> Scenario:
    item = pf.scenario(owner=owner, status=status, deadline=deadline)
    Scenario.objects.filter(pk=item.pk).update(
        published_at=published, county=county or owner.region, replicated_from=source
    )
    item.refresh_from_db()
    return item


@pytest.fixture
def world(db):
    shuyang = OrganizationFactory(region=region(SHUYANG))
    kunshan = OrganizationFactory(region=region(KUNSHAN))
    suzhou_firm = OrganizationFactory(firm=True)  # 320505 虎丘区, 苏南
    xuzhou_firm = OrganizationFactory(firm=True, region=region("320303"))  # 苏北
    third_firm = OrganizationFactory(firm=True)

    s3 = _scenario(kunshan, published=at(1, 5), deadline=at(1, 20), status=Scenario.Status.EVALUATING)
    s1 = _scenario(shuyang, published=at(1, 10), deadline=at(2, 10), status=Scenario.Status.AWARDED)
    s2 = _scenario(shuyang, published=at(2, 5), deadline=timezone.now() + dt.timedelta(days=7), source=s3)
    winner = pf.proposal(scenario=s1, firm=suzhou_firm, price=1_000_000, submitted_at=at(2, 1))
    pf.proposal(scenario=s1, firm=xuzhou_firm, price=800_000, submitted_at=at(2, 3))
    pf.proposal(scenario=s1, firm=third_firm, status=Proposal.Status.WITHDRAWN, submitted_at=at(2, 4))
    pf.proposal(scenario=s2, firm=suzhou_firm, price=9_999_999, submitted_at=timezone.now())  # sealed

    Question.objects.create(
        scenario=s1,
        asker_organization=xuzhou_firm,
        text="接口标准？",
        answer="国标。",
        created_at=at(1, 15, 10),
        answered_at=at(1, 16, 16),
    )
    award = Award.objects.create(
        scenario=s1,
        reason="综合得分最高",
        decided_at=at(2, 20),
        standstill_until=at(3, 2),
        status=Award.Status.FINAL,
        finalised_at=at(3, 2),
    )
    award.proposals.set([winner])
    Engagement.objects.create(
        award=award,
        proposal=winner,
        scenario=s1,
        firm=suzhou_firm,
        solution=winner.solutions.get(),
        status=Engagement.Status.ACCEPTED,
        contracted_at=at(2, 25),
        piloting_at=at(3, 1),
        accepted_at=at(3, 20),
    )

    park = OrganizationFactory(region=region(SUZHOU), name_zh="苏州工业园区管委会")
    dev = EnrolmentFactory(organization=park, status=Enrolment.Status.COMPLETED)
    Certificate.objects.create(enrolment=dev, hours=24, issued_at=at(2, 15))
    learner = UserFactory()
    for hours in (8, 4):
        enrolment = EnrolmentFactory(organization=shuyang, person=learner, status=Enrolment.Status.COMPLETED)
        Certificate.objects.create(enrolment=enrolment, hours=hours, issued_at=at(3, 5))
    Exchange.objects.create(
        person=learner,
        home_organization=kunshan,
        home_region=region(KUNSHAN),
        host_organization=shuyang,
        host_region=region(SHUYANG),
        start_date=dt.date(2026, 3, 10),
        end_date=dt.date(2026, 6, 10),
        role="数据工程师",
        status=Exchange.Status.APPROVED,
    )
    MaturityAssessment.objects.create(
        county=region(SHUYANG),
        organization=shuyang,
        year=2026,
        status=MaturityAssessment.Status.SUBMITTED,
        score=2.5,
        submitted_at=at(3, 15),
    )
    refresh_insights()


def value(indicator: str, level: str, area: str, month: dt.date = MAR) -> float | None:
    return IndicatorSnapshot.objects.get(indicator=indicator, level=level, area=area, month=month).value


def per_10k(indicator: str, level: str, area: str, month: dt.date = MAR) -> float | None:
    return IndicatorSnapshot.objects.get(indicator=indicator, level=level, area=area, month=month).per_10k


def test_scenarios_opened_per_area_and_per_capita(world):
    assert value("scenarios_opened", "county", SHUYANG, JAN) == 1
    assert value("scenarios_opened", "county", SHUYANG) == 2
    assert value("scenarios_opened", "city", "321300") == 2
    assert value("scenarios_opened", "zone", "north") == 2
    assert value("scenarios_opened", "zone", "south") == 1
    assert value("scenarios_opened", "province", "320000") == 3
    assert per_10k("scenarios_opened", "county", SHUYANG) == pytest.approx(2 * 10_000 / POP_SHUYANG)
    assert per_10k("scenarios_opened", "zone", "north") == pytest.approx(2 * 10_000 / POP_NORTH)


def test_a_sealed_proposal_never_counts(world):
    # S2's proposal is before its deadline: neither it nor S2 enters any figure about proposals.
    assert value("proposals_received", "county", SHUYANG) == 2
    assert value("proposals_received", "province", "320000") == 2
    assert value("scenarios_closed", "county", SHUYANG) == 1
    assert value("share_with_proposal", "county", SHUYANG) == 100.0
    assert value("proposals_per_scenario", "county", SHUYANG) == 2.0
    # Province: S1 (2 proposals) and 昆山's S3 (none) are past their deadline.
    assert value("share_with_proposal", "province", "320000") == 50.0
    assert value("proposals_per_scenario", "province", "320000") == 1.0


def test_proposals_count_only_from_the_deadline(world):
    assert value("proposals_received", "county", SHUYANG, JAN) == 0
    assert value("share_with_proposal", "county", SHUYANG, JAN) is None  # nothing past its deadline yet
    assert value("proposals_received", "county", SHUYANG, FEB) == 2


def test_award_pilot_and_replication_figures(world):
    assert value("days_to_award", "county", SHUYANG) == pytest.approx(41.0)
    assert value("days_to_award", "county", SHUYANG, JAN) is None
    assert value("pilots_started", "county", SHUYANG, FEB) == 0
    assert value("pilots_started", "county", SHUYANG) == 1
    assert value("pilots_accepted", "zone", "north") == 1
    assert value("scenarios_adopted", "county", SHUYANG) == 1
    assert value("scenarios_adopted", "county", KUNSHAN) == 0
    assert value("reference_cases_replicated", "province", "320000") == 0


def test_cross_zone_engagement_and_its_value_only_once_final(world):
    assert value("cross_zone_engagements", "county", SHUYANG, FEB) == 1
    assert value("cross_zone_contract_value", "zone", "north", FEB) == 0  # award not final until 03-02
    assert value("cross_zone_contract_value", "zone", "north") == 1_000_000
    # The losing bid's price (800,000) and the sealed one (9,999,999) never enter the sum.
    assert value("cross_zone_contract_value", "province", "320000") == 1_000_000


def test_questions_answered_and_median_hours(world):
    assert value("questions_answered", "county", SHUYANG, JAN) == 1
    assert value("hours_to_answer", "county", SHUYANG) == pytest.approx(30.0)
    assert value("hours_to_answer", "county", KUNSHAN) is None


def test_training_in_a_development_zone_counts_in_its_city_not_in_a_county(world):
    assert value("training_hours", "city", SUZHOU) == 24
    assert value("training_hours", "zone", "south") == 24
    assert value("training_hours", "county", KUNSHAN) == 0
    assert (
        sum(
            row.value
            for row in IndicatorSnapshot.objects.filter(indicator="training_hours", level="county", month=MAR)
            if row.value
        )
        == 12
    )  # 沭阳's 8 + 4; the development zone's 24 hours are in no county
    assert per_10k("training_hours", "city", SUZHOU) == pytest.approx(24 * 10_000 / POP_SUZHOU)
    assert value("training_hours", "province", "320000") == 36
    assert value("certificates", "county", SHUYANG) == 2
    assert value("learners", "county", SHUYANG) == 1
    assert value("learners", "province", "320000") == 2


def test_exchanges_and_maturity(world):
    assert value("exchanges_hosted", "county", SHUYANG, FEB) == 0
    assert value("exchanges_hosted", "county", SHUYANG) == 1
    assert value("maturity_score", "county", SHUYANG) == 2.5
    assert value("maturity_score", "zone", "north") == 2.5  # median of the counties that assessed
    assert value("maturity_score", "zone", "south") is None


def test_every_indicator_has_a_figure_for_every_area(world):
    areas = 95 + 13 + 3 + 1
    assert IndicatorSnapshot.objects.filter(month=MAR).count() == len(indicators.INDICATORS) * areas


def test_gap_index_equals_the_hand_computation(world):
    gap = GapSnapshot.objects.get(indicator="scenarios_opened", month=MAR)
    north, south = 2 * 10_000 / POP_NORTH, 1 * 10_000 / POP_SOUTH
    assert gap.north_south_ratio == pytest.approx(north / south)
    assert gap.centre_south_ratio == pytest.approx(0.0)
    # Theil T over the 95 counties: 沭阳 has 2 of the 3 scenarios, 昆山 1; the others none.
    expected = (2 / 3) * math.log((2 / 3) / (POP_SHUYANG / POP_ALL)) + (1 / 3) * math.log(
        (1 / 3) / (POP_KUNSHAN / POP_ALL)
    )
    assert gap.theil == pytest.approx(expected)
    # Nothing to compare yet: no ratio when 苏南 has nothing.
    assert GapSnapshot.objects.get(indicator="pilots_started", month=FEB).north_south_ratio is None


def test_theil_by_hand():
    assert compute.theil({"a": 1, "b": 1}, {"a": 1, "b": 1}) == 0
    assert compute.theil({"a": 2, "b": 0}, {"a": 1, "b": 1}) == pytest.approx(math.log(2))
    assert compute.theil({}, {"a": 1}) is None


def test_refresh_is_idempotent(world):
    before = sorted(
        IndicatorSnapshot.objects.values_list("month", "indicator", "level", "area", "value", "per_10k", "n")
    )
    result = refresh_insights()
    after = sorted(
        IndicatorSnapshot.objects.values_list("month", "indicator", "level", "area", "value", "per_10k", "n")
    )
    assert before == after
    assert result.first_month == JAN
    assert GapSnapshot.objects.filter(month=MAR).count() == len([i for i in indicators.INDICATORS if i.additive])


def test_refresh_since_rewrites_only_later_months(world):
    IndicatorSnapshot.objects.filter(month=JAN).update(value=-1)
    result = refresh_insights(since=FEB)
    assert result.first_month == FEB
    assert IndicatorSnapshot.objects.filter(month=JAN, value=-1).exists()
    assert not IndicatorSnapshot.objects.filter(month__gte=FEB, value=-1).exists()


def test_county_contract_values_are_public_once_the_award_is_final(world):
    # The awarded price is open data once final (proposals.selectors.award_value_public), so the county total is too.
    public = selectors.snapshot_rows(indicator="cross_zone_contract_value", level="county", area=SHUYANG)
    assert [(row["month"], row["value"]) for row in public if row["month"] <= MAR] == [
        (JAN, 0),
        (FEB, 0),
        (MAR, 1_000_000),
    ]


def test_the_scheduled_task_refreshes_the_snapshots(world):
    IndicatorSnapshot.objects.all().delete()
    result = tasks.refresh()
    assert result["snapshots"] == IndicatorSnapshot.objects.count() > 0
    assert value("scenarios_opened", "county", SHUYANG) == 2


def test_formulas_and_public_rules_are_translated():
    item = indicators.get("scenarios_opened")
    with translation.override("zh-hans"):
        assert str(item.formula) == "截至月末，本县首次发布（published_at）的场景数"
        assert str(item.public_rule) == "仅计已发布场景（草稿从不计入）"
        assert all(
            any("\u4e00" <= ch <= "\u9fff" for ch in str(i.formula) + str(i.public_rule)) for i in indicators.INDICATORS
        )
    with translation.override("en"):
        assert str(item.formula).startswith("number of scenarios")
        assert selectors.indicator_definitions()[0]["formula"].startswith("number of scenarios")
