"""The open data sets of the exchange (see ``opendata.registry`` for what a definition holds). Each row builder
reads only what its public selector fetched, so a chunk of rows costs the selector's few queries."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from catalog.exports import scenario_row, solution_row
from insights import selectors as insights_selectors
from opendata import selectors
from opendata.registry import DataSet, Field, iso_date, iso_datetime, org_name, register

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


def _link(base_url: str, name: str, pk: int) -> str:
    return base_url + reverse(name, args=[pk])


def _zone(region) -> str:
    return region.zone if region is not None else ""


# Fields several data sets share, each defined once.
MODIFIED = Field(
    "modified",
    "datetime",
    _("When the row last changed in a way the change feed reports (?since= compares with it)."),
)
COUNTY_CODE = Field("county_code", "string", _("GB/T 2260 code of the county-level region (six digits, as text)."))
COUNTY = Field("county", "string", _("Chinese name of the county-level region."))
ZONE = Field("zone", "string", _("Zone of the region: south (苏南), centre (苏中) or north (苏北)."))
SCENARIO_ID = Field("scenario_id", "integer", _("Id of the scenario (the scenarios data set)."))
FIRM_ID = Field("firm_id", "integer", _("Id of the firm's organisation on this site."))
FIRM = Field("firm", "string", _("Registered name of the firm."))
FIRM_ZONE = Field("firm_zone", "string", _("Zone of the firm's home region (south, centre, north)."))
ENGAGEMENT_ID = Field("engagement_id", "integer", _("Id of the engagement (the engagements data set)."))
SOLUTION_ID = Field("solution_id", "integer", _("Id of the solution piloted."))
SOLUTION = Field("solution", "string", _("Title of the solution."))
OCID = Field("ocid", "string", _("Open Contracting ID of the scenario's contracting process."))
# Groups of fields that stand together in several data sets: where a row's scenario is, and who the firm is.
OF_SCENARIO = (
    SCENARIO_ID,
    Field("scenario", "string", _("Title of the scenario.")),
    COUNTY_CODE,
    ZONE,
)
OF_FIRM = (FIRM_ID, FIRM, FIRM_ZONE)


def _county_cells(scenario) -> dict[str, Any]:
    """The values of a row's scenario id, county code and zone."""
    return {"scenario_id": scenario.pk, "county_code": scenario.county_id, "zone": _zone(scenario.county)}


def _firm_cells(firm) -> dict[str, Any]:
    """The values of ``OF_FIRM`` for a firm's organisation."""
    return {"firm_id": firm.pk, "firm": org_name(firm), "firm_zone": _zone(firm.region)}


# ------------------------------------------------------------------ scenarios


def _scenario_row(scenario, base_url: str) -> dict[str, Any]:
    # The catalog's export row (id … funding_model, replicable), with open data's dates, zone and links.
    return {
        **scenario_row(scenario, ""),
        "zone": _zone(scenario.county),
        "owner_id": scenario.owner_id,
        "owner": org_name(scenario.owner),
        "published_at": iso_datetime(scenario.published_at),
        "deadline": iso_datetime(scenario.deadline),
        "pilot_start": iso_date(scenario.pilot_start),
        "pilot_end": iso_date(scenario.pilot_end),
        "replicated_from_id": scenario.replicated_from_id,
        "grade": scenario.grade,
        "batch": scenario.batch.number if scenario.batch_id else None,
        "ocid": ocid(scenario.pk),
        "url": _link(base_url, "catalog:scenario-detail", scenario.pk),
        "ocds_url": _link(base_url, "opendata:ocds-scenario", scenario.pk),
        "modified": iso_datetime(_scenario_modified(scenario)),
    }


def _scenario_modified(scenario):
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
            Field("id", "integer", _("Id of the scenario on this site.")),
            Field("title", "string", _("Title as the county office typed it.")),
            Field("summary", "string", _("One-paragraph summary.")),
            Field("domain", "string", _("Domain code (transport, health, education …).")),
            Field("capabilities", "codes", _("Capability codes of the bilingual vocabulary, separated by ;.")),
            Field("tier", "string", _("comprehensive, industry or small (小切口).")),
            COUNTY_CODE,
            COUNTY,
            ZONE,
            Field("owner_id", "integer", _("Id of the county office that owns the scenario.")),
            Field("owner", "string", _("Name of the county office.")),
            Field("status", "string", _("open, evaluating, awarded, piloting, completed or cancelled.")),
            Field("budget_min_cny", "integer", _("Budget from, in whole yuan (CNY); empty when not stated.")),
            Field("budget_max_cny", "integer", _("Budget up to, in whole yuan (CNY); empty when not stated.")),
            Field("funding_model", "string", _("fiscal, subsidy, reits, ppp or firm.")),
            Field("published_at", "datetime", _("When the call was first published.")),
            Field("deadline", "datetime", _("Submission deadline.")),
            Field("pilot_start", "date", _("Planned start of the pilot.")),
            Field("pilot_end", "date", _("Planned end of the pilot.")),
            Field("replicable", "boolean", _("Offered for replication (可复制、可推广).")),
            Field("replicated_from_id", "integer", _("Id of the scenario this one was adopted from, if any.")),
            Field("grade", "string", _("The province's grade: demonstration (示范), benchmark (标杆) or empty.")),
            Field(
                "batch", "integer", _("Number of the province's batch (机会清单 第N批) it was published in, if any.")
            ),
            OCID,
            Field("url", "string", _("Address of the scenario's page.")),
            Field("ocds_url", "string", _("Address of the scenario's OCDS 1.1 release package.")),
            MODIFIED,
        ),
        queryset=selectors.public_scenarios,
        row=_scenario_row,
    )
)


# ------------------------------------------------------------------ KPI rows of the calls


def _kpi_row(kpi, base_url: str) -> dict[str, Any]:
    scenario = kpi.scenario
    return {
        "id": kpi.pk,
        **_county_cells(scenario),
        "scenario": scenario.title,
        "position": kpi.position + 1,
        "indicator": kpi.indicator,
        "unit": kpi.unit,
        "baseline": kpi.baseline,
        "target": kpi.target,
        "method": kpi.method,
        "due_date": iso_date(kpi.due_date),
        "modified": iso_datetime(scenario.updated_at),
    }


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
            Field("id", "integer", _("Id of the KPI row.")),
            *OF_SCENARIO,
            Field("position", "integer", _("Order of the row within its scenario (1 is the first).")),
            *OF_KPI,
            Field("method", "string", _("How it is measured.")),
            Field("due_date", "date", _("By when the target should be reached.")),
            Field(
                "modified",
                "datetime",
                _("When the scenario (and so its KPI rows) last changed (?since= compares with it)."),
            ),
        ),
        queryset=selectors.public_kpis,
        row=_kpi_row,
    )
)


# ------------------------------------------------------------------ solutions


def _solution_row(solution, base_url: str) -> dict[str, Any]:
    # The catalog's export row (id … deployed_in), with the firm's id and zone and open data's dates and links.
    return {
        **solution_row(solution, ""),
        **_firm_cells(solution.owner),
        "published_at": iso_datetime(solution.published_at),
        "url": _link(base_url, "catalog:solution-detail", solution.pk),
        "modified": iso_datetime(solution.updated_at),
    }


SOLUTIONS = register(
    DataSet(
        slug="solutions",
        title=_("Solutions"),
        description=_("What firms offer: domains, capabilities, maturity, list prices and where it is deployed."),
        public_rule=_("Published solutions only (drafts and archived ones never). List prices are the firm's own."),
        fields=(
            Field("id", "integer", _("Id of the solution on this site.")),
            Field("title", "string", _("Title as the firm typed it.")),
            Field("summary", "string", _("One-paragraph summary.")),
            *OF_FIRM,
            Field("domains", "codes", _("Domain codes, separated by ;.")),
            Field("capabilities", "codes", _("Capability codes, separated by ;.")),
            Field("maturity", "string", _("concept, prototype, pilot, deployed or scaled.")),
            Field("price_min_cny", "integer", _("List price from, in whole yuan (CNY).")),
            Field("price_max_cny", "integer", _("List price up to, in whole yuan (CNY).")),
            Field("delivery_model", "string", _("How the solution is delivered (saas, on_premise …).")),
            Field("deployed_in", "codes", _("Codes of the county-level regions where it is deployed, separated by ;.")),
            Field("published_at", "datetime", _("When the solution was first published.")),
            Field("url", "string", _("Address of the solution's page.")),
            MODIFIED,
        ),
        queryset=selectors.public_solutions,
        row=_solution_row,
    )
)


# ------------------------------------------------------------------ awards


def _award_rows(awards: list, base_url: str) -> list[dict[str, Any]]:
    rows = []
    for award in awards:
        value_public = selectors.award_value_public(award)
        scenario = award.scenario
        for proposal in award.winners:
            rows.append(
                {
                    "award_id": award.pk,
                    **_county_cells(scenario),
                    "scenario": scenario.title,
                    "status": award.status,
                    "decided_at": iso_datetime(award.decided_at),
                    "standstill_until": iso_datetime(award.standstill_until),
                    "finalised_at": iso_datetime(award.finalised_at),
                    **_firm_cells(proposal.firm),
                    "solutions": [str(s.pk) for s in proposal.solutions.all()],
                    "value_cny": selectors.awarded_value(proposal) if value_public else None,
                    "proposals_received": award.proposals_received,
                    "reason": award.reason,
                    "ocid": ocid(scenario.pk),
                    "modified": iso_datetime(max(filter(None, (award.decided_at, award.finalised_at)))),
                }
            )
    return rows


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
            Field("award_id", "integer", _("Id of the award.")),
            *OF_SCENARIO,
            Field("status", "string", _("standstill (objections possible) or final.")),
            Field("decided_at", "datetime", _("When the award was decided and its notice published.")),
            Field("standstill_until", "datetime", _("End of the period for objections.")),
            Field("finalised_at", "datetime", _("When the award became final.")),
            *OF_FIRM,
            Field("solutions", "codes", _("Ids of the firm's solutions in the winning proposal, separated by ;.")),
            Field(
                "value_cny",
                "integer",
                _(
                    "Contract value in whole yuan (CNY), as stated with the award (the winning price unless "
                    "another was stated); empty until the award is final."
                ),
            ),
            Field("proposals_received", "integer", _("Number of proposals the scenario received.")),
            Field("reason", "string", _("The published reason for the award.")),
            OCID,
            MODIFIED,
        ),
        queryset=selectors.public_awards,
        rows_for=_award_rows,
    )
)


# ------------------------------------------------------------------ engagements


def _engagement_row(engagement, base_url: str) -> dict[str, Any]:
    scenario = engagement.scenario
    reference_case = engagement.is_reference_case
    times = (
        engagement.last_logged,
        engagement.award.finalised_at,
        engagement.contracted_at,
        engagement.piloting_at,
        engagement.deployed_at,
        engagement.accepted_at,
        engagement.terminated_at,
    )
    return {
        "id": engagement.pk,
        "award_id": engagement.award_id,
        **_county_cells(scenario),
        "scenario": scenario.title,
        **_firm_cells(engagement.firm),
        "cross_zone": _zone(engagement.firm.region) != _zone(scenario.county),
        "solution_id": engagement.solution_id,
        "solution": engagement.solution.title,
        "status": engagement.status,
        "contracted_at": iso_datetime(engagement.contracted_at),
        "piloting_at": iso_datetime(engagement.piloting_at),
        "deployed_at": iso_datetime(engagement.deployed_at),
        "accepted_at": iso_datetime(engagement.accepted_at),
        "terminated_at": iso_datetime(engagement.terminated_at),
        "contract_value_cny": (
            selectors.awarded_value(engagement.proposal) if selectors.award_value_public(engagement.award) else None
        ),
        "outcome": engagement.outcome if reference_case else "",
        "lessons": engagement.lessons if reference_case else "",
        "modified": iso_datetime(max(t for t in times if t is not None)),
    }


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
            Field("id", "integer", _("Id of the engagement.")),
            Field("award_id", "integer", _("Id of the award (the awards data set).")),
            *OF_SCENARIO,
            *OF_FIRM,
            Field("cross_zone", "boolean", _("The firm's zone differs from the county's (e.g. a 苏南 firm in 苏北).")),
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
            ),
            Field("outcome", "string", _("Outcome reported at acceptance (accepted engagements only).")),
            Field("lessons", "string", _("Lessons learned (accepted engagements only).")),
            MODIFIED,
        ),
        queryset=selectors.public_engagements,
        row=_engagement_row,
    )
)


# ------------------------------------------------------------------ KPI results and replicable cases of accepted pilots


def _kpi_result_row(result, base_url: str) -> dict[str, Any]:
    engagement = result.engagement
    scenario = engagement.scenario
    kpi = result.kpi
    return {
        "id": result.pk,
        "engagement_id": engagement.pk,
        **_county_cells(scenario),
        "kpi_id": result.kpi_id,
        "firm_id": engagement.firm_id,
        "firm": org_name(engagement.firm),
        "indicator": kpi.indicator if kpi else result.name,
        "unit": kpi.unit if kpi else "",
        "baseline": kpi.baseline if kpi else "",
        "target": kpi.target if kpi else result.target,
        "result": result.result,
        "met": result.met,
        "measured_on": iso_date(result.measured_at),
        "modified": iso_datetime(engagement.accepted_at),
    }


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
            Field("id", "integer", _("Id of the result.")),
            ENGAGEMENT_ID,
            SCENARIO_ID,
            KPI_ID,
            COUNTY_CODE,
            ZONE,
            FIRM_ID,
            FIRM,
            *OF_KPI,
            Field("result", "string", _("The measured result, as reported.")),
            Field("met", "boolean", _("Whether the target was met; empty when not stated.")),
            Field("measured_on", "date", _("When the result was reported.")),
            Field("modified", "datetime", _("When the engagement was accepted (?since= compares with it).")),
        ),
        queryset=selectors.public_kpi_results,
        row=_kpi_result_row,
    )
)


def _case_row(case, base_url: str) -> dict[str, Any]:
    engagement = case.engagement
    scenario = engagement.scenario
    kpis = [k for k in case.kpis_achieved if isinstance(k, dict)]
    return {
        "id": case.pk,
        "engagement_id": engagement.pk,
        **_county_cells(scenario),
        "title": case.title,
        **_firm_cells(engagement.firm),
        "solution_id": engagement.solution_id,
        "solution": engagement.solution.title,
        "accepted_at": iso_datetime(engagement.accepted_at),
        "problem": case.problem,
        "solution_summary": case.solution_summary,
        "kpis": len(kpis),
        "kpis_met": sum(1 for k in kpis if k.get("met") is True),
        "cost_cny": case.cost,
        "lessons": case.lessons,
        "contact_name": case.contact_name,
        "contact_email": case.contact_email,
        "contact_phone": case.contact_phone,
        "published_at": iso_datetime(case.published_at),
        "url": _link(base_url, "proposals:case-detail", case.pk),
        "modified": iso_datetime(case.updated_at),
    }


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
            Field("id", "integer", _("Id of the case.")),
            ENGAGEMENT_ID,
            SCENARIO_ID,
            Field("title", "string", _("Title of the case.")),
            COUNTY_CODE,
            ZONE,
            *OF_FIRM,
            SOLUTION_ID,
            SOLUTION,
            Field("accepted_at", "datetime", _("When the county accepted the pilot (验收).")),
            Field("problem", "string", _("The problem the scenario set out to solve.")),
            Field("solution_summary", "string", _("How the solution solved it.")),
            Field("kpis", "integer", _("KPIs of the case (their results are in kpi-results).")),
            Field("kpis_met", "integer", _("Of those, KPIs whose target was met.")),
            Field(
                "cost_cny", "integer", _("Cost in whole yuan (CNY) as the county office published it; empty if not.")
            ),
            Field("lessons", "string", _("Lessons for counties that replicate it.")),
            Field("contact_name", "string", _("Contact person the case names (may be empty).")),
            Field("contact_email", "string", _("Contact e-mail the case names (may be empty).")),
            Field("contact_phone", "string", _("Contact telephone the case names (may be empty).")),
            Field("published_at", "datetime", _("When the case was published.")),
            Field("url", "string", _("Address of the case's page.")),
            Field("modified", "datetime", _("When the case was last edited (?since= compares with it).")),
        ),
        queryset=selectors.public_replicable_cases,
        row=_case_row,
    )
)


# ------------------------------------------------------------------ training


def _training_row(session, base_url: str) -> dict[str, Any]:
    course = session.course
    region = session.venue.region if session.venue_id else course.provider.region
    return {
        "session_id": session.pk,
        "course_id": course.pk,
        "course_title_zh": course.title_zh,
        "course_title_en": course.title_en,
        "provider_id": course.provider_id,
        "provider": org_name(course.provider),
        "county_code": region.code if region else "",
        "zone": _zone(region),
        "format": course.format,
        "planned_hours": course.planned_hours,
        "start": iso_datetime(session.start),
        "end": iso_datetime(session.end),
        "status": session.status,
        "capacity": session.capacity,
        "enrolled": session.enrolled,
        "completed": session.completed,
        "certificates": session.certificates,
        "certified_hours": float(session.certified_hours),
        "url": _link(base_url, "talent:session-detail", session.pk),
        "modified": iso_datetime(session.updated_at),
    }


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
            Field("session_id", "integer", _("Id of the session.")),
            Field("course_id", "integer", _("Id of the course.")),
            Field("course_title_zh", "string", _("Chinese title of the course.")),
            Field("course_title_en", "string", _("English title of the course.")),
            Field("provider_id", "integer", _("Id of the training provider.")),
            Field("provider", "string", _("Name of the training provider.")),
            Field("county_code", "string", _("Region of the venue (the provider's region for online sessions).")),
            ZONE,
            Field("format", "string", _("in_person, online or blended.")),
            Field("planned_hours", "integer", _("Planned hours of the course.")),
            Field("start", "datetime", _("First occurrence starts.")),
            Field("end", "datetime", _("First occurrence ends.")),
            Field("status", "string", _("published or cancelled.")),
            Field("capacity", "integer", _("Seats.")),
            Field("enrolled", "integer", _("People holding a seat or who went through the session.")),
            Field("completed", "integer", _("People who completed it.")),
            Field("certificates", "integer", _("Certificates in force (revoked ones not counted).")),
            Field("certified_hours", "number", _("Training hours on those certificates (attended time).")),
            Field("url", "string", _("Address of the session's page.")),
            Field(
                "modified",
                "datetime",
                _(
                    "When the session itself last changed; ?since= also returns sessions with an enrolment, "
                    "completion, cancellation, certificate or revocation since then."
                ),
            ),
        ),
        queryset=selectors.public_training,
        row=_training_row,
    )
)


# ------------------------------------------------------------------ exchanges


def _exchange_row(exchange, base_url: str) -> dict[str, Any]:
    return {
        "id": exchange.pk,
        "kind": exchange.kind,
        "home_organization_id": exchange.home_organization_id,
        "home_organization": org_name(exchange.home_organization),
        "home_region_code": exchange.home_region_id,
        "home_zone": _zone(exchange.home_region),
        "host_organization_id": exchange.host_organization_id,
        "host_organization": org_name(exchange.host_organization),
        "host_region_code": exchange.host_region_id,
        "host_zone": _zone(exchange.host_region),
        "start_date": iso_date(exchange.start_date),
        "end_date": iso_date(exchange.end_date),
        "skills": [s.code for s in exchange.skills.all()],
        "status": exchange.status,
        "modified": iso_datetime(exchange.updated_at),
    }


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
            Field("id", "integer", _("Id of the exchange.")),
            Field("kind", "string", _("exchange or secondment.")),
            Field("home_organization_id", "integer", _("Id of the home organisation.")),
            Field("home_organization", "string", _("Name of the home organisation.")),
            Field("home_region_code", "string", _("Code of the home region.")),
            Field("home_zone", "string", _("Zone of the home region.")),
            Field("host_organization_id", "integer", _("Id of the host organisation.")),
            Field("host_organization", "string", _("Name of the host organisation.")),
            Field("host_region_code", "string", _("Code of the host region.")),
            Field("host_zone", "string", _("Zone of the host region.")),
            Field("start_date", "date", _("First day.")),
            Field("end_date", "date", _("Last day.")),
            Field("skills", "codes", _("Skill codes (DigComp 2.2, engineer tracks), separated by ;.")),
            Field("status", "string", _("approved, in_progress or completed.")),
            MODIFIED,
        ),
        queryset=selectors.public_exchanges,
        row=_exchange_row,
    )
)


# ------------------------------------------------------------------ the regional gap monitor (insights)
# Read through insights' API for other apps (docs/insights.md): definitions, public monthly snapshots, gap index.


def _all_definitions(*, since=None) -> list[dict[str, Any]]:
    # Definitions change with a release of the site, not with data: ?since= returns them all.
    return insights_selectors.indicator_definitions()


def _indicator_row(definition: dict[str, Any], base_url: str) -> dict[str, Any]:
    return {**definition, "public_levels": list(definition["public_levels"])}


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
        row=_indicator_row,
    )
)


def _public_snapshots(*, since=None) -> Iterator[dict[str, Any]]:
    """Public snapshots, one indicator at a time (one query each: memory holds one indicator's months)."""
    for definition in insights_selectors.indicator_definitions():
        yield from insights_selectors.snapshot_rows(indicator=definition["code"], changed_since=since)


def _snapshot_row(row: dict[str, Any], base_url: str) -> dict[str, Any]:
    return {
        "month": iso_date(row["month"]),
        "indicator": row["indicator"],
        "level": row["level"],
        "area": row["area"],
        "value": row["value"],
        "per_10k": row["per_10k"],
        "n": row["n"],
        "modified": iso_datetime(row["computed_at"]),
    }


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
            Field("modified", "datetime", _("When the figure was computed (?since= compares with it).")),
        ),
        queryset=_public_snapshots,
        row=_snapshot_row,
    )
)


def _gap_rows(*, since=None) -> list[dict[str, Any]]:
    return insights_selectors.gap_rows(changed_since=since)


def _gap_row(row: dict[str, Any], base_url: str) -> dict[str, Any]:
    return {
        "month": iso_date(row["month"]),
        "indicator": row["indicator"],
        "north_south_ratio": row["north_south_ratio"],
        "centre_south_ratio": row["centre_south_ratio"],
        "theil": row["theil"],
        "modified": iso_datetime(row["computed_at"]),
    }


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
            Field("modified", "datetime", _("When the index was computed (?since= compares with it).")),
        ),
        queryset=_gap_rows,
        row=_gap_row,
    )
)
