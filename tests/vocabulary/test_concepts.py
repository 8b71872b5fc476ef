"""The concept data: the file's format is checked on loading, and each domain has one name per language."""

from __future__ import annotations

import json

import pytest

from vocabulary import DOMAIN_CODES, DOMAINS, VocabularyError, domain_name, load_concepts

ITEM = {"code": "a", "zh": "甲", "en": "A", "synonyms_zh": ["甲乙"], "synonyms_en": [], "domains": ["health"]}


def _write(tmp_path, items):
    path = tmp_path / "c.json"
    path.write_text(json.dumps(items, ensure_ascii=False), encoding="utf-8")
    return path


def test_load_concepts_reads_the_shipped_file_in_order():
    concepts = load_concepts()
    assert len(concepts) >= 180
    assert concepts[0].code == "bus_dispatch"  # the file's first entry
    assert {d for c in concepts for d in c.domains} == set(DOMAIN_CODES)


@pytest.mark.parametrize(
    ("items", "message"),
    [
        ({"code": "a"}, "must be a JSON list"),
        ([ITEM, ITEM], "duplicate code 'a'"),
        ([{**ITEM, "code": ""}], "entry 1 has no code"),
        ([{**ITEM, "en": " "}], r"entry 1 \(a\): labels zh and en are required"),
        ([{**ITEM, "domains": ["space"]}], r"unknown domains \['space'\]"),
        ([{**ITEM, "synonyms_en": "telehealth"}], "synonyms_en must be a list of strings"),
        (["telehealth"], "entry 1 is not an object"),
    ],
)
def test_load_concepts_names_the_first_bad_entry(tmp_path, items, message):
    with pytest.raises(VocabularyError, match=message):
        load_concepts(_write(tmp_path, items))


def test_load_concepts_reports_invalid_json_with_its_line(tmp_path):
    path = tmp_path / "c.json"
    path.write_text('[\n{"code": "a",\n', encoding="utf-8")
    with pytest.raises(VocabularyError, match=r"c\.json:3: invalid JSON"):
        load_concepts(path)


def test_every_domain_has_one_name_in_each_language():
    assert [d.code for d in DOMAINS] == list(DOMAIN_CODES)
    assert len({d.zh for d in DOMAINS}) == len({d.en for d in DOMAINS}) == 10
    assert domain_name("municipal", "zh") == "城市管理"
    assert domain_name("municipal", "zh-hans") == "城市管理"
    assert domain_name("municipal", "en") == "Municipal services"
    assert domain_name("unknown", "zh") == "unknown"
