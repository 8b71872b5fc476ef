"""Factories for proposals and the catalog objects they need. Scenarios and solutions are created directly in
the state a test names (open, past its deadline, …), so tests of this app do not depend on the catalog's
lifecycle rules beyond what they exercise."""

from __future__ import annotations

import datetime as dt
import itertools

from django.utils import timezone

from catalog.concepts import sync_capabilities, sync_domains
from catalog.models import Capability, Domain, EvaluationCriterion, Scenario, Solution
from proposals.models import Proposal
from vocabulary import load_concepts

_serial = itertools.count(1)

# Three criteria whose weights sum to 100; tests refer to them by position.
DEFAULT_CRITERIA = [("技术方案 Technical approach", 50), ("价格 Price", 30), ("本地服务 Local service", 20)]


def domain(code: str = "health") -> Domain:
    """A seeded domain; reloaded after transactional tests flushed the tables."""
    found = Domain.objects.filter(code=code).first()
    if found is None:
        sync_domains(Domain)
        sync_capabilities(Capability, Domain, load_concepts())
        found = Domain.objects.get(code=code)
    return found


def capability(code: str) -> Capability:
    domain()
    return Capability.objects.get(code=code)


def scenario(
    *,
    owner,
    status: str = Scenario.Status.OPEN,
    deadline: dt.datetime | None = None,
    title: str | None = None,
    domain_code: str = "health",
    capabilities: tuple[str, ...] = ("telemedicine",),
    criteria=DEFAULT_CRITERIA,
) -> Scenario:
    n = next(_serial)
    now = timezone.now()
    item = Scenario.objects.create(
        owner=owner,
        county=owner.region,
        title=title or f"远程会诊试点 {n}",
        problem_statement="乡镇卫生院缺少专科医生。",
        domain=domain(domain_code),
        budget_min=500_000,
        budget_max=2_000_000,
        deadline=deadline or now + dt.timedelta(days=7),
        status=status,
        published_at=None if status == Scenario.Status.DRAFT else now - dt.timedelta(days=10),
    )
    item.capabilities.set([capability(c) for c in capabilities])
    EvaluationCriterion.objects.bulk_create(
        EvaluationCriterion(scenario=item, name=name, weight=weight, position=i)
        for i, (name, weight) in enumerate(criteria)
    )
    return item


def solution(*, firm, title: str | None = None, status: str = Solution.Status.PUBLISHED) -> Solution:
    n = next(_serial)
    item = Solution.objects.create(
        owner=firm,
        title=title or f"云会诊平台 {n}",
        summary="县乡村三级远程会诊。",
        status=status,
        published_at=timezone.now() if status == Solution.Status.PUBLISHED else None,
    )
    item.domains.set([domain("health")])
    return item


def proposal(
    *,
    scenario: Scenario,
    firm,
    price: int = 1_000_000,
    status: str = Proposal.Status.SUBMITTED,
    solutions=None,
    submitted_at: dt.datetime | None = None,
    approach: str = "分阶段上线，先试点三个乡镇。",
) -> Proposal:
    """A proposal saved directly (no deadline check): for arranging states, not for testing submission."""
    item = Proposal.objects.create(
        scenario=scenario,
        firm=firm,
        approach=approach,
        price=price,
        status=status,
        version=1 if status != Proposal.Status.DRAFT else 0,
        declares_no_conflict=True,
        declares_data_security=True,
        submitted_at=(submitted_at or timezone.now()) if status != Proposal.Status.DRAFT else None,
    )
    item.solutions.set(solutions if solutions is not None else [solution(firm=firm)])
    return item
