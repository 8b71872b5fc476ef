"""The provincial office's curation queue: free-text tags that matched no capability, most frequent first, each with
the capabilities it most likely means, to map in one click.

A guess compares the tag with every capability's labels and synonyms in two spaces: CC-CEDICT gloss stems (so
"路灯" meets "street lighting" and "sensing" meets "感知") and the tag's own characters or words (CJK bigrams, English
words). The scores only order the choices offered; nothing is mapped until a person picks one.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from django.db.models import QuerySet

from catalog.concepts import concepts_from_db
from catalog.models import Capability, UnmappedTag
from matching.engine.text import stop_weight, term_list
from vocabulary import Concept, normalize
from vocabulary.bilingual import load_glosses


@dataclass(frozen=True)
class Guess:
    capability: Capability
    score: float


def _bag(text: str) -> Counter[str]:
    norm = normalize(text)
    # Generic words (智慧, 系统, platform …) would make every capability look alike: left out, as the engine does.
    bag: Counter[str] = Counter(f"t:{t}" for t in term_list(norm) if stop_weight(t) > 0)
    glosses = load_glosses()
    for stem, mass in glosses.terms(norm):
        bag[f"g:{stem}"] += mass
    return bag


def _cosine(a: Counter[str], b: Counter[str]) -> float:
    if not a or not b:
        return 0.0
    dot = sum(v * b.get(k, 0.0) for k, v in a.items())
    na = math.sqrt(sum(v * v for v in a.values()))
    nb = math.sqrt(sum(v * v for v in b.values()))
    return dot / (na * nb) if na and nb else 0.0


@lru_cache(maxsize=4)
def _concept_bags(key: tuple[tuple[str, tuple[str, ...]], ...]) -> dict[str, list[Counter[str]]]:
    return {code: [_bag(form) for form in forms if form] for code, forms in key}


def _key(concepts: list[Concept]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    return tuple((c.code, c.surface_forms()) for c in concepts)


def guesses(texts: list[str], *, k: int = 3) -> dict[str, list[tuple[str, float]]]:
    """For each text, up to ``k`` capability codes it most likely means with their score (best form's cosine)."""
    bags = _concept_bags(_key(concepts_from_db()))
    out: dict[str, list[tuple[str, float]]] = {}
    for text in texts:
        bag = _bag(text)
        scored = [(code, max((_cosine(bag, b) for b in forms), default=0.0)) for code, forms in bags.items()]
        best = sorted((s for s in scored if s[1] > 0.05), key=lambda s: (-s[1], s[0]))[:k]
        out[text] = [(code, round(score, 3)) for code, score in best]
    return out


def queue() -> QuerySet[UnmappedTag]:
    """Tags still waiting, the most frequent first."""
    return (
        UnmappedTag.objects.filter(mapped_to__isnull=True)
        .select_related("example_scenario", "example_solution")
        .order_by("-count", "text")
    )


def with_guesses(tags: list[UnmappedTag], *, k: int = 3) -> list[tuple[UnmappedTag, list[Guess]]]:
    """Each tag with the capabilities it most likely means (one query for the capability rows)."""
    found = guesses([t.text for t in tags], k=k)
    codes = {code for items in found.values() for code, _ in items}
    rows = {c.code: c for c in Capability.objects.filter(code__in=codes)}
    return [
        (tag, [Guess(rows[code], score) for code, score in found.get(tag.text, []) if code in rows]) for tag in tags
    ]
