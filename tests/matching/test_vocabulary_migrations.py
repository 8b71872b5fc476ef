"""The data migrations that moved existing rows onto the vocabulary package: stored match reasons name domains as
pages do, and stored search text is folded like queries are."""

from __future__ import annotations

import sys

import pytest
from django.apps import apps
from django.db.migrations.loader import MigrationLoader

from catalog.models import Domain, Scenario
from tests.factories import ScenarioFactory, SuggestionFactory

pytestmark = pytest.mark.django_db


def _module(app: str, name: str):
    migration = MigrationLoader(None, ignore_no_migrations=True).get_migration(app, name)
    return sys.modules[type(migration).__module__]


REASONS = _module("matching", "0003_domain_reasons_use_vocabulary_names")
SEARCH_TEXT = _module("catalog", "0005_domains_and_search_text_from_vocabulary")


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("同属领域：市政公用、农业农村", "同属领域：城市管理、农业农村与数字乡村"),
        ("同属领域：工业", "同属领域：工业互联网"),
        ("same domain: municipal, government services", "same domain: Municipal services, Government services"),
        ("同属领域：城市管理", "同属领域：城市管理"),  # already new: unchanged
        ("same domain: Culture & tourism", "same domain: Culture & tourism"),
        ("共享能力：远程医疗", "共享能力：远程医疗"),  # other reasons untouched
    ],
)
def test_old_domain_reasons_take_the_names_pages_show(old, new):
    assert REASONS.renamed(old) == new


def test_stored_suggestions_are_rewritten_and_other_reasons_kept(county, firm):
    suggestion = SuggestionFactory(reasons=["共享能力：智慧路灯", "同属领域：市政公用", "报价在预算内"])

    REASONS.forwards(apps, None)

    suggestion.refresh_from_db()
    assert suggestion.reasons == ["共享能力：智慧路灯", "同属领域：城市管理", "报价在预算内"]


def test_stored_search_text_is_folded_and_domains_renamed(county):
    scenario = ScenarioFactory(owner=county, title="遠程醫療")
    Scenario.objects.filter(pk=scenario.pk).update(search_text="遠程醫療 ai")
    Domain.objects.filter(code="municipal").update(name_zh="市政公用")

    SEARCH_TEXT.forwards(apps, None)

    assert Scenario.objects.get(pk=scenario.pk).search_text == "远程医疗 ai"
    assert Domain.objects.get(code="municipal").name_zh == "城市管理"
