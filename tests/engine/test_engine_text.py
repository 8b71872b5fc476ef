from __future__ import annotations

from matching.engine.text import cjk_ngrams, text_terms
from vocabulary import normalize


def test_cjk_ngrams_drop_isolated_characters_unless_nothing_else():
    assert cjk_ngrams("等 停车场") == ["停车", "车场"]
    assert cjk_ngrams("县") == ["县"]


def test_text_terms_drop_stop_words_only_at_weighting_time():
    terms = text_terms(normalize("the smart parking system"))
    assert terms["parking"] == 1
    assert "the" in terms  # dropped later by stop_weight, not by tokenisation
