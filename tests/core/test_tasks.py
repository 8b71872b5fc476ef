"""Background tasks: retried, failures visible to staff, periodic jobs scheduled."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

from config.celery import app
from core.background import background_task
from core.models import TaskFailure

calls: list[int] = []


@background_task("tests.flaky", max_retries=3)
def flaky(pk: int) -> str:
    calls.append(pk)
    if len(calls) < 3:
        raise ConnectionError("database restarting")
    return "done"


@background_task("tests.broken", max_retries=2)
def broken(pk: int) -> None:
    calls.append(pk)
    raise ValueError("a bug")


@pytest.fixture(autouse=True)
def _reset():
    calls.clear()


@pytest.mark.django_db
def test_a_task_is_retried_until_it_succeeds():
    result = flaky.apply(args=(7,))
    assert result.get() == "done"
    assert calls == [7, 7, 7]
    assert TaskFailure.objects.count() == 0


@pytest.mark.django_db
def test_a_task_failing_after_its_last_retry_is_shown_to_staff_only(client, django_user_model):
    broken.apply(args=(42,))
    assert calls == [42, 42, 42]  # the first run and two retries
    failure = TaskFailure.objects.get()
    assert (failure.task_name, failure.args) == ("tests.broken", [42])
    assert "a bug" in failure.exception and "ValueError" in failure.traceback

    url = reverse("admin:core_taskfailure_changelist")
    staff = django_user_model.objects.create_superuser("ops", "ops@example.com", "pw")
    client.force_login(staff)
    page = client.get(url)
    assert page.status_code == 200
    assert "tests.broken" in page.content.decode()
    visitor = django_user_model.objects.create_user("visitor", "v@example.com", "pw")
    client.force_login(visitor)
    assert client.get(url).status_code == 302  # to the admin login


def test_every_scheduled_job_names_a_registered_task():
    app.loader.import_default_modules()
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert scheduled == {
        "catalog.close_expired_scenarios",
        "core.deliver_outbox",
        "core.send_daily_digests",
        "proposals.send_reminders",
        "proposals.finalise_awards",
        "matching.full_recompute",
        "matching.refresh_unmatched_phrases",
        "core.forget_old_records",
        "insights.refresh",
    }
    assert scheduled <= set(app.tasks)


def test_without_a_broker_tasks_run_in_process():
    assert app.conf.task_always_eager is True
