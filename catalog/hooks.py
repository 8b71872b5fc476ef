"""Callbacks other apps register to hear about catalog changes, without the catalog importing them.

The catalog sits below ``matching`` in the layering, so it cannot call the matching app. Instead the services
call :func:`scenario_changed` / :func:`solution_changed` after a publish, edit, archive or cancel, and the
callbacks run once the surrounding transaction has committed (so they see the committed row, and a rolled-back
change notifies nobody). ``matching.apps.MatchingConfig.ready()`` appends its callbacks to the lists below.

A callback receives the primary key and an ``event`` string (``"published"``, ``"edited"``, ``"archived"``,
``"cancelled"``, ``"closed"``, ``"status"``); it must not raise for ordinary data.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from django.db import transaction

from core import pagecache

Callback = Callable[[int, str], None]

on_scenario_changed: list[Callback] = []
on_solution_changed: list[Callback] = []
# Called with the question's primary key and ``"answered"`` once an answer is committed.
on_question_answered: list[Callback] = []
# Asked, inside the transaction, before an open call is closed early: each returns a reason to refuse (or "").
# The proposals app answers "a proposal has been submitted" — the catalog cannot see proposals itself.
close_early_vetoes: list[Callable[[int], str]] = []
# Asked, inside the transaction, before a piloting scenario is completed: each returns a reason to refuse (or "").
# The proposals app answers "an engagement is still running".
complete_vetoes: list[Callable[[int], str]] = []


def _fire(callbacks: list[Callback], pk: int, event: str) -> None:
    # Public pages and API lists show the change at once (the cache is dropped after the commit).
    pagecache.invalidate()
    for callback in list(callbacks):
        transaction.on_commit(functools.partial(callback, pk, event))


def scenario_changed(pk: int, event: str) -> None:
    _fire(on_scenario_changed, pk, event)


def solution_changed(pk: int, event: str) -> None:
    _fire(on_solution_changed, pk, event)


# Asked by confirmation pages: each returns sentences on who else an action on a scenario affects (``"close"``,
# ``"cancel"``), e.g. that every firm with a proposal will be told. Never a count: before the deadline the owner
# office learns only how many proposals were submitted. Read-only.
effect_describers: list[Callable[[int, str], list[str]]] = []


def describe_effects(pk: int, action: str) -> list[str]:
    return [line for describe in list(effect_describers) for line in describe(pk, action)]


def _first_refusal(vetoes: list[Callable[[int], str]], pk: int) -> str:
    for veto in list(vetoes):
        reason = veto(pk)
        if reason:
            return reason
    return ""


def close_early_refusal(pk: int) -> str:
    """The first reason a layer above gives for keeping the call open until its deadline, or ""."""
    return _first_refusal(close_early_vetoes, pk)


def complete_refusal(pk: int) -> str:
    """The first reason a layer above gives for not completing the scenario yet, or ""."""
    return _first_refusal(complete_vetoes, pk)


def question_answered(pk: int) -> None:
    _fire(on_question_answered, pk, "answered")
