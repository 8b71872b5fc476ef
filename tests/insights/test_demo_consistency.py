"""The demo tells a consistent story across apps (issue 10, item 7): every status agrees with its dates.

Runs ``seed_demo`` once and checks, over every app's demo rows (catalog, matching, proposals, the gap monitor's
history): no awarded, piloting or completed scenario with a deadline still to come; none without an award; a
piloting or completed scenario has an engagement in that state; no proposal submitted after its deadline; no
award decided before the deadline or in the future; no scenario published after its deadline.
"""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from catalog.models import Scenario
from proposals.models import Award, Engagement, Proposal

S = Scenario.Status


@pytest.fixture
def seeded(db, settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())
    return timezone.now()


def test_demo_statuses_agree_with_their_dates(seeded):
    now = seeded
    later = Scenario.objects.filter(status__in=(S.AWARDED, S.PILOTING, S.COMPLETED))
    assert later.count() > 0
    assert [s.external_ref for s in later.filter(deadline__gt=now)] == []
    assert [s.external_ref for s in later.filter(award__isnull=True)] == []
    piloting_without = later.filter(status=S.PILOTING).exclude(
        engagements__status=Engagement.Status.PILOTING, engagements__piloting_at__lte=now
    )
    assert [s.external_ref for s in piloting_without] == []
    completed_without = later.filter(status=S.COMPLETED).exclude(
        engagements__status=Engagement.Status.ACCEPTED, engagements__accepted_at__lte=now
    )
    assert [s.external_ref for s in completed_without] == []

    late = [
        (p.scenario.external_ref, p.firm.name_zh)
        for p in Proposal.objects.filter(status=Proposal.Status.SUBMITTED).select_related("scenario", "firm")
        if p.submitted_at is None or p.submitted_at > p.scenario.deadline
    ]
    assert late == []

    awards = Award.objects.select_related("scenario")
    assert [a.scenario.external_ref for a in awards if a.decided_at < a.scenario.deadline] == []
    assert [a.scenario.external_ref for a in awards if a.decided_at > now] == []
    assert [a.scenario.external_ref for a in awards if a.status == Award.Status.FINAL and a.finalised_at is None] == []

    published = Scenario.objects.filter(published_at__isnull=False, deadline__isnull=False)
    assert [s.external_ref for s in published if s.published_at > s.deadline] == []


def test_demo_outcomes_follow_the_acceptance_rules(seeded):
    """Every published call states a KPI; every accepted pilot (the gap monitor's history too) has a result for
    each KPI row, its replicable case and a verified deployment; no deployment is verified without a case."""
    from catalog.models import Deployment
    from proposals.models import ReplicableCase

    assert [s.external_ref for s in Scenario.objects.public().filter(kpis__isnull=True)] == []
    accepted = Engagement.objects.filter(status=Engagement.Status.ACCEPTED).select_related("scenario")
    assert accepted.count() > 2
    unreported = [
        e.scenario.external_ref
        for e in accepted
        if set(e.scenario.kpis.values_list("pk", flat=True))
        - set(e.kpis.exclude(result="").values_list("kpi", flat=True))
    ]
    assert unreported == []
    assert [e.scenario.external_ref for e in accepted.filter(replicable_case__isnull=True)] == []
    assert [
        e.scenario.external_ref for e in accepted if e.deployment is None or e.deployment.verification != "verified"
    ] == []
    verified = Deployment.objects.filter(verification=Deployment.Verification.VERIFIED)
    cased = {
        (c.engagement.solution_id, c.engagement.scenario.county_id)
        for c in ReplicableCase.objects.select_related("engagement__scenario")
    }
    assert [d.pk for d in verified if (d.solution_id, d.county_id) not in cased] == []


def test_demo_completed_exchanges_credit_hours_and_skills(seeded):
    """A completed exchange (the gap monitor's history too) ended on a date, credits hours within the 8-hour
    working-day ceiling, names its skills and has its certificate code."""
    from talent.models import Exchange
    from talent.services.exchanges import working_days

    completed = Exchange.objects.filter(status=Exchange.Status.COMPLETED).prefetch_related("skills")
    assert completed.count() > 1
    wrong = [
        e.pk
        for e in completed
        if e.ended_on is None
        or not e.credited_hours
        or e.credited_hours > 8 * working_days(e.start_date, e.ended_on)
        or not e.skills.all()
        or not e.certificate_code
        or (e.ended_on < e.end_date and not e.early_end_reason)
    ]
    assert wrong == []
