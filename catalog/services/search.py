"""Search text and tag mapping for scenarios and solutions, and the curation of unmapped tags."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from catalog.concepts import SiteVocabulary, site_vocabulary
from catalog.models import (
    Capability,
    Scenario,
    Solution,
    UnmappedTag,
)
from core.text import normalize_text
from directory.models import User
from vocabulary import fold


def _search_text(*parts: str, capabilities: Iterable[Capability] = (), tags: Iterable[str] = ()) -> str:
    pieces = [p for p in parts if p]
    for capability in capabilities:
        pieces.extend(capability.terms())
    pieces.extend(tags)
    return fold(" \n ".join(pieces))


def refresh_scenario_search_text(scenario: Scenario) -> None:
    text = _search_text(
        scenario.title,
        scenario.summary,
        scenario.problem_statement,
        scenario.expected_outcomes,
        scenario.domain.name_zh,
        scenario.domain.name_en,
        capabilities=scenario.capabilities.all(),
        tags=scenario.tags,
    )
    Scenario.objects.filter(pk=scenario.pk).update(search_text=text)
    scenario.search_text = text


def refresh_solution_search_text(solution: Solution) -> None:
    text = _search_text(
        solution.title,
        solution.summary,
        solution.description,
        *[f"{d.name_zh} {d.name_en}" for d in solution.domains.all()],
        capabilities=solution.capabilities.all(),
        tags=solution.tags,
    )
    Solution.objects.filter(pk=solution.pk).update(search_text=text)
    solution.search_text = text


def capabilities_link(*, entry: Scenario | Solution, chosen: Iterable, free_tags: Iterable[str] = ()) -> None:
    """Link a new scenario or solution to the capabilities its author chose and to those its free-text tags
    name (:func:`map_tags`)."""
    ids = {c.pk for c in chosen}
    tags = list(free_tags)
    if tags:
        ids |= map_tags(tags=tags, example=entry)
    entry.capabilities.set(ids)


def capabilities_relink(
    *, entry: Scenario | Solution, chosen: Iterable | None, old_tags: Iterable[str], tags_edited: bool
) -> None:
    """After an edit: link the capabilities chosen (or, when the edit did not name them, those the entry had) and
    those named by the tags the edit added. A tag the entry already had was read when it was added, so it is
    neither mapped nor counted again."""
    old = set(old_tags)
    new_tags = [tag for tag in entry.tags if tag not in old] if tags_edited else []
    if chosen is None and not new_tags:
        return
    ids = {c.pk for c in chosen} if chosen is not None else set(entry.capabilities.values_list("pk", flat=True))
    if new_tags:
        ids |= map_tags(tags=new_tags, example=entry)
    entry.capabilities.set(ids)


def map_tags(
    *, tags: Iterable[str], vocabulary: SiteVocabulary | None = None, example: Scenario | Solution | None = None
) -> set[int]:
    """Ids of the capabilities the tags name (the vocabulary's tagging rule, the one the matching engine applies
    to the same text); a tag that names none is counted in ``UnmappedTag`` for curators."""
    vocabulary = vocabulary or site_vocabulary()
    ids: set[int] = set()
    for tag in tags:
        found = vocabulary.capability_ids(tag)
        if found:
            ids |= found
            continue
        text = normalize_text(tag)[:100]
        if not text:
            continue
        example_fields = {}
        if isinstance(example, Scenario):
            example_fields["example_scenario"] = example
        elif isinstance(example, Solution):
            example_fields["example_solution"] = example
        unmapped, created = UnmappedTag.objects.get_or_create(text=text, defaults=example_fields)
        if created:
            continue
        if unmapped.source == UnmappedTag.Source.TEXT:
            # A phrase found in descriptions that someone now types as a tag: from here on, count the typing.
            UnmappedTag.objects.filter(pk=unmapped.pk).update(source=UnmappedTag.Source.TAG, count=1)
        else:
            UnmappedTag.objects.filter(pk=unmapped.pk).update(count=F("count") + 1)
    return ids


@transaction.atomic
def unmapped_tag_map(*, tag: UnmappedTag, capability: Capability, actor: User) -> Capability:
    """Add the tag as a synonym of the capability (in the language its script suggests) and mark it mapped."""
    if not actor.has_perm("catalog.curate_vocabulary"):
        raise PermissionDenied(_("You may not do this."))
    text = tag.text
    is_latin = all(ord(ch) < 0x2E80 for ch in text)
    field = "synonyms_en" if is_latin else "synonyms_zh"
    synonyms = list(getattr(capability, field))
    if text not in synonyms:
        synonyms.append(text)
        setattr(capability, field, synonyms)
        capability.save(update_fields=[field])
    tag.mapped_to = capability
    tag.save(update_fields=["mapped_to"])
    return capability
