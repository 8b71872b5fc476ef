"""The seams other apps plug into: reference cases from the proposals app, the replication push."""

from __future__ import annotations

import sys
import types

import pytest
from django.apps import apps

from matching import selectors

pytestmark = pytest.mark.django_db


def test_reference_cases_are_empty_without_the_proposals_app(radiology):
    assert not apps.is_installed("matching.proposals")
    assert selectors.reference_cases_for(radiology) == []


def test_reference_cases_come_from_the_proposals_selector_when_installed(radiology, monkeypatch):
    calls = []
    fake = types.ModuleType("matching.proposals.selectors")
    fake.reference_cases_similar_to = lambda scenario: calls.append(scenario) or ["参考案例：泰兴远程影像"]
    monkeypatch.setitem(sys.modules, "matching.proposals", types.ModuleType("matching.proposals"))
    monkeypatch.setitem(sys.modules, "matching.proposals.selectors", fake)
    real = apps.is_installed
    monkeypatch.setattr(apps, "is_installed", lambda name: name == "matching.proposals" or real(name))

    assert selectors.reference_cases_for(radiology) == ["参考案例：泰兴远程影像"]
    assert calls == [radiology]


def test_draft_edits_do_not_trigger_a_recompute(county, alice, django_capture_on_commit_callbacks, monkeypatch):
    from catalog import services as catalog_services
    from matching import services
    from tests.matching.conftest import radiology_scenario

    runs = []
    monkeypatch.setattr(services, "_sync", lambda: runs.append(1))
    draft = radiology_scenario(county)

    with django_capture_on_commit_callbacks(execute=True):
        catalog_services.scenario_update(scenario=draft, actor=alice, title="改个标题")

    assert runs == []
