"""The open data sets of the exchange (see ``opendata.registry`` for what a definition holds). Each field says
how its value is read from a row's object, and reads only what its public selector fetched, so a chunk of rows
costs the selector's few queries."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, NamedTuple

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from insights import selectors as insights_selectors
from opendata import selectors
from opendata.registry import DataSet, Field, attribute, codes_of, link, name_of, org_name, register, under

LICENCE = {
    "name": "CC BY 4.0",
    "title": _("Creative Commons Attribution 4.0 International"),
    "url": "https://creativecommons.org/licenses/by/4.0/",
}


def publisher(base_url: str = "") -> dict[str, str]:
    """Who publishes the data (``OPEN_DATA_PUBLISHER``) and the site's address (``SITE_URL``, else ``base_url``)."""
    return {"name": settings.OPEN_DATA_PUBLISHER, "url": settings.SITE_URL or base_url}


def ocid(scenario_pk: int) -> str:
    """The Open Contracting ID of a scenario's contracting process: the registered prefix + ``sce-`` + its id."""
    return f"{settings.OCDS_OCID_PREFIX}-sce-{scenario_pk}"


def _zone(region) -> str:
    return region.zone if region is not None else ""


# Fields several data sets share, each defined once. A field of a scenario reads the scenario, one of a firm
# the firm's organisation, one of an engagement the engagement: ``under(path, …)`` reads them from the row's
# scenario, firm or engagement. ``MODIFIED`` is read differently by each data set (``MODIFIED.reads(…)``).
MODIFIED = Field(
    "modified",
    "datetime",
    _("When the row last changed in a way the change feed reports (?since= compares with it)."),
)
COUNTY_CODE = Field(
    "county_code",
    "string",
    _("GB/T 2260 code of the county-level region (six digits, as text)."),
    "county_id",
)
COUNTY = Field("county", "string", _("Chinese name of the county-level region."), "county.name_zh")
ZONE = Field("zone", "string", _("Zone of the region: south (苏南), centre (苏中) or north (苏北)."), "county.zone")
SCENARIO_ID = Field("scenario_id", "integer", _("Id of the scenario (the scenarios data set)."), "pk")
FIRM_ID = Field("firm_id", "integer", _("Id of the firm's organisation on this site."), "pk")
FIRM = Field("firm", "string", _("Registered name of the firm."), lambda firm, base_url: org_name(firm))
FIRM_ZONE = Field("firm_zone", "string", _("Zone of the firm's home region (south, centre, north)."), "region.zone")
ENGAGEMENT_ID = Field(
    "engagement_id", "integer", _("Id of the engagement (the engagements data set)."), "engagement.pk"
)
SOLUTION_ID = Field("solution_id", "integer", _("Id of the solution piloted."))
SOLUTION = Field("solution", "string", _("Title of the solution."), "solution.title")
OCID = Field(
    "ocid",
    "string",
    _("Open Contracting ID of the scenario's contracting process."),
    lambda scenario, base_url: ocid(scenario.pk),
)
# Groups of fields that stand together in several data sets: where a row's scenario is, and who the firm is.
OF_SCENARIO = (
    SCENARIO_ID,
    Field("scenario", "string", _("Title of the scenario."), "title"),
    COUNTY_CODE,
    ZONE,
)
OF_FIRM = (FIRM_ID, FIRM, FIRM_ZONE)


# ------------------------------------------------------------------ scenarios


def _scenario_modified(scenario, base_url: str = ""):
    """An open call changes to evaluating when its deadline passes, without a write."""
    deadline = scenario.deadline
    if scenario.status == scenario.Status.OPEN and deadline is not None and deadline <= timezone.now():
        return max(scenario.updated_at, deadline)
    return scenario.updated_at


SCENARIOS = register(
    DataSet(
        slug="scenarios",
        title=_("Open application scenarios"),
        description=_("Every scenario a county office has published: the call, its budget range and its state."),
        public_rule=_(
            "Published scenarios only (drafts never). The state is the one readers see: an open call whose "
            "deadline has passed reads as evaluating."
        ),
        fields=(
            Field("id", "integer", _("Id of the scenario on this site."), "pk"),
            Field("title", "string", _("Title as the county office typed it.")),
            Field("summary", "string", _("One-paragraph summary.")),
            Field("domain", "string", _("Domain code (transport, health, education …)."), "domain.code"),
            Field(
                "capabilities",
                "codes",
                _("Capability codes of the bilingual vocabulary, separated by ;."),
                codes_of("capabilities"),
            ),
            Field("tier", "string", _("comprehensive, industry or small (小切口).")),
            COUNTY_CODE,
            COUNTY,
            ZONE,
            Field("owner_id", "integer", _("Id of the county office that owns the scenario.")),
            Field("owner", "string", _("Name of the county office."), name_of("owner")),
            Field(
                "status",
                "string",
                _("open, evaluating, awarded, piloting, completed or cancelled."),
                "effective_status",
            ),
            Field(
                "budget_min_cny", "integer", _("Budget from, in whole yuan (CNY); empty when not stated."), "budget_min"
            ),
            Field(
                "budget_max_cny",
                "integer",
                _("Budget up to, in whole yuan (CNY); empty when not stated."),
                "budget_max",
            ),
            Field("funding_model", "string", _("fiscal, subsidy, reits, ppp or firm.")),
            Field("published_at", "datetime", _("When the call was first published.")),
            Field("deadline", "datetime", _("Submission deadline.")),
            Field("pilot_start", "date", _("Planned start of the pilot.")),
            Field("pilot_end", "date", _("Planned end of the pilot.")),
            Field("replicable", "boolean", _("Offered for replication (可复制、可推广).")),
            Field("replicated_from_id", "integer", _("Id of the scenario this one was adopted from, if any.")),
            Field("grade", "string", _("The province's grade: demonstration (示范), benchmark (标杆) or empty.")),
            Field(
                "batch",
                "integer",
                _("Number of the province's batch (机会清单 第N批) it was published in, if any."),
                "batch.number",
            ),
            OCID,
            Field("url", "string", _("Address of the scenario's page."), link("catalog:scenario-detail")),
            Field(
                "ocds_url",
                "string",
                _("Address of the scenario's OCDS 1.1 release package."),
                link("opendata:ocds-scenario"),
            ),
            MODIFIED.reads(_scenario_modified),
        ),
        queryset=selectors.public_scenarios,
    )
)


# ------------------------------------------------------------------ KPI rows of the calls


KPI_ID = Field(
    "kpi_id", "integer", _("Id of the KPI row (the kpis data set); empty for a result recorded before KPI rows.")
)
# What a KPI row measures, in the kpis data set and again with each result in kpi-results.
OF_KPI = (
    Field("indicator", "string", _("What is measured.")),
    Field("unit", "string", _("Unit of the baseline, target and result (may be empty).")),
    Field("baseline", "string", _("The value before the pilot, as the county office stated it.")),
    Field("target", "string", _("The value the pilot should reach (text: it may hold ≥, ≤ or a range).")),
)

KPIS = register(
    DataSet(
        slug="kpis",
        title=_("KPIs of the scenarios"),
        description=_(
            "What each published scenario asks to be measured: indicator, unit, baseline, target, how and by when."
        ),
        public_rule=_(
            "The KPI rows of published scenarios, as their pages show them (drafts never). Results are in kpi-results."
        ),
        fields=(
            Field("id", "integer", _("Id of the KPI row."), "pk"),
            *under("scenario", *OF_SCENARIO),
            Field(
                "position",
                "integer",
                _("Order of the row within its scenario (1 is the first)."),
                lambda kpi, base_url: kpi.position + 1,
            ),
            *OF_KPI,
            Field("method", "string", _("How it is measured.")),
            Field("due_date", "date", _("By when the target should be reached.")),
            Field(
                "modified",
                "datetime",
                _("When the scenario (and so its KPI rows) last changed (?since= compares with it)."),
                "scenario.updated_at",
            ),
        ),
        queryset=selectors.public_kpis,
    )
)


# ------------------------------------------------------------------ solutions


SOLUTIONS = register(
    DataSet(
        slug="solutions",
        title=_("Solutions"),
        description=_("What firms offer: domains, capabilities, maturity, list prices and where it is deployed."),
        public_rule=_("Published solutions only (drafts and archived ones never). List prices are the firm's own."),
        fields=(
            Field("id", "integer", _("Id of the solution on this site."), "pk"),
            Field("title", "string", _("Title as the firm typed it.")),
            Field("summary", "string", _("One-paragraph summary.")),
            *under("owner", *OF_FIRM),
            Field("domains", "codes", _("Domain codes, separated by ;."), codes_of("domains")),
            Field("capabilities", "codes", _("Capability codes, separated by ;."), codes_of("capabilities")),
            Field("maturity", "string", _("concept, prototype, pilot, deployed or scaled.")),
            Field("price_min_cny", "integer", _("List price from, in whole yuan (CNY)."), "price_min"),
            Field("price_max_cny", "integer", _("List price up to, in whole yuan (CNY)."), "price_max"),
            Field("delivery_model", "string", _("How the solution is delivered (saas, on_premise …).")),
            Field(
                "deployed_in",
                "codes",
                _("Codes of the county-level regions where it is deployed, separated by ;."),
                codes_of("deployments", "county_id"),
            ),
            Field("published_at", "datetime", _("When the solution was first published.")),
            Field("url", "string", _("Address of the solution's page."), link("catalog:solution-detail")),
            MODIFIED.reads("updated_at"),
        ),
        queryset=selectors.public_solutions,
    )
)


def _contract_value(row, base_url: str = "") -> int | None:
    """The winning proposal's contract value of an award's winner or an engagement, once the award is final."""
    return selectors.awarded_value(row.proposal) if selectors.award_value_public(row.award) else None


# ------------------------------------------------------------------ awards


class _Winner(NamedTuple):
    """One row of the awards data set: an award and one of its winning proposals."""

    award: Any
    proposal: Any


def _winners(award) -> Iterator[_Winner]:
    return (_Winner(award, proposal) for proposal in award.winners)


def _award_modified(winner: _Winner, base_url: str = ""):
    return max(filter(None, (winner.award.decided_at, winner.award.finalised_at)))


AWARDS = register(
    DataSet(
        slug="awards",
        title=_("Awards"),
        description=_("Who won which scenario (one row per winning firm; several when pilots run in parallel)."),
        public_rule=_(
            "Award notices are public from the decision; the awarded price (value_cny) only once the award is "
            "final (standstill over, objections answered). Losing proposals, their firms and prices never appear."
        ),
        fields=(
            Field("award_id", "integer", _("Id of the award."), "award.pk"),
            *under("award.scenario", *OF_SCENARIO),
            Field("status", "string", _("standstill (objections possible) or final."), "award.status"),
            Field(
                "decided_at", "datetime", _("When the award was decided and its notice published."), "award.decided_at"
            ),
            Field("standstill_until", "datetime", _("End of the period for objections."), "award.standstill_until"),
            Field("finalised_at", "datetime", _("When the award became final."), "award.finalised_at"),
            *under("proposal.firm", *OF_FIRM),
            Field(
                "solutions",
                "codes",
                _("Ids of the firm's solutions in the winning proposal, separated by ;."),
                lambda winner, base_url: [str(s.pk) for s in winner.proposal.solutions.all()],
            ),
            Field(
                "value_cny",
                "integer",
                _(
                    "Contract value in whole yuan (CNY), as stated with the award (the winning price unless "
                    "another was stated); empty until the award is final."
                ),
                _contract_value,
            ),
            Field(
                "proposals_received",
                "integer",
                _("Number of proposals the scenario received."),
                "award.proposals_received",
            ),
            Field("reason", "string", _("The published reason for the award."), "award.reason"),
            *under("award.scenario", OCID),
            MODIFIED.reads(_award_modified),
        ),
        queryset=selectors.public_awards,
        each=_winners,
    )
)


# ------------------------------------------------------------------ engagements


def _engagement_modified(engagement, base_url: str = ""):
    times = (
        engagement.last_logged,
        engagement.award.finalised_at,
        engagement.contracted_at,
        engagement.piloting_at,
        engagement.deployed_at,
        engagement.accepted_at,
        engagement.terminated_at,
    )
    return max(t for t in times if t is not None)


def _once_accepted(name: str):
    """An engagement's ``name`` (outcome, lessons) when it is accepted (a reference case), else ""."""
    return lambda engagement, base_url: getattr(engagement, name) if engagement.is_reference_case else ""


ENGAGEMENTS = register(
    DataSet(
        slug="engagements",
        title=_("Engagements and their outcomes"),
        description=_("Each pilot after an award, through contract, pilot, deployment and acceptance (验收)."),
        public_rule=_(
            "Engagements of published scenarios; the contract value once the award is final; outcome and lessons "
            "once the engagement is accepted (a reference case). Milestone evidence stays with the parties; KPI "
            "results are in kpi-results once accepted."
        ),
        fields=(
            Field("id", "integer", _("Id of the engagement."), "pk"),
            Field("award_id", "integer", _("Id of the award (the awards data set).")),
            *under("scenario", *OF_SCENARIO),
            *under("firm", *OF_FIRM),
            Field(
                "cross_zone",
                "boolean",
                _("The firm's zone differs from the county's (e.g. a 苏南 firm in 苏北)."),
                lambda engagement, base_url: _zone(engagement.firm.region) != _zone(engagement.scenario.county),
            ),
            SOLUTION_ID,
            SOLUTION,
            Field("status", "string", _("contracted, piloting, deployed, accepted or terminated.")),
            Field("contracted_at", "datetime", _("When the contract was signed.")),
            Field("piloting_at", "datetime", _("When the pilot started.")),
            Field("deployed_at", "datetime", _("When the solution was deployed.")),
            Field("accepted_at", "datetime", _("When the county accepted the result (验收).")),
            Field("terminated_at", "datetime", _("When the engagement was terminated.")),
            Field(
                "contract_value_cny",
                "integer",
                _("Contract value in whole yuan (CNY); empty until the award is final."),
                _contract_value,
            ),
            Field(
                "outcome",
                "string",
                _("Outcome reported at acceptance (accepted engagements only)."),
                _once_accepted("outcome"),
            ),
            Field("lessons", "string", _("Lessons learned (accepted engagements only)."), _once_accepted("lessons")),
            MODIFIED.reads(_engagement_modified),
        ),
        queryset=selectors.public_engagements,
    )
)


# ------------------------------------------------------------------ KPI results and replicable cases of accepted pilots


def _kpi_or(name: str, fallback: str = ""):
    """A result's KPI row's ``name``; for a result recorded before KPI rows, the result's own ``fallback``
    (or "")."""

    def read(result, base_url: str) -> Any:
        if result.kpi:
            return getattr(result.kpi, name)
        return getattr(result, fallback) if fallback else ""

    return read


# OF_KPI read from the result's KPI row, or from the result itself when it has none.
OF_KPI_OR_RESULT = tuple(
    f.reads(_kpi_or(f.name, fallback)) for f, fallback in zip(OF_KPI, ("name", "", "", "target"), strict=True)
)


KPI_RESULTS = register(
    DataSet(
        slug="kpi-results",
        title=_("KPI results of accepted pilots"),
        description=_("What each accepted pilot (验收) measured against its scenario's KPI rows."),
        public_rule=_(
            "Results of accepted engagements only, as their replicable cases publish them; before acceptance results "
            "stay with the county office, the firm and the province."
        ),
        fields=(
            Field("id", "integer", _("Id of the result."), "pk"),
            ENGAGEMENT_ID,
            *under("engagement.scenario", SCENARIO_ID),
            KPI_ID,
            *under("engagement.scenario", COUNTY_CODE, ZONE),
            *under("engagement.firm", FIRM_ID, FIRM),
            *OF_KPI_OR_RESULT,
            Field("result", "string", _("The measured result, as reported.")),
            Field("met", "boolean", _("Whether the target was met; empty when not stated.")),
            Field("measured_on", "date", _("When the result was reported."), "measured_at"),
            Field(
                "modified",
                "datetime",
                _("When the engagement was accepted (?since= compares with it)."),
                "engagement.accepted_at",
            ),
        ),
        queryset=selectors.public_kpi_results,
    )
)


def _kpis_achieved(case) -> list[dict[str, Any]]:
    return [k for k in case.kpis_achieved if isinstance(k, dict)]


REPLICABLE_CASES = register(
    DataSet(
        slug="replicable-cases",
        title=_("Replicable cases"),
        description=_(
            "The standard case (可复制可推广案例) each accepted pilot produces: problem, solution, KPIs achieved, "
            "cost, lessons and whom to contact."
        ),
        public_rule=_(
            "Cases of accepted engagements, with what the public case page shows: the cost the county office "
            "published (never a proposal's price) and the contact the case names (the office may leave it empty)."
        ),
        fields=(
            Field("id", "integer", _("Id of the case."), "pk"),
            ENGAGEMENT_ID,
            *under("engagement.scenario", SCENARIO_ID),
            Field("title", "string", _("Title of the case.")),
            *under("engagement.scenario", COUNTY_CODE, ZONE),
            *under("engagement.firm", *OF_FIRM),
            *under("engagement", SOLUTION_ID, SOLUTION),
            Field("accepted_at", "datetime", _("When the county accepted the pilot (验收)."), "engagement.accepted_at"),
            Field("problem", "string", _("The problem the scenario set out to solve.")),
            Field("solution_summary", "string", _("How the solution solved it.")),
            Field(
                "kpis",
                "integer",
                _("KPIs of the case (their results are in kpi-results)."),
                lambda case, base_url: len(_kpis_achieved(case)),
            ),
            Field(
                "kpis_met",
                "integer",
                _("Of those, KPIs whose target was met."),
                lambda case, base_url: sum(1 for k in _kpis_achieved(case) if k.get("met") is True),
            ),
            Field(
                "cost_cny",
                "integer",
                _("Cost in whole yuan (CNY) as the county office published it; empty if not."),
                "cost",
            ),
            Field("lessons", "string", _("Lessons for counties that replicate it.")),
            Field("contact_name", "string", _("Contact person the case names (may be empty).")),
            Field("contact_email", "string", _("Contact e-mail the case names (may be empty).")),
            Field("contact_phone", "string", _("Contact telephone the case names (may be empty).")),
            Field("published_at", "datetime", _("When the case was published.")),
            Field("url", "string", _("Address of the case's page."), link("proposals:case-detail")),
            Field("modified", "datetime", _("When the case was last edited (?since= compares with it)."), "updated_at"),
        ),
        queryset=selectors.public_replicable_cases,
    )
)


# ------------------------------------------------------------------ training


def _of_venue(name: str):
    """``name`` of the session's region: its venue's, else (online) its provider's."""

    def read(session, base_url: str) -> Any:
        region = session.venue.region if session.venue_id else session.course.provider.region
        return attribute(region, name)

    return read


TRAINING = register(
    DataSet(
        slug="training",
        title=_("Training (aggregates per session)"),
        description=_("Each public training session with counts: seats taken, completions, certificates, hours."),
        public_rule=_(
            "Published and cancelled sessions of published courses. Counts only: no learner, no enrolment, no "
            "certificate code appears."
        ),
        fields=(
            Field("session_id", "integer", _("Id of the session."), "pk"),
            Field("course_id", "integer", _("Id of the course."), "course.pk"),
            Field("course_title_zh", "string", _("Chinese title of the course."), "course.title_zh"),
            Field("course_title_en", "string", _("English title of the course."), "course.title_en"),
            Field("provider_id", "integer", _("Id of the training provider."), "course.provider_id"),
            Field("provider", "string", _("Name of the training provider."), name_of("course.provider")),
            Field(
                "county_code",
                "string",
                _("Region of the venue (the provider's region for online sessions)."),
                _of_venue("code"),
            ),
            ZONE.reads(_of_venue("zone")),
            Field("format", "string", _("in_person, online or blended."), "course.format"),
            Field("planned_hours", "integer", _("Planned hours of the course."), "course.planned_hours"),
            Field("start", "datetime", _("First occurrence starts.")),
            Field("end", "datetime", _("First occurrence ends.")),
            Field("status", "string", _("published or cancelled.")),
            Field("capacity", "integer", _("Seats.")),
            Field("enrolled", "integer", _("People holding a seat or who went through the session.")),
            Field("completed", "integer", _("People who completed it.")),
            Field("certificates", "integer", _("Certificates in force (revoked ones not counted).")),
            Field(
                "certified_hours",
                "number",
                _("Training hours on those certificates (attended time)."),
                lambda session, base_url: float(session.certified_hours),
            ),
            Field("url", "string", _("Address of the session's page."), link("talent:session-detail")),
            Field(
                "modified",
                "datetime",
                _(
                    "When the session itself last changed; ?since= also returns sessions with an enrolment, "
                    "completion, cancellation, certificate or revocation since then."
                ),
                "updated_at",
            ),
        ),
        queryset=selectors.public_training,
    )
)


# ------------------------------------------------------------------ exchanges


EXCHANGES = register(
    DataSet(
        slug="exchanges",
        title=_("Talent exchanges"),
        description=_("North–south talent exchanges and secondments between organisations, with their regions."),
        public_rule=_(
            "Exchanges both organisations approved (approved, in progress, completed). No personal data: no name, "
            "role, goals, report or certificate code."
        ),
        fields=(
            Field("id", "integer", _("Id of the exchange."), "pk"),
            Field("kind", "string", _("exchange or secondment.")),
            Field("home_organization_id", "integer", _("Id of the home organisation.")),
            Field("home_organization", "string", _("Name of the home organisation."), name_of("home_organization")),
            Field("home_region_code", "string", _("Code of the home region."), "home_region_id"),
            Field("home_zone", "string", _("Zone of the home region."), "home_region.zone"),
            Field("host_organization_id", "integer", _("Id of the host organisation.")),
            Field("host_organization", "string", _("Name of the host organisation."), name_of("host_organization")),
            Field("host_region_code", "string", _("Code of the host region."), "host_region_id"),
            Field("host_zone", "string", _("Zone of the host region."), "host_region.zone"),
            Field("start_date", "date", _("First day.")),
            Field("end_date", "date", _("Last day.")),
            Field(
                "skills", "codes", _("Skill codes (DigComp 2.2, engineer tracks), separated by ;."), codes_of("skills")
            ),
            Field("status", "string", _("approved, in_progress or completed.")),
            MODIFIED.reads("updated_at"),
        ),
        queryset=selectors.public_exchanges,
    )
)


# ------------------------------------------------------------------ the regional gap monitor (insights)
# Read through insights' API for other apps (docs/insights.md): definitions, public monthly snapshots, gap index.


def _all_definitions(*, since=None) -> list[dict[str, Any]]:
    # Definitions change with a release of the site, not with data: ?since= returns them all.
    return insights_selectors.indicator_definitions()


INDICATORS = register(
    DataSet(
        slug="indicators",
        title=_("Gap monitor: indicators"),
        description=_(
            "What each indicator of the regional gap monitor counts, how, from where, and which way is better."
        ),
        public_rule=_(
            "Definitions only (no figures). ?since= returns them all: they change with the site, not the data."
        ),
        fields=(
            Field("code", "string", _("Indicator code (the snapshots' indicator field).")),
            Field("name_zh", "string", _("Chinese name.")),
            Field("name_en", "string", _("English name.")),
            Field("unit_zh", "string", _("Chinese unit.")),
            Field("unit_en", "string", _("English unit.")),
            Field("kind", "string", _("count, sum, distinct, median, latest or ratio.")),
            Field("formula", "string", _("How the value is computed.")),
            Field("source", "string", _("Where the facts come from.")),
            Field("direction", "string", _("up (higher is better) or down.")),
            Field("public_rule", "string", _("What may enter the public figure.")),
            Field("public_levels", "codes", _("Levels published: county, city, zone, province, separated by ;.")),
            Field("per_capita", "boolean", _("A per-10,000-residents figure (and a gap index) exists.")),
            Field("listed", "boolean", _("Offered on the pages (false: a helper series such as a denominator).")),
        ),
        queryset=_all_definitions,
    )
)


def _public_snapshots(*, since=None) -> Iterator[dict[str, Any]]:
    """Public snapshots, one indicator at a time (one query each: memory holds one indicator's months)."""
    for definition in insights_selectors.indicator_definitions():
        yield from insights_selectors.snapshot_rows(indicator=definition["code"], changed_since=since)


SNAPSHOTS = register(
    DataSet(
        slug="snapshots",
        title=_("Gap monitor: monthly figures"),
        description=_("Each indicator per county, city, zone and province at the end of every month since the first."),
        public_rule=_(
            "The levels each indicator publishes (see indicators); computed from public facts only (no sealed "
            "proposal, prices only once awarded and published)."
        ),
        fields=(
            Field("month", "date", _("First day of the month; the figure is as of its end.")),
            Field("indicator", "string", _("Indicator code (the indicators data set).")),
            Field("level", "string", _("county, city, zone or province.")),
            Field("area", "string", _("Region code, or south / centre / north for a zone.")),
            Field("value", "number", _("The figure, in the indicator's unit.")),
            Field("per_10k", "number", _("The figure per 10,000 residents (2020 census); empty when not additive.")),
            Field("n", "integer", _("Facts counted.")),
            Field("modified", "datetime", _("When the figure was computed (?since= compares with it)."), "computed_at"),
        ),
        queryset=_public_snapshots,
    )
)


def _gap_rows(*, since=None) -> list[dict[str, Any]]:
    return insights_selectors.gap_rows(changed_since=since)


GAP_INDEX = register(
    DataSet(
        slug="gap-index",
        title=_("Gap monitor: gap index"),
        description=_("Per month and additive indicator: 苏北 and 苏中 against 苏南 per capita, and the Theil index."),
        public_rule=_("All public: computed from the public figures."),
        fields=(
            Field("month", "date", _("First day of the month; the index is as of its end.")),
            Field("indicator", "string", _("Indicator code (additive indicators only).")),
            Field("north_south_ratio", "number", _("苏北 per capita divided by 苏南 per capita (1 = no gap).")),
            Field("centre_south_ratio", "number", _("苏中 per capita divided by 苏南 per capita.")),
            Field("theil", "number", _("Theil index across counties, population-weighted (0 = equal).")),
            Field("modified", "datetime", _("When the index was computed (?since= compares with it)."), "computed_at"),
        ),
        queryset=_gap_rows,
    )
)
