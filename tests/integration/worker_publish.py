"""Run by tests/integration/test_celery_worker.py in its own process, against a file database and a real broker.

``setup`` migrates and creates a county office, a firm with a published solution and a draft scenario (no task is
sent: factories bypass the services). ``publish`` publishes the scenario through the catalog service — its refresh
task goes to the broker, not run here — and waits for a worker to store its suggestions. Prints one JSON line.
"""

from __future__ import annotations

import json
import sys
import time

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402

from catalog.models import Scenario, Solution  # noqa: E402
from catalog.services import scenario_publish  # noqa: E402
from config.celery import app  # noqa: E402
from directory.models import Membership, Organization  # noqa: E402
from matching.models import Suggestion  # noqa: E402
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory  # noqa: E402
from tests.matching.conftest import imaging_cloud_solution, radiology_scenario, teleradiology_solution  # noqa: E402


def setup() -> dict:
    call_command("migrate", verbosity=0)
    county = OrganizationFactory(name_zh="昆山市数据局", name_en="Kunshan Data Bureau")
    firm = OrganizationFactory(kind=Organization.Kind.FIRM, name_zh="测试科技", name_en="Test Tech")
    alice = UserFactory(username="alice")
    MembershipFactory(user=alice, organization=county, role=Membership.Role.ADMIN)
    teleradiology_solution(firm)
    imaging_cloud_solution(firm)
    scenario = radiology_scenario(county)
    return {"scenario": scenario.pk, "solutions": Solution.objects.count()}


def publish(pk: int, wait: float) -> dict:
    assert not app.conf.task_always_eager and settings.CELERY_BROKER_URL
    scenario = Scenario.objects.get(pk=pk)
    alice = scenario.owner.memberships.get().user  # the office's admin
    started = time.monotonic()
    scenario_publish(scenario=scenario, actor=alice)
    stored_at_once = Suggestion.objects.filter(scenario_id=pk).count()
    while time.monotonic() - started < wait:
        found = list(Suggestion.objects.filter(scenario_id=pk).values_list("solution_id", flat=True))
        if found:
            return {"at_once": stored_at_once, "suggested": len(found), "seconds": time.monotonic() - started}
        time.sleep(0.2)
    return {"at_once": stored_at_once, "suggested": 0, "seconds": None}


if __name__ == "__main__":
    if sys.argv[1] == "setup":
        print(json.dumps(setup()))
    else:
        print(json.dumps(publish(int(sys.argv[2]), float(sys.argv[3]))))
