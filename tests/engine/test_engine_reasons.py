"""Match reasons are data naming the matched words on both sides, and say when only wording matched. (The site
renders them in the reader's language: tests/matching/test_reasons.py.)"""

from __future__ import annotations

from matching.engine import MatchIndex, ScenarioDoc, SolutionDoc


def test_a_shared_capability_quotes_the_words_each_side_used(vocabulary):
    scenarios = [
        ScenarioDoc(id="S-zh", title="乡镇卫生院远程阅片", description="", language="zh"),
        ScenarioDoc(id="S-en", title="Remote reading of X-rays for township clinics", description="", language="en"),
    ]
    solutions = [SolutionDoc(id="P", title="Cloud PACS for county hospitals", description="", language="en")]
    index = MatchIndex.fit(scenarios, solutions, vocabulary, [], k=1)

    zh = index.explain("S-zh", "P")[0]
    assert zh["code"] == "concepts"
    first = zh["items"][0]
    # The concept with its names in both languages, and the words on both sides as the vocabulary writes them.
    assert (first["zh"], first["en"]) == ("远程影像诊断", "Teleradiology")
    assert (first["left"], first["right"]) == ("远程阅片", "cloud PACS")
    en = index.explain("S-en", "P")[0]
    assert (en["items"][0]["left"], en["items"][0]["right"]) == ("remote reading", "cloud PACS")


def test_a_match_on_wording_alone_says_so_and_names_the_words_on_both_sides():
    # No vocabulary at all: whatever relates the two documents is wording (text and dictionary glosses).
    scenarios = [
        ScenarioDoc(id="S-en", title="Stray dogs and rabies vaccination", description="", language="en"),
        ScenarioDoc(id="S-zh", title="流浪犬狂犬疫苗接种", description="", language="zh"),
    ]
    solutions = [SolutionDoc(id="P", title="流浪犬收容与狂犬疫苗接种登记", description="", language="zh")]
    index = MatchIndex.fit(scenarios, solutions, [], [], k=1)

    across = index.explain("S-en", "P")[0]
    assert across["code"] == "wording"
    left_words = {left for left, _ in across["words"]}
    right_words = {right for _, right in across["words"]}
    # English words on the scenario's side, the Chinese words they gloss on the solution's side.
    assert left_words & {"rabi", "rabies", "vaccin", "vaccination", "stray", "dog"}, across
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in word) for word in right_words), across
    same = index.explain("S-zh", "P")[0]
    assert same["code"] == "wording"
    assert same["words"] and all(any("\u4e00" <= ch <= "\u9fff" for ch in w) for pair in same["words"] for w in pair)


def test_reasons_are_json_data(vocabulary):
    import json

    scenarios = [ScenarioDoc(id="S", title="乡镇卫生院远程阅片", description="", language="zh", budget_max=100)]
    solutions = [SolutionDoc(id="P", title="Cloud PACS", description="", language="en", price_min=300)]
    index = MatchIndex.fit(scenarios, solutions, vocabulary, [], k=1)
    reasons = index.explain("S", "P")
    assert json.loads(json.dumps(reasons)) == list(reasons)
    assert {"code": "budget_above", "ratio": 3.0} in reasons
