"""Phrases that recur in published texts but name no capability are offered on the curation page, can be mapped
or dismissed, and never come from a draft."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from catalog.models import Capability, Scenario, Solution, UnmappedTag
from catalog.services import map_tags
from matching import curation
from tests.factories.catalog import ScenarioFactory, SolutionFactory

pytestmark = pytest.mark.django_db

PHRASE = "河道保洁"  # two dictionary words, no capability of the test vocabulary


@pytest.fixture
def texts(county, firm):
    from catalog.concepts import site_vocabulary

    assert not site_vocabulary().capability_ids(PHRASE)
    ScenarioFactory(owner=county, status=Scenario.Status.OPEN, summary=f"汛期{PHRASE}压力大，漂浮物清理不及时")
    ScenarioFactory(owner=county, status=Scenario.Status.OPEN, problem_statement=f"{PHRASE}点位分散，巡查靠人工")
    SolutionFactory(owner=firm, description=f"卫星热点识别{PHRASE}，十分钟内推送到乡镇")
    # The same phrase in a draft: not published, so it must not count or serve as the example.
    ScenarioFactory(owner=county, status=Scenario.Status.DRAFT, summary=f"草稿：{PHRASE}")
    SolutionFactory(owner=firm, status=Solution.Status.DRAFT, description=f"{PHRASE}草稿")


def _phrase() -> UnmappedTag:
    return UnmappedTag.objects.get(text=PHRASE)


def test_a_recurring_phrase_is_offered_with_the_number_of_published_documents_using_it(texts):
    assert curation.phrases_refresh() >= 1
    row = _phrase()
    assert row.source == UnmappedTag.Source.TEXT and row.count == 3
    example = row.example_scenario or row.example_solution
    assert example.published_at is not None and PHRASE in (
        example.summary + getattr(example, "problem_statement", "") + getattr(example, "description", "")
    )


def test_a_phrase_in_too_few_published_documents_is_not_offered(county, firm):
    ScenarioFactory(owner=county, status=Scenario.Status.OPEN, summary=f"{PHRASE}")
    SolutionFactory(owner=firm, description=f"{PHRASE}")
    ScenarioFactory(owner=county, status=Scenario.Status.DRAFT, summary=f"{PHRASE}")  # drafts do not count
    curation.phrases_refresh()
    assert not UnmappedTag.objects.filter(text=PHRASE).exists()


def test_a_phrase_a_capability_already_matches_is_not_offered(texts):
    lighting = Capability.objects.get(code="street_lighting")
    lighting.synonyms_zh = [*lighting.synonyms_zh, PHRASE]
    lighting.save(update_fields=["synonyms_zh"])
    curation.phrases_refresh()
    assert not UnmappedTag.objects.filter(text=PHRASE).exists()


def test_the_page_offers_the_phrase_beside_typed_tags_and_maps_or_dismisses_it(texts, client_as, pat):
    UnmappedTag.objects.create(text="路灯远程开关", count=1)
    curation.phrases_refresh()
    page = client_as(pat).get("/matching/tuning/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert PHRASE in page and "phrase in descriptions" in page and "typed tag" in page
    assert page.index(PHRASE) < page.index("路灯远程开关")  # 3 documents before 1 typing
    only_phrases = client_as(pat).get("/matching/tuning/?source=text").content.decode()
    assert PHRASE in only_phrases and "路灯远程开关" not in only_phrases

    response = client_as(pat).post("/matching/tuning/", {"action": "dismiss", "tag": _phrase().pk})
    assert response.status_code == 302 and _phrase().dismissed
    assert PHRASE not in client_as(pat).get("/matching/tuning/").content.decode()
    curation.phrases_refresh()  # the nightly run does not bring a dismissed phrase back
    assert _phrase().dismissed and PHRASE not in client_as(pat).get("/matching/tuning/").content.decode()


def test_mapping_a_phrase_makes_it_a_synonym_and_tags_the_documents_from_then_on(texts, client_as, pat):
    curation.phrases_refresh()
    lighting = Capability.objects.get(code="street_lighting")  # any capability: the curator decides
    client_as(pat).post("/matching/tuning/", {"action": "map", "tag": _phrase().pk, "capability": lighting.pk})
    lighting.refresh_from_db()
    assert PHRASE in lighting.synonyms_zh and _phrase().mapped_to == lighting
    assert map_tags(tags=[PHRASE]) == {lighting.pk}


@pytest.mark.parametrize("who", ["alice", "dave", "mallory"])
def test_only_the_provincial_office_dismisses(texts, client_as, request, who):
    curation.phrases_refresh()
    response = client_as(request.getfixturevalue(who)).post(
        "/matching/tuning/", {"action": "dismiss", "tag": _phrase().pk}
    )
    assert response.status_code == 403 and not _phrase().dismissed


def test_typing_a_mined_phrase_as_a_tag_counts_the_typing(texts):
    curation.phrases_refresh()
    map_tags(tags=[PHRASE])
    row = _phrase()
    assert row.source == UnmappedTag.Source.TAG and row.count == 1
    curation.phrases_refresh()  # a typed tag is left as it is
    assert _phrase().source == UnmappedTag.Source.TAG


def test_the_command_prints_what_it_offered(texts):
    out = StringIO()
    call_command("mine_unmatched_phrases", stdout=out)
    assert "phrases offered=" in out.getvalue() and PHRASE in out.getvalue()
