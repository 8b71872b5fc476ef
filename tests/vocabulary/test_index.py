"""The rules built on the matcher: tagging, search groups and picker lookup."""

from __future__ import annotations

import pytest

from vocabulary import Vocabulary, default_vocabulary, vocabulary_of


@pytest.fixture(scope="module")
def small(small_vocabulary):
    return Vocabulary(small_vocabulary)


def test_concepts_in_lists_each_concept_once_in_order_of_first_occurrence(small):
    assert small.concepts_in("大棚里装传感器，温室气体和大棚") == ["greenhouse", "iot", "carbon"]
    assert small.concepts_in("完全无关") == []


def test_search_terms_turn_a_named_concept_into_all_its_forms_the_typed_one_first(small):
    assert small.search_terms("Remote Reading") == [
        ("remote reading", "teleradiology", "影像云", "远程影像诊断", "远程阅片"),
    ]
    assert small.search_terms("影像云") == [("影像云", "remote reading", "teleradiology", "远程影像诊断", "远程阅片")]


def test_search_terms_keep_words_no_concept_accounts_for_as_typed_and_folded(small):
    assert small.search_terms("遠程閱片 卫生院 100%") == [
        ("远程阅片", "remote reading", "teleradiology", "影像云", "远程影像诊断"),
        ("卫生院",),
        ("100%",),
    ]
    assert small.search_terms("%") == [("%",)]
    assert small.search_terms("   ") == []


def test_search_terms_split_a_word_only_partly_inside_a_concept(small):
    assert small.search_terms("智慧停车场") == [
        ("智慧停车", "parking guidance", "smart parking", "路内泊位"),
        ("场",),
    ]


def test_short_ascii_forms_are_no_search_alternatives_unless_typed(small):
    assert small.search_terms("增强现实") == [("增强现实", "augmented reality")]
    assert small.search_terms("AR") == [("ar", "augmented reality", "增强现实")]


def test_lookup_finds_concepts_by_part_of_any_label_or_synonym(small):
    assert small.lookup("PARK") == ["smart_parking"]
    assert small.lookup("影像") == ["teleradiology"]
    assert small.lookup(" ") == []


def test_the_shipped_vocabulary_is_read_once_and_database_copies_are_reused(vocabulary):
    assert default_vocabulary() is default_vocabulary()
    assert vocabulary_of(vocabulary) is vocabulary_of(list(vocabulary))
    assert default_vocabulary().concepts_in("乡镇卫生院远程会诊") == ["primary_care", "teleconsultation"]
