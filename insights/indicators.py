"""The regional gap monitor's indicators, each defined once: what it counts, how, from where, which way is
better and what may enter a public figure. Pages, snapshots, targets, the gap index, docs/insights.md and
the open-data selectors all read this registry; nothing else names an indicator's formula.

Kinds (how a value is formed from the facts of an area up to the end of a month):

* ``count`` — number of facts; ``sum`` — sum of the facts' amounts; ``distinct`` — number of distinct keys
  (people): all three are additive, so they are also given per 10,000 residents and enter the gap index;
* ``median`` — the median of the facts' amounts (days, hours); not additive, no per-capita figure;
* ``latest`` — per county the amount of its latest fact (a self-assessment score), above county level the
  median of the counties' latest amounts;
* ``ratio`` — the value of ``numerator`` divided by that of ``denominator`` (× ``scale``), recomputed from the
  sums at each level (never an average of county ratios).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

COUNT = "count"
SUM = "sum"
DISTINCT = "distinct"
MEDIAN = "median"
LATEST = "latest"
RATIO = "ratio"
ADDITIVE = (COUNT, SUM, DISTINCT)

UP = "up"  # higher is better
DOWN = "down"  # lower is better

LEVELS = ("county", "city", "zone", "province")


@dataclass(frozen=True)
class Indicator:
    code: str
    name_zh: str
    name_en: str
    unit_zh: str
    unit_en: str
    kind: str
    # Formula and public rule are translatable (shown on the pages and in open data in the reader's language).
    formula: str | Promise
    source: str
    public_rule: str | Promise
    direction: str = UP
    # Helper series (denominators) are computed and stored but not offered as a choice on the pages.
    listed: bool = True
    numerator: str = ""
    denominator: str = ""
    scale: float = 1.0
    # Levels at which the figure is public; the provincial office sees every level.
    public_levels: tuple[str, ...] = LEVELS
    tags: tuple[str, ...] = field(default_factory=tuple)

    @property
    def name(self) -> str:
        return self.name_zh if (get_language() or "zh").startswith("zh") else self.name_en

    @property
    def unit(self) -> str:
        return self.unit_zh if (get_language() or "zh").startswith("zh") else self.unit_en

    @property
    def additive(self) -> bool:
        return self.kind in ADDITIVE

    @property
    def per_capita(self) -> bool:
        """Whether a per-10,000-residents figure (and so a gap index) exists."""
        return self.additive

    def is_public_at(self, level: str) -> bool:
        return level in self.public_levels


_PUBLISHED = _("published scenarios only (drafts never count)")
_AWARD_NOTICE = _("engagements follow a public award notice")
_ANSWERS = _("answers are public; askers never enter a figure")
_AGGREGATES = _("aggregates only; no learner is named")
# Fairs and money published as zone and province totals only (their public rules say why).
_TOTALS_LEVELS = ("zone", "province")
_AFTER_DEADLINE = _(
    "a proposal counts only once its scenario's deadline has passed (sealed until then), and only if submitted "
    "(withdrawn proposals never count); the owner county's live count is not public"
)

INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        code="scenarios_opened",
        name_zh="开放场景数",
        name_en="Scenarios opened",
        unit_zh="个",
        unit_en="scenarios",
        kind=COUNT,
        formula=_("number of scenarios of the county first published (published_at) up to the month's end"),
        source="catalog.Scenario",
        public_rule=_PUBLISHED,
    ),
    Indicator(
        code="scenarios_closed",
        name_zh="已截止场景数",
        name_en="Scenarios past their deadline",
        unit_zh="个",
        unit_en="scenarios",
        kind=COUNT,
        formula=_("published, not cancelled scenarios whose submission deadline passed before the month's end"),
        source="catalog.Scenario",
        public_rule=_PUBLISHED,
        listed=False,
    ),
    Indicator(
        code="scenarios_with_proposal",
        name_zh="收到方案的场景数",
        name_en="Scenarios with at least one proposal",
        unit_zh="个",
        unit_en="scenarios",
        kind=COUNT,
        formula=_("scenarios past their deadline with ≥ 1 submitted proposal (counted at the deadline)"),
        source="catalog.Scenario, proposals.Proposal",
        public_rule=_AFTER_DEADLINE,
        listed=False,
    ),
    Indicator(
        code="proposals_received",
        name_zh="收到方案数",
        name_en="Proposals received",
        unit_zh="份",
        unit_en="proposals",
        kind=COUNT,
        formula=_("submitted proposals to the county's scenarios, counted at the scenario's deadline"),
        source="proposals.Proposal",
        public_rule=_AFTER_DEADLINE,
        listed=False,
    ),
    Indicator(
        code="share_with_proposal",
        name_zh="有方案响应的场景占比",
        name_en="Share of scenarios with ≥ 1 proposal",
        unit_zh="%",
        unit_en="%",
        kind=RATIO,
        numerator="scenarios_with_proposal",
        denominator="scenarios_closed",
        scale=100.0,
        formula=_("scenarios_with_proposal ÷ scenarios_closed × 100"),
        source="catalog.Scenario, proposals.Proposal",
        public_rule=_AFTER_DEADLINE,
    ),
    Indicator(
        code="proposals_per_scenario",
        name_zh="场景平均方案数",
        name_en="Proposals per scenario",
        unit_zh="份/个",
        unit_en="proposals per scenario",
        kind=RATIO,
        numerator="proposals_received",
        denominator="scenarios_closed",
        formula=_("proposals_received ÷ scenarios_closed"),
        source="proposals.Proposal",
        public_rule=_AFTER_DEADLINE,
    ),
    Indicator(
        code="days_to_award",
        name_zh="发布至授标天数（中位数）",
        name_en="Median days from publication to award",
        unit_zh="天",
        unit_en="days",
        kind=MEDIAN,
        direction=DOWN,
        formula=_("median over the county's awards of (award decided_at − scenario published_at) in days"),
        source="proposals.Award",
        public_rule=_("awards are public from the award notice (decided_at); no prices involved"),
    ),
    Indicator(
        code="pilots_started",
        name_zh="启动试点数",
        name_en="Pilots started",
        unit_zh="个",
        unit_en="pilots",
        kind=COUNT,
        formula=_("engagements in the county whose pilot started (piloting_at) up to the month's end"),
        source="proposals.Engagement",
        public_rule=_AWARD_NOTICE,
    ),
    Indicator(
        code="pilots_accepted",
        name_zh="通过验收数",
        name_en="Pilots accepted (验收)",
        unit_zh="个",
        unit_en="pilots",
        kind=COUNT,
        formula=_("engagements in the county accepted (accepted_at) up to the month's end"),
        source="proposals.Engagement",
        public_rule=_AWARD_NOTICE,
    ),
    Indicator(
        code="scenarios_adopted",
        name_zh="复制推广引入场景数",
        name_en="Scenarios adopted from elsewhere",
        unit_zh="个",
        unit_en="scenarios",
        kind=COUNT,
        formula=_("published scenarios of the county adopted (replicated_from) from another county's scenario"),
        source="catalog.Scenario",
        public_rule=_PUBLISHED,
    ),
    Indicator(
        code="reference_cases_replicated",
        name_zh="引入标杆案例数",
        name_en="Reference cases replicated into the county",
        unit_zh="个",
        unit_en="engagements",
        kind=COUNT,
        formula=_(
            "engagements in the county (at contracted_at) whose solution already had an accepted engagement "
            "(a reference case) in another county"
        ),
        source="proposals.Engagement",
        public_rule=_AWARD_NOTICE,
    ),
    Indicator(
        code="cross_zone_engagements",
        name_zh="跨区域合作项目数",
        name_en="Cross-zone engagements",
        unit_zh="个",
        unit_en="engagements",
        kind=COUNT,
        formula=_(
            "engagements in the county (at contracted_at) with a firm from another zone (firm's zone → county's zone)"
        ),
        source="proposals.Engagement, directory.Region.zone",
        public_rule=_AWARD_NOTICE,
    ),
    Indicator(
        code="cross_zone_contract_value",
        name_zh="跨区域合作合同金额",
        name_en="Contract value of cross-zone engagements",
        unit_zh="元",
        unit_en="CNY",
        kind=SUM,
        formula=_(
            "sum of the contract values of cross-zone engagements (stated with the award; the winning price where "
            "none was stated), counted when the award became final (finalised_at: standstill over, award published)"
        ),
        source="proposals.Engagement, proposals.Contract (else proposals.Proposal.price)",
        public_rule=_(
            "a price counts only once its award is final (the standstill is over and the notice is published for "
            "good) — the rule by which open data publishes the awarded price (proposals.selectors."
            "award_value_public); never before, never a losing or sealed proposal"
        ),
    ),
    Indicator(
        code="questions_answered",
        name_zh="答复澄清问题数",
        name_en="Questions answered",
        unit_zh="个",
        unit_en="questions",
        kind=COUNT,
        formula=_("questions on the county's published scenarios answered (answered_at) up to the month's end"),
        source="catalog.Question",
        public_rule=_ANSWERS,
    ),
    Indicator(
        code="hours_to_answer",
        name_zh="答复用时（中位数）",
        name_en="Median hours to answer a question",
        unit_zh="小时",
        unit_en="hours",
        kind=MEDIAN,
        direction=DOWN,
        formula=_("median over answered questions of (answered_at − created_at) in hours"),
        source="catalog.Question",
        public_rule=_ANSWERS,
    ),
    Indicator(
        code="training_hours",
        name_zh="培训学时",
        name_en="Training hours",
        unit_zh="学时",
        unit_en="hours",
        kind=SUM,
        formula=_("hours of certificates issued (not revoked) to learners enrolled for an organisation of the area"),
        source="talent.Certificate, talent.Enrolment.organization",
        public_rule=_AGGREGATES,
    ),
    Indicator(
        code="certificates",
        name_zh="结业证书数",
        name_en="Certificates",
        unit_zh="张",
        unit_en="certificates",
        kind=COUNT,
        formula=_("certificates issued (not revoked) to learners enrolled for an organisation of the area"),
        source="talent.Certificate",
        public_rule=_AGGREGATES,
    ),
    Indicator(
        code="learners",
        name_zh="结业学员数",
        name_en="Distinct learners certified",
        unit_zh="人",
        unit_en="people",
        kind=DISTINCT,
        formula=_("distinct people holding a certificate (not revoked) enrolled for an organisation of the area"),
        source="talent.Certificate",
        public_rule=_AGGREGATES,
    ),
    Indicator(
        code="exchanges_hosted",
        name_zh="接收交流挂职人次",
        name_en="Talent exchanges hosted",
        unit_zh="人次",
        unit_en="exchanges",
        kind=COUNT,
        formula=_("approved, running or completed exchanges hosted in the area, counted at their start date"),
        source="talent.Exchange (host_region)",
        public_rule=_("aggregates only; no person is named (by zone pair: talent.Exchange.objects.zone_pair)"),
    ),
    Indicator(
        code="maturity_score",
        name_zh="数字化成熟度得分",
        name_en="Digital maturity score",
        unit_zh="分（1–5）",
        unit_en="score (1–5)",
        kind=LATEST,
        formula=_(
            "the county's latest submitted self-assessment up to the month's end: mean level over the dimensions "
            "(1–5); above county level the median of the counties' scores"
        ),
        source="insights.MaturityAssessment",
        public_rule=_("submitted assessments only (drafts never count)"),
    ),
)

# Fairs: a county office's part in a fair is not public (fairs publish a published event's programme only), so
# its meetings and intentions are published as zone and province totals; the provincial office, which reads every
# event in fairs, sees the county and city figures too.
_FAIRS = _(
    "zone and province totals only (a county office's part in a fair is not public: fairs publish the programme "
    "only; county and city figures are for the provincial office); who asked whom, purposes, notes and intended "
    "values never enter a figure"
)
_MEETING_HELD = _(
    "one-to-one fair meetings held with a county office of the area (scheduled, not cancelled, slot started), "
    "counted at the slot's start, whichever side asked"
)
_INTENTION_SIGNED = _(
    "fair meetings with a county office of the area for which either side recorded a signed intention (意向协议), "
    "counted once per meeting at the first record"
)
# Zone → Chinese name, for the zone-pair series of fairs and money (supplier's or firm's zone → county's zone).
SUPPLIER_ZONES = (("south", "苏南"), ("centre", "苏中"), ("north", "苏北"))


def _zone_series(
    parent: Indicator, *, code: str, name_zh: str, name_en: str, formula: str | Promise, source: str
) -> Indicator:
    """The series of ``parent`` counting only suppliers of one zone (a row of a zone-pair table): the same unit,
    kind, public rule and levels, not offered on the pages."""
    return replace(parent, code=code, name_zh=name_zh, name_en=name_en, formula=formula, source=source, listed=False)


def _fair_indicators() -> tuple[Indicator, ...]:
    meetings, intentions = listed = (
        Indicator(
            code="fair_meetings",
            name_zh="对接会洽谈场次",
            name_en="Fair meetings held",
            unit_zh="场",
            unit_en="meetings",
            kind=COUNT,
            formula=_MEETING_HELD,
            source="fairs.Meeting, fairs.Participant (county office's region)",
            public_rule=_FAIRS,
            public_levels=_TOTALS_LEVELS,
        ),
        Indicator(
            code="fair_intentions",
            name_zh="对接会签约意向数",
            name_en="Intentions signed at fairs",
            unit_zh="项",
            unit_en="intentions",
            kind=COUNT,
            formula=_INTENTION_SIGNED,
            source="fairs.MeetingOutcome (intention), fairs.Meeting",
            public_rule=_FAIRS,
            public_levels=_TOTALS_LEVELS,
        ),
    )
    pairs = []
    for zone, zh in SUPPLIER_ZONES:
        # Per supplier zone: the series' names and formula (``{zh}``: the zone's Chinese name) and its source.
        for parent, name_zh, name_en, formula, source in (
            (
                meetings,
                "与{zh}供给方的对接会洽谈场次",
                "Fair meetings with {zh} suppliers",
                _("fair_meetings whose other side (a firm or training provider) is located in {zone}"),
                "fairs.Meeting, directory.Region.zone",
            ),
            (
                intentions,
                "与{zh}供给方的签约意向数",
                "Intentions signed with {zh} suppliers",
                _("fair_intentions whose other side (a firm or training provider) is located in {zone}"),
                "fairs.MeetingOutcome, directory.Region.zone",
            ),
        ):
            pairs.append(
                _zone_series(
                    parent,
                    code=f"{parent.code}_{zone}_suppliers",
                    name_zh=name_zh.format(zh=zh),
                    name_en=name_en.format(zh=zh),
                    formula=format_lazy(formula, zone=zh),
                    source=source,
                )
            )
    return listed + tuple(pairs)


INDICATORS = INDICATORS + _fair_indicators()

# Money: contract values follow the award notice (public once the award is final, at every level); payments and
# rewards or vouchers are read by their parties and the provincial office only, so they are published as zone and
# province totals. Each has a series per firm zone for the flow between zones (firm's zone → county's zone).
_MONEY_TOTALS = _(
    "zone and province totals only (payments, rewards and vouchers are read by their parties and the provincial "
    "office; county and city figures are for the provincial office); no payee, grantee or condition enters a figure"
)
_CONTRACT_PUBLIC = _(
    "a contract value counts only once its award is final (proposals.selectors.award_value_public) — when the "
    "award notice publishes it; never a losing or sealed bid's price"
)
_CONTRACT_VALUE = _(
    "sum of the contract values of the engagements in the county (stated with the award; the winning price where "
    "none was stated), counted when the award became final"
)
_PAYMENTS = _(
    "sum of the payments recorded against done milestones of the engagements in the county, counted at the paid "
    "date (once the award is final)"
)
_GRANTS = _(
    "sum of the rewards (揭榜挂帅奖励) and vouchers (场景创新券) granted or paid (never withdrawn), counted at the "
    "granted date in the county of their scenario, else where the grantee is located"
)


def _money_indicators() -> tuple[Indicator, ...]:
    contract_value, payments, grants = listed = (
        Indicator(
            code="contract_value",
            name_zh="合同金额",
            name_en="Contract value awarded",
            unit_zh="元",
            unit_en="CNY",
            kind=SUM,
            formula=_CONTRACT_VALUE,
            source="proposals.Contract (else proposals.Proposal.price), proposals.Engagement",
            public_rule=_CONTRACT_PUBLIC,
        ),
        Indicator(
            code="payments_made",
            name_zh="已付合同款",
            name_en="Payments made on contracts",
            unit_zh="元",
            unit_en="CNY",
            kind=SUM,
            formula=_PAYMENTS,
            source="proposals.Payment",
            public_rule=_MONEY_TOTALS,
            public_levels=_TOTALS_LEVELS,
        ),
        Indicator(
            code="grants_granted",
            name_zh="奖励与创新券金额",
            name_en="Rewards and vouchers granted",
            unit_zh="元",
            unit_en="CNY",
            kind=SUM,
            formula=_GRANTS,
            source="funding.Grant",
            public_rule=_MONEY_TOTALS,
            public_levels=_TOTALS_LEVELS,
        ),
    )
    pairs = []
    for zone, zh in SUPPLIER_ZONES:
        # Per firm zone: the series' code prefix and short English name (the Chinese name is the parent's).
        for parent, code, name_en in (
            (contract_value, "contract_value", "Contract value"),
            (payments, "payments", "Payments"),
            (grants, "grants", "Rewards and vouchers"),
        ):
            pairs.append(
                _zone_series(
                    parent,
                    code=f"{code}_{zone}_firms",
                    name_zh=f"{zh}企业{parent.name_zh}",
                    name_en=f"{name_en}, {zh} firms",
                    formula=format_lazy(_("{parent} to firms located in {zone}"), parent=parent.code, zone=zh),
                    source="directory.Region.zone",
                )
            )
    return listed + tuple(pairs)


INDICATORS = INDICATORS + _money_indicators()

REGISTRY: dict[str, Indicator] = {indicator.code: indicator for indicator in INDICATORS}
LISTED: tuple[Indicator, ...] = tuple(indicator for indicator in INDICATORS if indicator.listed)
DEFAULT_INDICATOR = "scenarios_opened"


def get(code: str) -> Indicator:
    """The indicator with that code; ``KeyError`` for an unknown code."""
    return REGISTRY[code]


def choices() -> list[tuple[str, str]]:
    return [(indicator.code, indicator.name) for indicator in LISTED]
