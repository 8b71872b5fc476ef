"""The helpers every app uses to define and send background tasks (Celery).

* :func:`background_task` declares a task with the project's defaults: retried with exponential backoff and
  jitter on any error, at-least-once (so the body must be idempotent), arguments are primary keys.
* :func:`enqueue` sends a task once the surrounding transaction commits. A broker outage is logged and
  swallowed: the change is committed and a periodic job (outbox sweep, nightly recompute) catches up, so the
  request that caused the work is never answered with an error because of it.
* A task that fails after its last retry is stored as a :class:`core.models.TaskFailure` (admin, staff only).
"""

from __future__ import annotations

import functools
import logging
import traceback as tb
from collections.abc import Callable
from typing import Any

from celery import shared_task
from celery.signals import task_failure
from django.db import transaction

from core.models import TaskFailure

logger = logging.getLogger(__name__)

MAX_RETRIES = 5


def background_task(name: str, **options: Any) -> Callable:
    """``@background_task("app.name")``: a Celery task with the project's retry policy."""
    defaults: dict[str, Any] = {
        "name": name,
        "autoretry_for": (Exception,),
        "retry_backoff": 2,
        "retry_backoff_max": 600,
        "retry_jitter": True,
        "max_retries": MAX_RETRIES,
    }
    defaults.update(options)
    return shared_task(**defaults)


def _send(task, args: tuple) -> None:
    try:
        task.apply_async(args=args)
    except Exception:  # broker unreachable: the periodic jobs catch up
        logger.exception("could not queue %s%r; a periodic job will catch up", task.name, args)


def enqueue(task, *args: Any) -> None:
    """Run ``task(*args)`` in the background once the current transaction commits (at once outside one)."""
    transaction.on_commit(functools.partial(_send, task, args))


@task_failure.connect
def _record_failure(sender=None, task_id=None, exception=None, args=None, einfo=None, **_kwargs) -> None:
    try:
        TaskFailure.objects.create(
            task_name=getattr(sender, "name", str(sender))[:200],
            task_id=str(task_id or "")[:100],
            args=[a if isinstance(a, int | str | float | bool | None) else repr(a) for a in (args or [])],
            exception=repr(exception)[:5000],
            traceback=str(einfo or "".join(tb.format_exception(exception)))[:20000],
        )
    except Exception:  # the database itself may be why the task failed
        logger.exception("could not record the failure of task %s", task_id)
