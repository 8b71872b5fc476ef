"""Concurrent refreshes on PostgreSQL: both finish, the table ends as one refresh would leave it."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from matching import services
from matching.models import Suggestion
from tests.matching.conftest import imaging_cloud_solution, radiology_scenario, teleradiology_solution


@pytest.mark.django_db(transaction=True)
def test_concurrent_refreshes_do_not_collide(county, firm, other_firm):
    if connection.vendor != "postgresql":
        pytest.skip("needs real concurrent connections (PostgreSQL)")
    scenario = radiology_scenario(county, status="open")
    teleradiology_solution(firm)
    imaging_cloud_solution(other_firm)
    errors: list[BaseException] = []
    barrier = threading.Barrier(2)

    def worker():
        try:
            barrier.wait()
            services.refresh_all()
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert Suggestion.objects.filter(scenario=scenario).count() == 2
