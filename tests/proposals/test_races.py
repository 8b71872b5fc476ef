"""Races on PostgreSQL with real concurrent connections: two tabs submitting at once, and submissions racing the
deadline. SQLite serialises writers, so these run only on PostgreSQL."""

from __future__ import annotations

import datetime as dt
import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone, translation

from directory.models import Membership
from proposals import services
from proposals.models import Proposal, ProposalRevision
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory
from tests.factories import proposal_factories as pf

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs real concurrent connections (PostgreSQL)"),
]

FIELDS = {"approach": "方案", "declares_no_conflict": True, "declares_data_security": True}


def _run_together(calls):
    """Run the callables in threads released at once by a barrier; return each result or exception."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def worker(index, call):
        translation.activate("en")  # activation is per thread; the messages are asserted in English
        try:
            barrier.wait()
            results[index] = call()
        except Exception as exc:
            results[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    return results


def _firm_admin(name):
    firm = OrganizationFactory(firm=True, name_zh=name)
    user = UserFactory(username=f"u-{name}")
    MembershipFactory(user=user, organization=firm, role=Membership.Role.ADMIN)
    return firm, user


def test_two_tabs_submitting_at_once_make_one_proposal():
    county = OrganizationFactory()
    scenario = pf.scenario(owner=county, deadline=timezone.now() + dt.timedelta(hours=1))
    firm, user = _firm_admin("双标签科技")
    solution = pf.solution(firm=firm)

    def submit(price):
        return lambda: services.proposal_create(
            actor=user, scenario=scenario, solutions=[solution], price=price, submit=True, **FIELDS
        )

    results = _run_together([submit(100), submit(200), submit(300), submit(400)])
    created = [r for r in results if isinstance(r, Proposal)]
    refused = [r for r in results if isinstance(r, ValidationError)]
    assert (len(created), len(refused)) == (1, 3), results
    assert all("already has an active proposal" in r.messages[0] for r in refused)
    assert Proposal.objects.count() == 1
    assert ProposalRevision.objects.count() == 1


def test_submissions_racing_the_deadline_are_accepted_only_before_it():
    county = OrganizationFactory()
    scenario = pf.scenario(owner=county, deadline=timezone.now() + dt.timedelta(hours=1))
    bidders = []
    for i in range(8):
        firm, user = _firm_admin(f"竞速科技{i}")
        bidders.append((user, pf.solution(firm=firm)))
    # Set the deadline only now, so slow set-up cannot eat into the window.
    deadline = scenario.deadline = timezone.now() + dt.timedelta(seconds=1.2)
    scenario.save(update_fields=["deadline"])

    def late(delay, user, solution):
        def call():
            time.sleep(delay)
            return services.proposal_create(
                actor=user, scenario=scenario, solutions=[solution], price=1000, submit=True, **FIELDS
            )

        return call

    # Spread over 0.0 … 2.1 s: the deadline falls in the middle.
    results = _run_together([late(i * 0.3, user, solution) for i, (user, solution) in enumerate(bidders)])
    accepted = [r for r in results if isinstance(r, Proposal)]
    refused = [r for r in results if isinstance(r, ValidationError)]
    assert len(accepted) + len(refused) == 8, results
    assert accepted and refused
    assert all(p.submitted_at < deadline for p in accepted)
    assert all("deadline for proposals passed" in r.messages[0] for r in refused)
    assert Proposal.objects.count() == len(accepted)
    # Early bidders won, late ones lost: no interleaving beyond the deadline.
    outcome = [isinstance(r, Proposal) for r in results]
    assert outcome == sorted(outcome, reverse=True)


def test_revisions_racing_the_deadline_keep_only_accepted_ones():
    county = OrganizationFactory()
    scenario = pf.scenario(owner=county, deadline=timezone.now() + dt.timedelta(hours=1))
    firm, user = _firm_admin("改价科技")
    proposal = services.proposal_create(
        actor=user, scenario=scenario, solutions=[pf.solution(firm=firm)], price=1000, submit=True, **FIELDS
    )
    deadline = scenario.deadline = timezone.now() + dt.timedelta(seconds=1.0)
    scenario.save(update_fields=["deadline"])

    def revise(delay, price):
        def call():
            time.sleep(delay)
            return services.proposal_update(proposal=proposal, actor=user, price=price)

        return call

    results = _run_together([revise(i * 0.3, 2000 + i) for i in range(6)])
    accepted = [r for r in results if isinstance(r, Proposal)]
    refused = [r for r in results if isinstance(r, ValidationError)]
    assert accepted and refused and len(accepted) + len(refused) == 6, results
    proposal.refresh_from_db()
    revisions = list(ProposalRevision.objects.filter(proposal=proposal).order_by("number"))
    assert len(revisions) == 1 + len(accepted)
    assert all(r.at < deadline for r in revisions)
    assert proposal.price == revisions[-1].snapshot["price"]
