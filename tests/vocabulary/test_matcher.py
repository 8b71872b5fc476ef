from __future__ import annotations

import json
import re
from collections import Counter

from vocabulary import DATA_FILE, DOMAIN_CODES, ConceptMatcher, normalize

VOCABULARY = DATA_FILE


def test_matcher_longest_surface_form_wins(small_vocabulary):
    matcher = ConceptMatcher(small_vocabulary)
    assert matcher.count("减少温室气体排放") == Counter({"carbon": 1})
    assert matcher.count("greenhouse gas reporting") == Counter({"carbon": 1})
    assert matcher.count("蔬菜温室") == Counter({"greenhouse": 1})


def test_matcher_ascii_forms_match_whole_words_only(small_vocabulary):
    matcher = ConceptMatcher(small_vocabulary)
    assert matcher.count("solar farm and radar") == Counter()
    assert matcher.count("an AR guide") == Counter({"ar_vr": 1})
    assert matcher.count("AR导览") == Counter({"ar_vr": 1})


def test_matcher_hits_report_offsets_in_normalised_text(small_vocabulary):
    matcher = ConceptMatcher(small_vocabulary)
    norm = normalize("建设远程阅片中心")
    hits = matcher.find(norm, normalized=True)
    assert [(h.code, norm[h.start : h.end]) for h in hits] == [("teleradiology", "远程阅片")]


def test_vocabulary_file_has_the_agreed_format():
    items = json.loads(VOCABULARY.read_text(encoding="utf-8"))
    assert len(items) >= 180
    keys = {"code", "zh", "en", "synonyms_zh", "synonyms_en", "domains"}
    codes = [item["code"] for item in items]
    assert len(codes) == len(set(codes))
    for item in items:
        assert set(item) == keys, item["code"]
        assert re.fullmatch(r"[a-z][a-z0-9_]*", item["code"]), item["code"]
        assert item["zh"]
        assert item["en"]
        assert all(isinstance(s, str) and s for s in item["synonyms_zh"] + item["synonyms_en"])
        assert item["domains"], item["code"]
        assert set(item["domains"]) <= set(DOMAIN_CODES), item["code"]


def test_vocabulary_covers_every_domain_broadly():
    items = json.loads(VOCABULARY.read_text(encoding="utf-8"))
    per_domain = Counter(d for item in items for d in item["domains"])
    assert set(per_domain) == set(DOMAIN_CODES)
    assert min(per_domain.values()) >= 15


def test_vocabulary_never_gives_one_surface_form_to_two_concepts(vocabulary):
    owner: dict[str, str] = {}
    clashes = []
    for concept in vocabulary:
        for form in concept.surface_forms():
            norm = normalize(form)
            if owner.setdefault(norm, concept.code) != concept.code:
                clashes.append((norm, owner[norm], concept.code))
    assert clashes == []


def test_vocabulary_joins_chinese_and_english_teleradiology_wording(vocabulary):
    matcher = ConceptMatcher(vocabulary)
    assert "teleradiology" in matcher.count("县域远程影像诊断中心")
    assert "teleradiology" in matcher.count("Teleradiology reading for township hospitals")
    assert "teleradiology" in matcher.count("影像云与远程阅片")


def test_vocabulary_joins_remote_co_teaching_variants(vocabulary):
    matcher = ConceptMatcher(vocabulary)
    for text in ("双师课堂", "专递课堂", "remote co-teaching", "dual-teacher classrooms"):
        assert "dual_teacher_classroom" in matcher.count(text), text
