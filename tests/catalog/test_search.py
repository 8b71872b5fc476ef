import pytest

from catalog import selectors
from catalog.concepts import site_vocabulary
from catalog.models import Scenario, Solution
from tests.factories import ScenarioFactory, SolutionFactory

S = Scenario.Status


def _titles(queryset):
    return sorted(queryset.values_list("title", flat=True))


@pytest.fixture
def scenarios(county):
    ScenarioFactory(owner=county, status=S.OPEN, title="乡镇卫生院远程医疗服务", summary="基层看病难")
    ScenarioFactory(owner=county, status=S.OPEN, title="城乡公交智能调度", problem_statement="早晚高峰运力紧张")
    ScenarioFactory(owner=county, status=S.OPEN, title="Smart street lighting retrofit", summary="LED and dimming")
    ScenarioFactory(owner=county, status=S.OPEN, title="基层诊疗能力提升", capabilities=["telemedicine"])


def test_search_finds_chinese_substrings_in_unsegmented_text(scenarios):
    assert _titles(selectors.search(Scenario.objects.all(), "卫生院")) == ["乡镇卫生院远程医疗服务"]
    assert _titles(selectors.search(Scenario.objects.all(), "运力")) == ["城乡公交智能调度"]


def test_search_finds_english_words_case_and_width_insensitively(scenarios):
    assert _titles(selectors.search(Scenario.objects.all(), "LIGHTING")) == ["Smart street lighting retrofit"]
    assert _titles(selectors.search(Scenario.objects.all(), "ｄｉｍｍｉｎｇ")) == ["Smart street lighting retrofit"]


def test_search_crosses_languages_through_capability_synonyms(scenarios):
    # The first says 远程医疗 in its text; the last is tagged with the capability only.
    assert _titles(selectors.search(Scenario.objects.all(), "telemedicine")) == [
        "乡镇卫生院远程医疗服务",
        "基层诊疗能力提升",
    ]
    assert _titles(selectors.search(Scenario.objects.all(), "telehealth")) == [
        "乡镇卫生院远程医疗服务",
        "基层诊疗能力提升",
    ]
    assert _titles(selectors.search(Scenario.objects.all(), "智慧路灯")) == ["Smart street lighting retrofit"]


def test_search_terms_combine_with_and(scenarios):
    assert _titles(selectors.search(Scenario.objects.all(), "远程医疗 卫生院")) == ["乡镇卫生院远程医疗服务"]
    assert _titles(selectors.search(Scenario.objects.all(), "远程医疗 公交")) == []


def test_search_ignores_empty_queries_and_like_wildcards(scenarios):
    assert selectors.search(Scenario.objects.all(), "   ").count() == 4
    assert selectors.search(Scenario.objects.all(), "%").count() == 0
    assert selectors.search(Scenario.objects.all(), "_").count() == 0


def test_search_solutions_by_english_synonym_of_chinese_text(firm):
    SolutionFactory(owner=firm, title="县域互联网医院平台")
    SolutionFactory(owner=firm, title="智慧停车云")
    assert _titles(selectors.search(Solution.objects.all(), "remote consultation")) == ["县域互联网医院平台"]


def test_site_vocabulary_maps_tags_and_text_by_the_tagging_rule():
    vocabulary = site_vocabulary().vocabulary
    assert vocabulary.concepts_in("Telehealth") == ["telemedicine"]
    assert vocabulary.concepts_in("远程医疗平台") == ["telemedicine"]
    assert vocabulary.concepts_in("完全无关") == []
    assert "smart_parking" in vocabulary.concepts_in("主城区智慧停车管理")
    assert "ppp" not in vocabulary.concepts_in("apppp")
