"""A vocabulary ready for use: concepts by code, the matcher, and the rules built on it.

* tagging (the catalog's tags and titles, the engine's featurisation): :meth:`Vocabulary.concepts_in`, i.e. the
  matcher's leftmost-longest scan of the normalised text;
* search: :meth:`Vocabulary.search_terms` turns a query into groups of alternatives over folded text, using the
  same scan to find the concepts the query names;
* picking a capability by typing part of a label or synonym: :meth:`Vocabulary.lookup`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache

from vocabulary.concepts import Concept, load_concepts
from vocabulary.matcher import ConceptMatcher
from vocabulary.text import fold, normalize

SHORT_ASCII_FORM = 3
"""ASCII forms this short ("ar", "5g", "gis") are not search alternatives: a substring search would find them
inside ordinary words ("solar", "logistics"). A query that types one still searches for it literally."""


class Vocabulary:
    """Concepts indexed for tagging, search and display. Immutable; safe to share across threads."""

    def __init__(self, concepts: Iterable[Concept]) -> None:
        self.concepts: dict[str, Concept] = {}
        for concept in concepts:
            # The first concept of a code wins, as the matcher's first claim on a form does.
            self.concepts.setdefault(concept.code, concept)
        self.matcher = ConceptMatcher(list(self.concepts.values()))
        self._alternatives: dict[str, tuple[str, ...]] = {}
        self._folded: dict[str, tuple[str, ...]] = {}
        for code, concept in self.concepts.items():
            folded = tuple(dict.fromkeys(f for f in (fold(form) for form in concept.surface_forms()) if f))
            self._folded[code] = folded
            self._alternatives[code] = tuple(
                sorted(f for f in folded if not (f.isascii() and len(f) <= SHORT_ASCII_FORM))
            )

    def concepts_in(self, text: str) -> list[str]:
        """Codes of the concepts ``text`` names, each once, in order of first occurrence."""
        return self.matcher.concepts_in(text)

    def lookup(self, query: str) -> list[str]:
        """Codes of the concepts one of whose labels or synonyms contains the folded query (for pickers)."""
        wanted = fold(query)
        if not wanted:
            return []
        return [code for code, forms in self._folded.items() if any(wanted in form for form in forms)]

    def search_terms(self, query: str) -> list[tuple[str, ...]]:
        """The query as groups of folded alternatives: a text matches when it contains one alternative of every
        group (so the groups are ANDed and the alternatives within a group ORed).

        The normalised query is scanned with the tagging rule. Each concept it names is one group: the concept's
        labels and synonyms in both languages (so "telehealth" finds 远程医疗), the form that was typed first.
        Every query word the scan does not account for is a group of its own, searched as typed (folded); a word
        only partly inside a concept contributes its remaining pieces.
        """
        words = fold(query).split()
        spans: list[tuple[str, int, int]] = []
        parts: list[str] = []
        offset = 0
        for word in words:
            norm = normalize(word)
            if norm:
                spans.append((word, offset, offset + len(norm)))
                parts.append(norm)
                offset += len(norm) + 1
            else:
                spans.append((word, offset, offset))
        normalized = " ".join(parts)
        found: list[tuple[int, tuple[str, ...]]] = []
        covered = [False] * len(normalized)
        for hit in self.matcher.find(normalized, normalized=True):
            for i in range(hit.start, hit.end):
                covered[i] = True
            # The typed form first: a database evaluating the ORs in order stops at the likeliest one.
            others = sorted(set(self._alternatives[hit.code]) - {hit.form})
            found.append((hit.start, (hit.form, *others)))
        for word, start, end in spans:
            if start == end or not any(covered[start:end]):
                found.append((start, (word,)))
                continue
            piece_start: int | None = None
            for i in range(start, end + 1):
                free = i < end and not covered[i] and normalized[i] != " "
                if free and piece_start is None:
                    piece_start = i
                elif not free and piece_start is not None:
                    found.append((piece_start, (normalized[piece_start:i],)))
                    piece_start = None
        groups: list[tuple[str, ...]] = []
        for _position, group in sorted(found, key=lambda item: item[0]):
            if group not in groups:
                groups.append(group)
        return groups


@lru_cache(maxsize=1)
def default_vocabulary() -> Vocabulary:
    """The vocabulary shipped in ``vocabulary/data`` (read once per process)."""
    return Vocabulary(load_concepts())


def vocabulary_of(concepts: Sequence[Concept]) -> Vocabulary:
    """A :class:`Vocabulary` of these concepts, reused while the same concepts are asked for again (building one
    normalises a few thousand forms; the site asks for its database copy on many requests)."""
    return _cached(tuple(concepts))


@lru_cache(maxsize=8)
def _cached(concepts: tuple[Concept, ...]) -> Vocabulary:
    return Vocabulary(concepts)
