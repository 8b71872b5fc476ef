"""Phrases that recur in scenario and solution texts but name no capability: candidates for the curators.

Pure (no Django). The input is ``(key, text)`` pairs; the output is the phrases found in at least ``min_documents``
documents that ``covered`` (the vocabulary's tagging rule) does not recognise, most widespread first.

How a phrase is found:

- texts are folded (:func:`vocabulary.fold`: full width, case, traditional characters) and cut at punctuation, so
  a phrase never spans two clauses;
- Chinese candidates are runs of 2–6 characters inside a CJK run, English candidates runs of 1–3 words inside an
  ASCII run; each is counted once per document (document frequency), longer candidates only where both shorter
  ones they contain are frequent enough (the a-priori rule: a phrase cannot be in more documents than its parts);
- of a phrase and a longer phrase of whole words that contains it in almost as many documents (``absorb``,
  default 0.75), only the longer is kept: "车位" seen only inside "停车位" is reported as "停车位";
- a candidate is dropped when it starts or ends with a generic word (the engine's stop lists: 系统, 平台, 智慧,
  platform, system …) or a function character (的, 和, 与 …), or consists of digits; a Chinese candidate must also
  split into dictionary words of two or more characters (``words``, the CC-CEDICT entries the gloss space ships),
  so fragments cut across words ("时自动", "级医院") are not offered;
- finally, a phrase in which ``covered`` finds a capability is left out: it already matches.

The frequencies only order the list; nothing is mapped until a person picks a capability.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Container, Iterable
from dataclasses import dataclass

from matching.engine.text import STOP_BIGRAMS_ZH, STOP_WORDS_EN
from vocabulary import fold, stem_word

MAX_ZH_CHARS = 6
MAX_EN_WORDS = 3

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_RUN = re.compile(f"[{_CJK}]{{2,}}")
# An ASCII run: words separated by single spaces or hyphens, nothing else (punctuation ends the run).
_ASCII_RUN = re.compile(r"[a-z][a-z0-9]*(?:[ -][a-z0-9]+)*")
_WORD = re.compile(r"[a-z0-9]+")
# Characters that begin or end no phrase worth a synonym (particles, conjunctions, measure words).
_FUNCTION_CHARS = frozenset("的和与及在对为等了是将把被从向于由以并或其该各每个这那有")
# English words that begin or end no phrase worth a synonym, beyond the engine's stop list (which keeps words that
# are generic in this field: system, platform, county …).
_FUNCTION_WORDS_EN = frozenset(
    """
    after again against ago almost already always among another around away back because before behind below
    besides between beyond during either else enough even ever first last later least less let lot never next
    often once onto otherwise perhaps quite rather really since still though through throughout thus today
    together too toward towards until upon usually whether whose why yet people small large big good better
    best get gets got give given go goes going know known see seen take takes taken way ways thing things
    """.split()  # noqa: SIM905 - a word list reads better as text
)


@dataclass(frozen=True)
class Phrase:
    text: str
    documents: int
    example: str


def _zh_units(folded: str) -> list[str]:
    return _CJK_RUN.findall(folded)


def _en_units(folded: str, surfaces: dict[str, Counter[str]]) -> list[tuple[str, ...]]:
    """The ASCII runs of a folded text as tuples of word stems (plural and British spellings merged); ``surfaces``
    collects, for every stem, the words it stood for, so a phrase is shown in its most frequent spelling."""
    runs = []
    for run in _ASCII_RUN.findall(folded):
        stems = []
        for word in _WORD.findall(run):
            stem = stem_word(word)
            surfaces.setdefault(stem, Counter())[word] += 1
            stems.append(stem)
        runs.append(tuple(stems))
    return runs


def _zh_grams(runs: list[str], n: int, frequent: set[str] | None) -> set[str]:
    grams = {run[i : i + n] for run in runs for i in range(len(run) - n + 1)}
    if frequent is None:
        return grams
    return {g for g in grams if g[:-1] in frequent and g[1:] in frequent}


def _en_grams(runs: list[tuple[str, ...]], n: int, frequent: set[str] | None) -> set[str]:
    grams = {run[i : i + n] for run in runs for i in range(len(run) - n + 1)}
    if frequent is None:
        return {" ".join(g) for g in grams}
    return {" ".join(g) for g in grams if " ".join(g[:-1]) in frequent and " ".join(g[1:]) in frequent}


def _splits_into_words(gram: str, words: Container[str]) -> bool:
    """Whether ``gram`` is a sequence of dictionary words of 2-4 characters each."""
    reachable = [True] + [False] * len(gram)
    for end in range(2, len(gram) + 1):
        reachable[end] = any(reachable[start] and gram[start:end] in words for start in range(max(0, end - 4), end - 1))
    return reachable[-1]


def _zh_whole(words: Container[str] | None) -> Callable[[str], bool]:
    """Whether a Chinese candidate is made of whole words (it may still be generic: 大数据, 智慧停车)."""

    def whole(gram: str) -> bool:
        if gram[0] in _FUNCTION_CHARS or gram[-1] in _FUNCTION_CHARS:
            return False
        return words is None or _splits_into_words(gram, words)

    return whole


def _zh_acceptable(words: Container[str] | None) -> Callable[[str], bool]:
    whole = _zh_whole(words)

    def ok(gram: str) -> bool:
        return gram[:2] not in STOP_BIGRAMS_ZH and gram[-2:] not in STOP_BIGRAMS_ZH and whole(gram)

    return ok


def _en_ok(gram: str) -> bool:
    words = gram.split(" ")
    for edge in (words[0], words[-1]):
        if edge in STOP_WORDS_EN or edge in _FUNCTION_WORDS_EN:
            return False
    if all(w.isdigit() for w in words):
        return False
    return len(words) > 1 or len(words[0]) >= 4


def _levels(
    units: list[list[str]] | list[list[tuple[str, ...]]],
    grams_of: Callable[..., set[str]],
    low: int,
    high: int,
    min_documents: int,
) -> dict[int, Counter[str]]:
    """Document frequency of the candidates of each length, the longer ones only where their parts are frequent."""
    levels: dict[int, Counter[str]] = {}
    frequent: set[str] | None = None
    for n in range(low, high + 1):
        counts: Counter[str] = Counter()
        for runs in units:
            counts.update(grams_of(runs, n, frequent))
        kept = Counter({g: c for g, c in counts.items() if c >= min_documents})
        if not kept:
            break
        levels[n] = kept
        frequent = set(kept)
    return levels


def _parts(gram: str, *, words: bool) -> list[str]:
    """Every shorter contiguous part of ``gram`` (characters, or words when ``words``)."""
    units = gram.split(" ") if words else list(gram)
    glue = " " if words else ""
    n = len(units)
    return [glue.join(units[i:j]) for i in range(n) for j in range(i + 1, n + 1) if j - i < n]


def _closed(
    levels: dict[int, Counter[str]],
    ok: Callable[[str], bool],
    whole: Callable[[str], bool],
    absorb: float,
    *,
    words: bool,
) -> Counter[str]:
    """The acceptable candidates (``ok``), without those that almost only occur inside a longer candidate made of
    whole words (``whole``: "大数" inside "大数据" is a fragment even though "大数据" ends with a generic word and is
    not offered; "自动报警" inside "时自动报警" is not, since that is cut across a word)."""
    counts: dict[str, int] = {g: c for level in levels.values() for g, c in level.items()}
    absorbed: set[str] = set()
    for gram, count in counts.items():
        if not whole(gram):
            continue
        for part in _parts(gram, words=words):
            if part in counts and count >= absorb * counts[part]:
                absorbed.add(part)
    return Counter({g: c for g, c in counts.items() if g not in absorbed and ok(g)})


def mine(
    documents: Iterable[tuple[str, str]],
    *,
    covered: Callable[[str], bool],
    words: Container[str] | None = None,
    min_documents: int = 3,
    max_share: float = 0.2,
    absorb: float = 0.75,
    limit: int = 200,
) -> list[Phrase]:
    """The phrases in at least ``min_documents`` documents that ``covered`` does not recognise, the most widespread
    first (ties: longer first, then by text), at most ``limit``, each with the key of one document that has it.
    ``words``: the Chinese dictionary words a Chinese phrase must split into (``None``: any characters). A phrase in
    more than ``max_share`` of the documents (and in more than ``min_documents``) is too general to name a
    capability ("自动", "online") and is left out."""
    keys: list[str] = []
    folded: list[str] = []
    for key, text in documents:
        keys.append(key)
        folded.append(fold(text))
    surfaces: dict[str, Counter[str]] = {}
    zh_units = [_zh_units(t) for t in folded]
    en_units = [_en_units(t, surfaces) for t in folded]
    found: Counter[str] = Counter()
    zh_levels = _levels(zh_units, _zh_grams, 2, MAX_ZH_CHARS, min_documents)
    found.update(_closed(zh_levels, _zh_acceptable(words), _zh_whole(words), absorb, words=False))
    en_levels = _levels(en_units, _en_grams, 1, MAX_EN_WORDS, min_documents)
    found.update(_closed(en_levels, _en_ok, _en_ok, absorb, words=True))
    ceiling = max(min_documents, max_share * len(keys))
    ranked = sorted(found.items(), key=lambda item: (-item[1], -len(item[0]), item[0]))
    chosen: list[Phrase] = []
    for gram, count in ranked:
        if len(chosen) >= limit:
            break
        if count > ceiling:
            continue
        text = gram if not gram.isascii() else " ".join(surfaces[s].most_common(1)[0][0] for s in gram.split(" "))
        if not covered(text):
            chosen.append(Phrase(text, count, _example(gram, keys, folded, en_units)))
    return chosen


def _example(gram: str, keys: list[str], folded: list[str], en_units: list[list[tuple[str, ...]]]) -> str:
    """The key of the first document that has the phrase."""
    if not gram.isascii():
        return next((k for k, t in zip(keys, folded, strict=True) if gram in t), "")
    padded = f" {gram} "
    for key, runs in zip(keys, en_units, strict=True):
        if any(padded in f" {' '.join(run)} " for run in runs):
            return key
    return ""
