"""Match reasons name the matched words on both sides, in the reader's language, and say when only wording
matched (issue 14, item 4)."""

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
    assert zh.startswith("共享能力：远程影像诊断")  # the concept in the reader's language
    assert "远程阅片 ↔ cloud PACS" in zh  # and the words on both sides, as the vocabulary writes them
    en = index.explain("S-en", "P")[0]
    assert en.startswith("shares: Teleradiology")
    assert '"remote reading"' in en and '"cloud PACS"' in en


def test_a_match_on_wording_alone_says_so_in_the_readers_language():
    # No vocabulary at all: whatever relates the two documents is wording (text and dictionary glosses).
    scenarios = [
        ScenarioDoc(id="S-en", title="Stray dogs and rabies vaccination", description="", language="en"),
        ScenarioDoc(id="S-zh", title="流浪犬狂犬疫苗接种", description="", language="zh"),
    ]
    solutions = [SolutionDoc(id="P", title="流浪犬收容与狂犬疫苗接种登记", description="", language="zh")]
    index = MatchIndex.fit(scenarios, solutions, [], [], k=1)

    assert "similar wording only (no capability in common)" in index.explain("S-en", "P")
    assert "仅凭文字相近（无共同能力）" in index.explain("S-zh", "P")
