"""The seams other apps plug into: reference cases from the layers above (matching.hooks), the replication push."""

from __future__ import annotations

import pytest

from matching import selectors

pytestmark = pytest.mark.django_db


def test_reference_cases_come_from_the_registered_providers(radiology, monkeypatch):
    from matching import hooks

    calls = []
    monkeypatch.setattr(
        hooks,
        "reference_case_providers",
        [lambda scenario: calls.append(scenario) or ["参考案例：泰兴远程影像"]],
    )

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
