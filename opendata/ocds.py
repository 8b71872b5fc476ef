"""Each published scenario as an Open Contracting Data Standard 1.1 release package: one release per stage the
scenario has reached (planning → tender → award → contract → implementation), all with the same ``ocid``.

What goes where (docs/open-data.md has the full mapping table):

* planning: the county office as buyer, the budget range's upper bound as budget, the problem statement as
  rationale;
* tender: the call (title, summary, status, budget, submission period, the page as tender notice), the number
  of proposals once they are no longer sealed — never who sent them or at what price;
* award: one award per winning proposal with the firm as supplier; the value only once the award is final;
* contract: one contract per engagement (signed when contracted; terminated when it was);
* implementation: the engagement's stages (pilot started, deployed, accepted) as met milestones; the parties'
  own milestones and evidence stay on the engagement page, which only they and the province read. Once an
  engagement is accepted, its KPI results (``metrics``) and its replicable case (a document) are public.

KPIs use the OCDS Metrics extension (declared in the package's ``extensions``): the scenario's KPI rows are
``tender.targets`` (a baseline and a target observation each), an accepted engagement's results are
``contracts[].implementation.metrics`` with the same metric ids, each observation tied to the acceptance
milestone.

The package is validated against the official schema in ``opendata/schema/ocds-1.1`` by
``opendata.validation`` (tests and ``manage.py validate_ocds``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils import timezone

from catalog.models import Scenario
from opendata import selectors, validation
from opendata.datasets import LICENCE, ocid, publisher
from opendata.registry import iso_datetime, org_name
from proposals.models import Award, Engagement, KpiResult, Proposal

OCDS_VERSION = "1.1"
CURRENCY = "CNY"
# The org-id.guide list of China's enterprise registry (the national enterprise credit information publicity
# system), whose identifier is the 统一社会信用代码 (unified social credit code).
CREDIT_CODE_SCHEME = "CN-SAIC"

S = Scenario.Status
TENDER_STATUS: dict[str, str] = {
    S.OPEN: "active",
    S.EVALUATING: "active",
    S.AWARDED: "complete",
    S.PILOTING: "complete",
    S.COMPLETED: "complete",
    S.CANCELLED: "cancelled",
}
CONTRACT_STATUS: dict[str, str] = {
    Engagement.Status.CONTRACTED: "active",
    Engagement.Status.PILOTING: "active",
    Engagement.Status.DEPLOYED: "active",
    Engagement.Status.ACCEPTED: "active",
    Engagement.Status.TERMINATED: "terminated",
}


def _value(amount: int | None) -> dict[str, Any] | None:
    return {"amount": amount, "currency": CURRENCY} if amount is not None else None


def _clean(data: Any) -> Any:
    """Drop empty values: OCDS asks publishers to omit a field rather than publish it empty."""
    if isinstance(data, dict):
        cleaned = {key: _clean(value) for key, value in data.items()}
        return {key: value for key, value in cleaned.items() if value not in (None, "", [], {})}
    if isinstance(data, list):
        return [_clean(item) for item in data]
    return data


def _org_id(organization) -> str:
    return f"sce-org-{organization.pk}"


def _party(organization, roles: list[str]) -> dict[str, Any]:
    region = organization.region
    identifier = None
    if organization.credit_code:
        identifier = {"scheme": CREDIT_CODE_SCHEME, "id": organization.credit_code, "legalName": org_name(organization)}
    return {
        "id": _org_id(organization),
        "name": org_name(organization),
        "identifier": identifier,
        "address": {"region": region.name_zh if region else "", "countryName": "中国"},
        "roles": roles,
    }


def _reference(organization) -> dict[str, str]:
    return {"id": _org_id(organization), "name": org_name(organization)}


class _Package:
    def __init__(self, scenario: Scenario, award: Award | None, base_url: str) -> None:
        self.scenario = scenario
        self.award = award
        self.base_url = base_url
        self.ocid = ocid(scenario.pk)
        self.engagements: list[Engagement] = list(getattr(scenario, "public_engagements", []))
        self.winners: list[Proposal] = list(getattr(award, "winners", []))
        # Never None for a published scenario; typed as optional on the model.
        self.published: dt.datetime = scenario.published_at or scenario.created_at

    # One release per stage; each repeats the parties it names (a release stands on its own).
    def _release(self, stage: str, date: dt.datetime, tag: str, parties: list[dict], **sections: Any) -> dict:
        return {
            "ocid": self.ocid,
            "id": f"{self.ocid}-{stage}",
            "date": iso_datetime(date),
            "tag": [tag],
            "initiationType": "tender",
            "language": self.scenario.language or "zh",
            "parties": parties,
            "buyer": _reference(self.scenario.owner),
            **sections,
        }

    def buyer_party(self) -> dict:
        return _party(self.scenario.owner, ["buyer", "procuringEntity"])

    def planning(self) -> dict:
        scenario = self.scenario
        budget = {
            "id": f"sce-budget-{scenario.pk}",
            "description": scenario.get_funding_model_display(),
            "amount": _value(scenario.budget_max),
        }
        return self._release(
            "planning",
            self.published,
            "planning",
            [self.buyer_party()],
            planning={"rationale": scenario.problem_statement or scenario.summary, "budget": budget},
        )

    def tender(self) -> dict:
        scenario = self.scenario
        page = self.base_url + reverse("catalog:scenario-detail", args=[scenario.pk])
        received = (
            getattr(self.award, "proposals_received", None)
            if self.award
            else selectors.submitted_proposal_count(scenario)
        )
        tender = {
            "id": f"sce-{scenario.pk}",
            "title": scenario.title,
            "description": scenario.summary,
            "status": TENDER_STATUS[scenario.effective_status],
            "procuringEntity": _reference(scenario.owner),
            "value": _value(scenario.budget_max),
            "minValue": _value(scenario.budget_min),
            "procurementMethod": "open",
            "procurementMethodDetails": "开放应用场景征集 (open call for application scenarios)",
            "mainProcurementCategory": "services",
            "awardCriteria": "ratedCriteria",
            "submissionMethod": ["electronicSubmission"],
            "tenderPeriod": {
                "startDate": iso_datetime(scenario.published_at),
                "endDate": iso_datetime(scenario.deadline),
            },
            "contractPeriod": {"startDate": _day_start(scenario.pilot_start), "endDate": _day_end(scenario.pilot_end)},
            "numberOfTenderers": received,
            "targets": [_kpi_target(kpi) for kpi in scenario.kpis.all()],
            "items": [
                {
                    "id": "1",
                    "description": scenario.title,
                    "classification": {"scheme": "SCE-DOMAIN", "id": scenario.domain.code},
                    "deliveryAddress": {"region": scenario.county.name_zh, "countryName": "中国"},
                }
            ],
            "documents": [
                {
                    "id": f"sce-{scenario.pk}-notice",
                    "documentType": "tenderNotice",
                    "title": scenario.title,
                    "url": page,
                    "format": "text/html",
                    "language": scenario.language or "zh",
                    "datePublished": iso_datetime(self.published),
                }
            ],
        }
        # The tender release changes when the call is cancelled, and when its deadline unseals the count.
        date = self.published
        if scenario.effective_status == S.CANCELLED:
            date = max(date, scenario.updated_at)
        elif received is not None and scenario.deadline is not None:
            date = max(date, scenario.deadline)
        tag = "tenderCancellation" if scenario.effective_status == S.CANCELLED else "tender"
        return self._release("tender", date, tag, [self.buyer_party()], tender=tender)

    def awards(self, award: Award) -> dict:
        value_public = selectors.award_value_public(award)
        suppliers = [_party(p.firm, ["supplier", "tenderer"]) for p in self.winners]
        awards = [
            {
                "id": f"sce-award-{award.pk}-{proposal.pk}",
                "title": ", ".join(s.title for s in proposal.solutions.all()),
                "description": award.reason,
                "status": "active" if value_public else "pending",
                "date": iso_datetime(award.decided_at),
                "value": _value(selectors.awarded_value(proposal) if value_public else None),
                "suppliers": [_reference(proposal.firm)],
            }
            for proposal in self.winners
        ]
        date = award.finalised_at or award.decided_at
        return self._release("award", date, "award", [self.buyer_party(), *_unique(suppliers)], awards=awards)

    def contracts(self, award: Award) -> dict:
        value_public = selectors.award_value_public(award)
        contracts = [
            {
                "id": f"sce-contract-{engagement.pk}",
                "awardID": f"sce-award-{award.pk}-{engagement.proposal_id}",
                "title": f"{self.scenario.title} · {engagement.solution.title}",
                "status": CONTRACT_STATUS[engagement.status],
                "dateSigned": iso_datetime(engagement.contracted_at),
                "value": _value(selectors.awarded_value(engagement.proposal) if value_public else None),
                "period": {
                    "startDate": _day_start(self.scenario.pilot_start),
                    "endDate": _day_end(self.scenario.pilot_end),
                },
            }
            for engagement in self.engagements
        ]
        date = max(e.terminated_at or e.contracted_at for e in self.engagements)
        parties = [self.buyer_party(), *_unique([_party(e.firm, ["supplier"]) for e in self.engagements])]
        tag = "contractTermination" if all(e.terminated_at for e in self.engagements) else "contract"
        return self._release("contract", date, tag, parties, contracts=contracts)

    def implementation(self, award: Award) -> dict | None:
        contracts = []
        dates: list[dt.datetime] = []
        for engagement in self.engagements:
            milestones = _stage_milestones(engagement)
            if not milestones:
                continue
            dates += [t for t in (engagement.piloting_at, engagement.deployed_at, engagement.accepted_at) if t]
            implementation: dict[str, Any] = {"milestones": milestones}
            # Results and the case are public once the engagement is accepted (as on the case page), never before.
            if engagement.status == Engagement.Status.ACCEPTED:
                implementation["metrics"] = [_kpi_result(engagement, result) for result in engagement.kpis.all()]
                implementation["documents"] = _case_documents(engagement, self.base_url)
            contracts.append(
                {
                    "id": f"sce-contract-{engagement.pk}",
                    "awardID": f"sce-award-{award.pk}-{engagement.proposal_id}",
                    "implementation": implementation,
                }
            )
        if not contracts:
            return None
        date = max(dates) if dates else max(e.contracted_at for e in self.engagements)
        return self._release("implementation", date, "implementation", [self.buyer_party()], contracts=contracts)

    def releases(self) -> list[dict]:
        releases = [self.planning(), self.tender()]
        if self.award is not None and self.winners:
            releases.append(self.awards(self.award))
            if self.engagements:
                releases.append(self.contracts(self.award))
                implementation = self.implementation(self.award)
                if implementation is not None:
                    releases.append(implementation)
        return [_clean(release) for release in releases]


def _unique(parties: list[dict]) -> list[dict]:
    seen: dict[str, dict] = {}
    for party in parties:
        seen.setdefault(party["id"], party)
    return list(seen.values())


def _day_start(day: dt.date | None) -> str | None:
    if day is None:
        return None
    return iso_datetime(timezone.make_aware(dt.datetime.combine(day, dt.time.min)))


def _day_end(day: dt.date | None) -> str | None:
    if day is None:
        return None
    return iso_datetime(timezone.make_aware(dt.datetime.combine(day, dt.time(23, 59, 59))))


STAGES = (
    ("piloting_at", "pilot", "试点启动 · pilot started"),
    ("deployed_at", "deployed", "部署完成 · deployed"),
    ("accepted_at", "accepted", "验收 · accepted"),
)


def _stage_milestones(engagement: Engagement) -> list[dict]:
    return [
        {
            "id": f"sce-contract-{engagement.pk}-{code}",
            "title": title,
            "type": "delivery",
            "status": "met",
            "dateMet": iso_datetime(getattr(engagement, attribute)),
        }
        for attribute, code, title in STAGES
        if getattr(engagement, attribute) is not None
    ]


def _metric_id(kpi_pk: int) -> str:
    return f"sce-kpi-{kpi_pk}"


def _unit(name: str) -> dict[str, str] | None:
    return {"name": name} if name else None


def _kpi_target(kpi) -> dict:
    """A KPI row as a Metrics-extension target: its baseline and its target (by its due date) as observations."""
    metric_id = _metric_id(kpi.pk)
    observations = []
    if kpi.baseline:
        observations.append(
            {
                "id": f"{metric_id}-baseline",
                "measure": kpi.baseline,
                "unit": _unit(kpi.unit),
                "dimensions": {"observationType": "baseline"},
            }
        )
    observations.append(
        {
            "id": f"{metric_id}-target",
            "measure": kpi.target,
            "unit": _unit(kpi.unit),
            "period": {"endDate": _day_end(kpi.due_date)},
            "dimensions": {"observationType": "target"},
        }
    )
    return {"id": metric_id, "title": kpi.indicator, "description": kpi.method, "observations": observations}


MET = {True: "目标已达成 · target met", False: "目标未达成 · target not met"}


def _kpi_result(engagement: Engagement, result: KpiResult) -> dict:
    """An accepted engagement's result as a Metrics-extension metric (the id of the tender's target for the same
    KPI row), observed on the day it was reported and tied to the acceptance milestone."""
    kpi = result.kpi
    return {
        "id": _metric_id(kpi.pk) if kpi else f"sce-result-{result.pk}",
        "title": kpi.indicator if kpi else result.name,
        "observations": [
            {
                "id": f"sce-result-{result.pk}",
                "measure": result.result,
                "unit": _unit(kpi.unit if kpi else ""),
                "period": {"endDate": _day_end(result.measured_at)},
                "dimensions": {"observationType": "result"},
                "notes": MET.get(result.met) if result.met is not None else None,
                "relatedImplementationMilestone": {
                    "id": f"sce-contract-{engagement.pk}-accepted",
                    "title": STAGES[-1][2],
                },
            }
        ],
    }


def _case_documents(engagement: Engagement, base_url: str) -> list[dict]:
    case = getattr(engagement, "replicable_case", None)
    if case is None:
        return []
    return [
        {
            "id": f"sce-case-{case.pk}",
            # The case reports what the pilot achieved against its milestones and KPIs once it was accepted.
            "documentType": "physicalProgressReport",
            "title": f"可复制可推广案例 · replicable case: {case.title}",
            "url": base_url + reverse("proposals:case-detail", args=[case.pk]),
            "format": "text/html",
            "datePublished": iso_datetime(case.published_at),
            "dateModified": iso_datetime(case.updated_at),
        }
    ]


def release_package(scenario: Scenario, award: Award | None, *, base_url: str, uri: str) -> dict[str, Any]:
    """The OCDS 1.1 release package of a published scenario (``selectors.ocds_scenario`` fetches both
    arguments). ``uri`` is the package's own absolute address; ``publishedDate`` is the latest release's date
    (the package is generated on demand, so that is when its content last changed)."""
    releases = _Package(scenario, award, base_url).releases()
    info = publisher(base_url)
    return _clean(
        {
            "uri": uri,
            "version": OCDS_VERSION,
            "publishedDate": max(release["date"] for release in releases),
            "publisher": {"name": info["name"], "uri": info["url"]},
            "license": LICENCE["url"],
            "publicationPolicy": base_url + reverse("opendata:index") + "#ocds",
            "extensions": list(validation.EXTENSIONS),
            "releases": releases,
        }
    )
