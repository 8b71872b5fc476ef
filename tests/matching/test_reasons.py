"""Match reasons are stored as codes with parameters and rendered in the reader's language: a Chinese scenario's
reasons read in English for an English reader, and the words each side typed are quoted as typed."""

from __future__ import annotations

import pytest
from django.utils import translation

from matching import services
from matching.models import Suggestion
from matching.reasons import reason_text, reason_texts, rests_on_wording

CONCEPTS = {
    "code": "concepts",
    "items": [
        {"concept": "teleradiology", "zh": "远程影像诊断", "en": "Teleradiology", "left": "远程阅片", "right": "PACS"},
        {"concept": "telemedicine", "zh": "远程医疗", "en": "Telemedicine", "left": None, "right": None},
    ],
}


@pytest.mark.parametrize(
    ("reason", "zh", "en"),
    [
        (
            CONCEPTS,
            "共享能力：远程影像诊断（“远程阅片” ↔ “PACS”）、远程医疗",
            "shares: Teleradiology (“远程阅片” ↔ “PACS”), Telemedicine",
        ),
        (
            {"code": "wording", "words": [["vaccination", "疫苗"], ["流浪", "流浪"]]},
            "文字相近：“vaccination” ↔ “疫苗”、“流浪”（无共同能力）",
            "similar wording: “vaccination” ↔ “疫苗”, “流浪” (no capability in common)",
        ),
        (
            {"code": "wording", "words": []},
            "仅凭文字相近（无共同能力）",
            "similar wording only (no capability in common)",
        ),
        ({"code": "domains", "domains": ["health", "municipal"]}, "同属领域：医疗健康、城市管理", "same domain: "),
        ({"code": "deployed_here"}, "已在本县部署", "already deployed in this county"),
        ({"code": "deployed_similar", "count": 1}, "已在1个相似县部署", "deployed in 1 similar county"),
        ({"code": "deployed_similar", "count": 3}, "已在3个相似县部署", "deployed in 3 similar counties"),
        ({"code": "budget_within"}, "报价在预算内", "price within budget"),
        ({"code": "budget_partly_above"}, "报价区间部分高于预算", "price range partly above the budget"),
        ({"code": "budget_above", "ratio": 1.5}, "起价约为预算上限的1.5倍", "starting price about 1.5× the budget"),
    ],
)
def test_each_reason_reads_in_the_readers_language(reason, zh, en):
    with translation.override("zh-hans"):
        assert reason_text(reason) == zh
    with translation.override("en"):
        assert reason_text(reason).startswith(en)
        assert not any("\u4e00" <= ch <= "\u9fff" for ch in reason_text(reason).split("“")[0])


def test_a_capability_named_as_typed_is_not_quoted_twice():
    item = {"concept": "street_lighting", "zh": "智慧路灯", "en": "Smart street lighting", "left": "智慧路灯"}
    with translation.override("zh-hans"):
        assert reason_text({"code": "concepts", "items": [{**item, "right": "智慧路灯"}]}) == "共享能力：智慧路灯"
    with translation.override("en"):
        # In English the Chinese words typed on both sides are still quoted: the label alone would hide them.
        assert reason_text({"code": "concepts", "items": [{**item, "right": "智慧路灯"}]}) == (
            "shares: Smart street lighting (“智慧路灯”)"
        )


def test_reasons_stored_as_text_before_codes_are_shown_as_they_are():
    assert reason_texts(["共享能力：远程医疗", {"code": "budget_within"}]) in (
        ["共享能力：远程医疗", "报价在预算内"],
        ["共享能力：远程医疗", "price within budget"],
    )
    assert rests_on_wording([{"code": "wording", "words": []}])
    assert not rests_on_wording([CONCEPTS, "共享能力：远程医疗"])


@pytest.mark.django_db
def test_a_chinese_scenarios_reasons_are_stored_as_codes_and_read_in_either_language(
    radiology, teleradiology, imaging_cloud, client_as, api_as, alice
):
    services.refresh_all()
    suggestion = Suggestion.objects.get(scenario=radiology, solution=teleradiology)
    assert all(isinstance(r, dict) and r["code"] for r in suggestion.reasons)  # data, in no language

    english = client_as(alice).get(f"/matching/scenarios/{radiology.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    chinese = client_as(alice).get(f"/matching/scenarios/{radiology.pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    chinese = chinese.content.decode()
    assert "shares: Teleradiology" in english and "共享能力" not in english
    assert "共享能力：远程影像诊断" in chinese and "shares:" not in chinese
    assert "price within budget" in english and "报价在预算内" in chinese

    for language, expected in (("en", "shares: Teleradiology"), ("zh-hans", "共享能力：远程影像诊断")):
        results = api_as(alice, language=language).get(f"/api/v1/scenarios/{radiology.pk}/suggestions/").json()
        row = next(r for r in results["results"] if r["solution"]["id"] == teleradiology.pk)
        assert row["reasons"][0].startswith(expected)
        assert row["reason_codes"] == suggestion.reasons
