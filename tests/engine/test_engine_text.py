from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from matching.engine.text import cjk_ngrams, normalize, stem_word, text_terms


def test_normalize_full_width_latin_folds_to_ascii():
    folded = normalize("ＰＡＣＳ　影像云")
    assert folded == normalize("PACS 影像云")
    assert folded.split()[0].isascii()


def test_normalize_traditional_characters_fold_to_simplified():
    assert normalize("遠程醫療與視頻會診") == normalize("远程医疗与视频会诊")


def test_normalize_british_and_american_spellings_meet():
    assert normalize("optimisation of kerbside parking centres") == normalize(
        "optimization of curbside parking centers"
    )


def test_normalize_emoji_and_punctuation_are_dropped():
    assert normalize("🚌 公交调度！！ (bus) ✅") == "公交调度 bus"


def test_normalize_separates_ascii_from_cjk():
    assert normalize("AI视频识别") == normalize("AI 视频识别")


def test_stem_word_keeps_short_and_numeric_tokens():
    assert stem_word("5g") == "5g"
    assert stem_word("bus") == "bus"
    assert stem_word("buses") == "bus"


def test_cjk_ngrams_drop_isolated_characters_unless_nothing_else():
    assert cjk_ngrams("等 停车场") == ["停车", "车场"]
    assert cjk_ngrams("县") == ["县"]


def test_text_terms_drop_stop_words_only_at_weighting_time():
    terms = text_terms(normalize("the smart parking system"))
    assert terms["parking"] == 1
    assert "the" in terms  # dropped later by stop_weight, not by tokenisation


@given(st.text(max_size=300))
def test_normalize_is_idempotent_and_clean(text):
    once = normalize(text)
    assert normalize(once) == once
    assert once == once.strip()
    assert "  " not in once
