"""The provincial office's curation queue: free-text tags that matched no capability and phrases that recur in
published descriptions but name none (:func:`phrases_refresh`), most frequent first, each with the capabilities it
most likely means, to map in one click or dismiss.

A guess compares the tag with every capability's labels and synonyms in two spaces: CC-CEDICT gloss stems (so
"路灯" meets "street lighting" and "sensing" meets "感知") and the tag's own characters or words (CJK bigrams, English
words). The scores only order the choices offered; nothing is mapped until a person picks one.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from django.db import transaction
from django.db.models import QuerySet

from catalog.concepts import concepts_from_db, site_vocabulary
from catalog.models import Capability, Scenario, Solution, UnmappedTag
from matching.engine import phrases
from matching.engine.text import join_fields, stop_weight, term_list
from vocabulary import Concept, normalize
from vocabulary.bilingual import load_glosses


@dataclass(frozen=True)
class Guess:
    capability: Capability
    score: float


def _bag(text: str) -> dict[str, float]:
    norm = normalize(text)
    # Generic words (智慧, 系统, platform …) would make every capability look alike: left out, as the engine does.
    bag: dict[str, float] = dict(Counter(f"t:{t}" for t in term_list(norm) if stop_weight(t) > 0))
    for stem, mass in load_glosses().terms(norm):
        bag[f"g:{stem}"] = bag.get(f"g:{stem}", 0.0) + mass
    return bag


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if not a or not b:
        return 0.0
    dot = sum(v * b.get(k, 0.0) for k, v in a.items())
    na = math.sqrt(sum(v * v for v in a.values()))
    nb = math.sqrt(sum(v * v for v in b.values()))
    return dot / (na * nb) if na and nb else 0.0


@lru_cache(maxsize=4)
def _concept_bags(key: tuple[tuple[str, tuple[str, ...]], ...]) -> dict[str, list[dict[str, float]]]:
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


def queue(source: str = "") -> QuerySet[UnmappedTag]:
    """Tags and phrases still waiting (neither mapped nor dismissed), the most frequent first; ``source`` narrows
    to typed tags or to phrases."""
    rows = UnmappedTag.objects.filter(mapped_to__isnull=True, dismissed=False)
    if source in UnmappedTag.Source.values:
        rows = rows.filter(source=source)
    return rows.select_related("example_scenario", "example_solution").order_by("-count", "text")


def with_guesses(tags: list[UnmappedTag], *, k: int = 3) -> list[tuple[UnmappedTag, list[Guess]]]:
    """Each tag with the capabilities it most likely means (one query for the capability rows)."""
    found = guesses([t.text for t in tags], k=k)
    codes = {code for items in found.values() for code, _ in items}
    rows = {c.code: c for c in Capability.objects.filter(code__in=codes)}
    return [
        (tag, [Guess(rows[code], score) for code, score in found.get(tag.text, []) if code in rows]) for tag in tags
    ]


# Phrases are offered from this many published scenarios and solutions up (fewer is chance, not usage).
PHRASE_MIN_DOCUMENTS = 3
PHRASE_LIMIT = 200


def _published_texts():
    """``(key, text)`` of every published scenario and solution: what firms and counties wrote, drafts left out."""
    scenario_fields = ("pk", "title", "summary", "problem_statement", "expected_outcomes")
    for pk, *fields in Scenario.objects.public().values_list(*scenario_fields).iterator(chunk_size=2000):
        yield f"scenario:{pk}", join_fields(fields)
    for pk, *fields in (
        Solution.objects.published().values_list("pk", "title", "summary", "description").iterator(chunk_size=2000)
    ):
        yield f"solution:{pk}", join_fields(fields)


def phrases_refresh(*, min_documents: int = PHRASE_MIN_DOCUMENTS, limit: int = PHRASE_LIMIT) -> int:
    """Find the phrases that recur in published texts and name no capability (:func:`matching.engine.phrases.mine`)
    and offer them in the queue with the number of documents that use them, replacing the phrases offered before
    that no one has mapped or dismissed. Typed tags, mapped and dismissed rows are kept as they are. Returns the
    number of phrases offered."""
    vocabulary = site_vocabulary()
    found = phrases.mine(
        _published_texts(),
        covered=lambda text: bool(vocabulary.capability_ids(text)),
        words=load_glosses().words,
        min_documents=min_documents,
        limit=limit,
    )
    return _phrases_store(found)


@transaction.atomic
def _phrases_store(found: list[phrases.Phrase]) -> int:
    """Replace the offered phrases in one short transaction (the reading above holds none)."""
    UnmappedTag.objects.filter(source=UnmappedTag.Source.TEXT, mapped_to__isnull=True, dismissed=False).exclude(
        text__in=[p.text for p in found]
    ).delete()
    existing = {row.text: row for row in UnmappedTag.objects.filter(text__in=[p.text for p in found])}
    offered = 0
    for phrase in found:
        kind, _, pk = phrase.example.partition(":")
        examples = {
            "example_scenario_id": int(pk) if kind == "scenario" else None,
            "example_solution_id": int(pk) if kind == "solution" else None,
        }
        row = existing.get(phrase.text)
        if row is None:
            UnmappedTag.objects.create(
                text=phrase.text[:100], source=UnmappedTag.Source.TEXT, count=phrase.documents, **examples
            )
        elif row.source == UnmappedTag.Source.TEXT and row.mapped_to_id is None and not row.dismissed:
            UnmappedTag.objects.filter(pk=row.pk).update(count=phrase.documents, **examples)
        else:
            continue
        offered += 1
    return offered


def tag_dismiss(*, tag: UnmappedTag) -> None:
    """The tag or phrase names no capability: it leaves the queue and is not offered again."""
    UnmappedTag.objects.filter(pk=tag.pk).update(dismissed=True)
