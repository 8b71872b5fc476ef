"""The one rule that maps text onto concepts (tagging, search, the matching engine all use it).

Every label and synonym of every concept (after :func:`normalize`) is indexed by its first two
characters; scanning a text looks up each two-character window in that index (one dict probe per
character, whatever the vocabulary size) and then probes the few candidate lengths, longest first. A
single big regex alternation was measured at about 4x slower because the regex engine tries the
alternatives of each position one by one. Matching rules:

* leftmost-longest: at each position the longest surface form wins, and matches do not overlap
  (so "温室气体" is carbon accounting, not a greenhouse; "远程影像诊断" is not also "影像诊断");
* ASCII surface forms match whole words only ("ar" never matches inside "solar");
* CJK surface forms match anywhere inside a CJK run (Chinese is not segmented);
* forms shorter than two characters (after normalisation) are ignored; if two concepts list the same
  form, the first keeps it (the data tests forbid it, curators could still do it).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from vocabulary.concepts import Concept
from vocabulary.text import normalize

_WORD_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")


@dataclass(frozen=True, slots=True)
class ConceptHit:
    """One occurrence of a concept in a normalised text: ``start``/``end`` are character offsets."""

    code: str
    form: str
    start: int
    end: int


class ConceptMatcher:
    """Finds vocabulary concepts in text. Immutable after construction; safe to share across threads."""

    def __init__(self, concepts: Sequence[Concept]) -> None:
        self.concepts: dict[str, Concept] = {c.code: c for c in concepts}
        if len(self.concepts) != len(concepts):
            raise ValueError("concept codes must be unique")
        self._form_to_code: dict[str, str] = {}
        self._display: dict[str, str] = {}
        for concept in concepts:
            for form in concept.surface_forms():
                norm = normalize(form)
                # First concept to claim a form keeps it: the vocabulary should not reuse a form, and
                # a deterministic winner keeps results reproducible if it does.
                if norm and norm not in self._form_to_code:
                    self._form_to_code[norm] = concept.code
                    self._display[norm] = form
        # Forms shorter than two characters are too ambiguous to match in unsegmented text. For each
        # two-character prefix keep the distinct form lengths, longest first: a position then costs
        # one set probe per length instead of one startswith per form.
        lengths: dict[str, set[int]] = {}
        for form in self._form_to_code:
            if len(form) >= 2:
                lengths.setdefault(form[:2], set()).add(len(form))
        self._lengths: dict[str, tuple[int, ...]] = {
            key: tuple(sorted(ls, reverse=True)) for key, ls in lengths.items()
        }

    def _scan(self, norm: str) -> list[tuple[str, int, int]]:
        lengths = self._lengths
        forms = self._form_to_code
        word_chars = _WORD_CHARS
        starts = [i for i in range(len(norm) - 1) if norm[i : i + 2] in lengths]
        found: list[tuple[str, int, int]] = []
        pos = 0
        n = len(norm)
        for i in starts:
            if i < pos:
                continue
            if i > 0 and norm[i] in word_chars and norm[i - 1] in word_chars:
                continue
            for size in lengths[norm[i : i + 2]]:
                end = i + size
                if end > n:
                    continue
                form = norm[i:end]
                if form in forms and not (end < n and form[-1] in word_chars and norm[end] in word_chars):
                    found.append((form, i, end))
                    pos = end
                    break
        return found

    def find(self, text: str, *, normalized: bool = False) -> list[ConceptHit]:
        """All non-overlapping concept hits in ``text``, in order of position."""
        norm = text if normalized else normalize(text)
        return [ConceptHit(self._form_to_code[f], f, a, b) for f, a, b in self._scan(norm)]

    def codes(self, norm: str) -> list[str]:
        """Concept code of every hit in an already normalised text, in order."""
        form_to_code = self._form_to_code
        return [form_to_code[f] for f, _, _ in self._scan(norm)]

    def code_forms(self, norm: str) -> list[tuple[str, str]]:
        """``(concept code, the form as the vocabulary writes it)`` of every hit in an already normalised text,
        in order: the words a match reason can quote ("cloud PACS", not the normalised "cloud pac")."""
        form_to_code = self._form_to_code
        display = self._display
        return [(form_to_code[f], display[f]) for f, _, _ in self._scan(norm)]

    def concepts_in(self, text: str, *, normalized: bool = False) -> list[str]:
        """Codes of the concepts ``text`` names, each once, in order of first occurrence."""
        norm = text if normalized else normalize(text)
        return list(dict.fromkeys(self._form_to_code[f] for f, _, _ in self._scan(norm)))

    def count(self, text: str, *, normalized: bool = False) -> Counter[str]:
        """Number of hits per concept code in ``text``."""
        norm = text if normalized else normalize(text)
        return Counter(self._form_to_code[f] for f, _, _ in self._scan(norm))
