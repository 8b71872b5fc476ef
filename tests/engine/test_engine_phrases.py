"""Phrases that recur in texts and name no capability (matching.engine.phrases.mine): what is offered to curators."""

from __future__ import annotations

from matching.engine.phrases import mine

WORDS = {"摄像头", "报警", "自动", "停车", "车位", "停车位", "医院", "二级", "路灯", "遥感"}


def _docs(*texts: str) -> list[tuple[str, str]]:
    return [(f"d{i}", t) for i, t in enumerate(texts)]


def _texts(found) -> list[str]:
    return [p.text for p in found]


def test_a_phrase_in_enough_documents_is_offered_with_its_document_count_and_an_example():
    docs = _docs("路口装摄像头，夜间自动报警", "村口的摄像头坏了", "学校门口摄像头", "没有相关内容")
    found = mine(docs, covered=lambda text: False, words=WORDS, min_documents=3, max_share=1.0)
    assert ("摄像头", 3) in [(p.text, p.documents) for p in found]
    assert next(p for p in found if p.text == "摄像头").example == "d0"


def test_rarer_phrases_and_phrases_the_vocabulary_knows_are_left_out():
    docs = _docs("摄像头 路灯", "摄像头 路灯", "摄像头 路灯 遥感", "遥感")
    found = mine(docs, covered=lambda text: "路灯" in text, words=WORDS, min_documents=3, max_share=1.0)
    assert _texts(found) == ["摄像头"]  # 路灯 is covered, 遥感 is in two documents only


def test_a_fragment_seen_almost_only_inside_a_longer_phrase_is_reported_as_the_longer_one():
    docs = _docs("新建停车位", "停车位不足", "停车位引导", "路边停车位")
    found = _texts(mine(docs, covered=lambda text: False, words=WORDS, min_documents=3, max_share=1.0))
    assert "停车位" in found and "车位" not in found and "停车" not in found


def test_pieces_cut_across_dictionary_words_are_not_offered():
    docs = _docs("按时自动报警", "定时自动报警", "及时自动报警", "二级医院", "三级医院", "县级医院")
    found = _texts(mine(docs, covered=lambda text: False, words=WORDS, min_documents=3, max_share=1.0))
    assert "自动报警" in found
    assert "时自动" not in found and "级医院" not in found and "时自动报警" not in found


def test_generic_and_very_common_words_are_not_offered():
    texts = [f"online platform for item {i} with street cameras" for i in range(3)]
    texts += ["online booking through the website"] * 12
    found = _texts(mine(_docs(*texts), covered=lambda text: False, min_documents=3, max_share=0.2))
    assert "street cameras" in found
    assert "online" not in found  # in 15 of 15 documents: too general to name a capability
    assert not any(p.split()[0] in {"platform", "through", "the"} for p in found)


def test_english_plurals_are_one_phrase_shown_in_the_commoner_spelling():
    docs = _docs("bridge sensors installed", "new bridge sensors", "a bridge sensor", "the bridge sensors")
    found = mine(docs, covered=lambda text: False, min_documents=3, max_share=1.0)
    assert ("bridge sensors", 4) in [(p.text, p.documents) for p in found]


def test_punctuation_ends_a_phrase_and_traditional_characters_fold():
    docs = _docs("攝像頭，報警", "摄像头、报警", "摄像头。报警")
    found = _texts(mine(docs, covered=lambda text: False, words=WORDS, min_documents=3, max_share=1.0))
    assert "摄像头" in found and "报警" in found
    assert "摄像头报警" not in found


def test_the_list_is_most_widespread_first_and_capped():
    docs = _docs("路灯 遥感 摄像头", "路灯 遥感 摄像头", "路灯 遥感", "路灯 遥感", "路灯")
    found = mine(docs, covered=lambda text: False, words=WORDS, min_documents=2, max_share=1.0, limit=2)
    assert [(p.text, p.documents) for p in found] == [("路灯", 5), ("遥感", 4)]
