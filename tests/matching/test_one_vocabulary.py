"""One vocabulary: the catalog's tagging and the engine's concepts agree on the same text, and a domain has the
same name on a page and in a match reason."""

from __future__ import annotations

import pytest

from catalog import services as catalog_services
from catalog.concepts import concepts_from_db, site_vocabulary
from catalog.models import Capability, Domain, Scenario
from matching import adapters, services
from matching.engine.features import Featurizer
from matching.engine.weights import DEFAULT_WEIGHTS
from matching.models import Suggestion
from tests.factories import ScenarioFactory, SolutionFactory
from tests.vocabulary.test_paraphrases import PARAPHRASES

pytestmark = pytest.mark.django_db

TEXTS = [
    *(text for text, _code in PARAPHRASES),
    "遠程醫療與視頻會診",  # traditional characters
    "ＡＩ视频巡检与智慧停车",  # full-width Latin, two concepts
    "Smart parking, kerbside charging and bus dispatch",
    "县域远程影像诊断中心，基层拍片、县医院阅片",
    "apppp",
    "完全无关的文字",
]


def test_catalog_tagging_and_engine_concepts_are_the_same_for_the_same_text():
    featurizer = Featurizer(concepts_from_db(), DEFAULT_WEIGHTS)
    vocabulary = site_vocabulary()
    code_of = dict(Capability.objects.values_list("pk", "code"))
    found_any = 0
    for text in TEXTS:
        tagged = {code_of[pk] for pk in catalog_services.map_tags(tags=[text], vocabulary=vocabulary)}
        from_title = {code_of[pk] for pk in vocabulary.capability_ids(text)}
        assert tagged == set(featurizer.vectorize(title="", tags=[text], description="").concepts), text
        assert from_title == set(featurizer.vectorize(title=text, tags=(), description="").concepts), text
        found_any += bool(tagged)
    assert found_any >= len(PARAPHRASES)  # every paraphrase names its concept, so the comparison is not vacuous


def test_a_scenario_tagged_by_the_catalog_has_the_concepts_the_engine_finds_in_its_tags(alice, county):
    tags = ["遠程醫療", "ＡＩ视频巡检", "kerbside charging", "完全无关"]
    scenario = catalog_services.scenario_create(
        actor=alice, owner=county, title="试点", tags=tags, domain=Domain.objects.get(code="health")
    )
    doc = adapters.scenario_doc(adapters.scenarios_for_engine(Scenario.objects.filter(pk=scenario.pk)).get())
    engine = Featurizer(concepts_from_db(), DEFAULT_WEIGHTS).vectorize(doc.title, doc.tags, doc.description)

    assert set(scenario.capabilities.values_list("code", flat=True)) == set(engine.concepts)
    assert len(engine.concepts) >= 3


@pytest.mark.parametrize(("language", "accept"), [("zh", "zh-hans"), ("en", "en")])
def test_a_domain_has_the_same_name_on_the_page_and_in_the_match_reason(
    client_as, alice, county, firm, language, accept
):
    municipal = Domain.objects.get(code="municipal")
    scenario = ScenarioFactory(
        owner=county,
        status=Scenario.Status.OPEN,
        domain=municipal,
        language=language,
        title="主城区智慧路灯改造",
        problem_statement="路灯能耗高、故障发现慢，希望按需调光并远程报修。",
        tags=["智慧路灯"],
        capabilities=["street_lighting"],
    )
    SolutionFactory(
        owner=firm,
        title="智慧路灯单灯控制系统",
        description="单灯控制、按需调光、故障自动上报。",
        tags=["智慧路灯", "单灯控制"],
        domains=["municipal"],
        capabilities=["street_lighting"],
    )
    services.refresh_all()
    name = municipal.name_zh if language == "zh" else municipal.name_en
    prefix = "同属领域：" if language == "zh" else "same domain: "

    reasons = Suggestion.objects.get(scenario=scenario).reasons
    page = client_as(alice).get(f"/scenarios/{scenario.pk}/", HTTP_ACCEPT_LANGUAGE=accept).content.decode()
    suggestions_page = (
        client_as(alice).get(f"/matching/scenarios/{scenario.pk}/", HTTP_ACCEPT_LANGUAGE=accept).content.decode()
    )

    assert {"code": "domains", "domains": ["municipal"]} in reasons
    assert name in page
    assert prefix + name in suggestions_page
    assert name == {"zh": "城市管理", "en": "Municipal services"}[language]
