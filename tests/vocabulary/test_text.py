"""Normalisation: the matching form (normalize) and the search form (fold)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from vocabulary import fold, normalize, stem_word


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


def test_fold_keeps_punctuation_and_positions_but_folds_width_case_and_traditional_characters():
    assert fold("  遠程醫療，ＡＩ　Camera\n100%  ") == "远程医疗,ai camera 100%"
    assert fold("") == ""


@given(st.text(max_size=300))
def test_normalize_is_idempotent_and_clean(text):
    once = normalize(text)
    assert normalize(once) == once
    assert once == once.strip()
    assert "  " not in once


@given(st.text(max_size=300))
def test_fold_is_idempotent_and_a_query_folded_alike_is_found_in_the_text(text):
    once = fold(text)
    assert fold(once) == once
    assert fold(text[: len(text) // 2]).strip() in once or not once
