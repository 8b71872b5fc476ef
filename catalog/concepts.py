"""The catalog's Domain and Capability rows and the ``vocabulary`` package they come from.

The package holds the concept data (``vocabulary/data/capabilities.json``, the ten domains with their one name in
each language) and the rules (normalisation, text → concepts). The rows are seeded from it (migration 0002,
``manage.py load_capabilities``); curators may add synonyms to a row (the unmapped-tag queue). Everything that reads
the rows builds the package's :class:`vocabulary.Vocabulary` from them, so tagging, search, the capability picker,
pages and the matching engine all apply the same rules to the same concepts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Prefetch

from catalog.models import Capability, Domain
from vocabulary import DOMAINS, Concept, Vocabulary, vocabulary_of


def sync_domains(domain_model) -> None:
    """Create or rename the ten domains by code (names and order from ``vocabulary.DOMAINS``). Takes the model
    (or a migration's historical model)."""
    for position, domain in enumerate(DOMAINS):
        domain_model.objects.update_or_create(
            code=domain.code, defaults={"name_zh": domain.zh, "name_en": domain.en, "position": position}
        )


def sync_capabilities(capability_model, domain_model, concepts: Sequence[Concept]) -> tuple[int, int]:
    """Add new concepts and update existing ones by ``code`` (never deletes). Returns (created, updated).

    Works with historical models (migrations): only fields are used."""
    domains = {domain.code: domain for domain in domain_model.objects.all()}
    created = updated = 0
    for concept in concepts:
        defaults = {
            "name_zh": concept.zh,
            "name_en": concept.en,
            "synonyms_zh": list(concept.synonyms_zh),
            "synonyms_en": list(concept.synonyms_en),
        }
        capability, was_created = capability_model.objects.get_or_create(code=concept.code, defaults=defaults)
        if was_created:
            created += 1
        elif any(getattr(capability, key) != value for key, value in defaults.items()):
            for key, value in defaults.items():
                setattr(capability, key, value)
            capability.save()
            updated += 1
        wanted = {domains[code] for code in concept.domains if code in domains}
        if set(capability.domains.all()) != wanted:
            capability.domains.set(wanted)
    return created, updated


def _concept(code: str, name_zh: str, name_en: str, synonyms_zh, synonyms_en, domains=()) -> Concept:
    return Concept(
        code=code,
        zh=name_zh,
        en=name_en,
        synonyms_zh=tuple(synonyms_zh or ()),
        synonyms_en=tuple(synonyms_en or ()),
        domains=tuple(domains),
    )


def concepts_from_db() -> list[Concept]:
    """Every capability row as a concept with its domains, in insertion order (the order of the vocabulary file
    for seeded rows, so that the matcher resolves any shared form exactly as it does on the file)."""
    rows = Capability.objects.order_by("pk").prefetch_related(
        Prefetch("domains", queryset=Domain.objects.order_by("position", "code"))
    )
    return [
        _concept(c.code, c.name_zh, c.name_en, c.synonyms_zh, c.synonyms_en, [d.code for d in c.domains.all()])
        for c in rows
    ]


@dataclass(frozen=True)
class SiteVocabulary:
    """The vocabulary of the capability rows, and each code's row id."""

    vocabulary: Vocabulary
    ids: dict[str, int]

    def capability_ids(self, text: str) -> set[int]:
        """Ids of the capabilities ``text`` names (the tagging rule)."""
        return {self.ids[code] for code in self.vocabulary.concepts_in(text)}


def site_vocabulary() -> SiteVocabulary:
    """The capability rows as a :class:`vocabulary.Vocabulary` (one query; the index itself is reused while the
    rows do not change). Domains are left out: no rule that works on text depends on them."""
    rows = list(
        Capability.objects.order_by("pk").values_list("pk", "code", "name_zh", "name_en", "synonyms_zh", "synonyms_en")
    )
    concepts = [_concept(*row[1:]) for row in rows]
    return SiteVocabulary(vocabulary=vocabulary_of(concepts), ids={row[1]: row[0] for row in rows})
