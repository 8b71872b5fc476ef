"""Concurrent lifecycle changes on PostgreSQL with real connections: exactly one wins, the audit trail shows one."""

import threading

import pytest
from django.db import connection, connections

from catalog import services
from catalog.models import Scenario, ScenarioTransition
from directory.models import Membership
from tests.factories import MembershipFactory, OrganizationFactory, ScenarioFactory, UserFactory, region

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks need PostgreSQL (SQLite serialises writers)"
    ),
]


def _run_concurrently(functions):
    barrier = threading.Barrier(len(functions))
    errors: list[Exception] = []

    def wrap(function):
        def run():
            try:
                barrier.wait()
                function()
            except Exception as exc:  # collected and asserted below
                errors.append(exc)
            finally:
                connections.close_all()

        return run

    threads = [threading.Thread(target=wrap(f)) for f in functions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def test_two_clerks_publishing_at_once_publish_once():
    office = OrganizationFactory(region=region("320583"))
    clerks = []
    for name in ("clerk_a", "clerk_b"):
        user = UserFactory(username=name)
        MembershipFactory(user=user, organization=office, role=Membership.Role.EDITOR)
        clerks.append(user)
    scenario = ScenarioFactory(owner=office)

    errors = _run_concurrently(
        [lambda u=u: services.scenario_publish(scenario=Scenario.objects.get(pk=scenario.pk), actor=u) for u in clerks]
    )
    assert len(errors) == 1
    assert ScenarioTransition.objects.filter(scenario=scenario, to_status="open").count() == 1
    assert Scenario.objects.get(pk=scenario.pk).status == "open"


def test_cron_close_and_award_at_once_leave_one_close_row():
    import datetime as dt

    from django.utils import timezone

    office = OrganizationFactory(region=region("320583"))
    admin = UserFactory(username="clerk_admin")
    MembershipFactory(user=admin, organization=office, role=Membership.Role.ADMIN)
    scenario = ScenarioFactory(owner=office, status="open")
    Scenario.objects.filter(pk=scenario.pk).update(deadline=timezone.now() - dt.timedelta(minutes=1))

    errors = _run_concurrently(
        [
            services.scenarios_close_expired,
            lambda: services.scenario_award(scenario=Scenario.objects.get(pk=scenario.pk), actor=admin),
        ]
    )
    assert errors == []
    assert list(ScenarioTransition.objects.filter(scenario=scenario).values_list("to_status", flat=True)) == [
        "evaluating",
        "awarded",
    ]
