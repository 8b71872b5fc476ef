"""Solutions and their deployments."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog import hooks
from catalog.models import (
    Capability,
    Deployment,
    Domain,
    Solution,
)
from catalog.services.common import (
    SOLUTION_FIELDS,
    _actor,
    _apply_fields,
    _capability_objects,
    _check_fields,
    _clean_tags,
    _clean_text_fields,
    _money_errors,
    _require,
    objects_by_code,
)
from catalog.services.search import capabilities_link, capabilities_relink, refresh_solution_search_text
from core.exceptions import StateConflict
from core.text import clean_typed_text
from directory.models import Organization, Region, User


def _validate_solution(solution: Solution, domains: list[Domain] | None) -> None:
    errors: dict[str, list[str]] = {}
    if not solution.title:
        errors["title"] = [_("Give the solution a title.")]
    errors.update(_money_errors(solution.price_min, solution.price_max, "price_min", "price_max"))
    if domains is not None and not domains:
        errors["domains"] = [_("Choose at least one domain.")]
    if errors:
        raise ValidationError(errors)
    solution.full_clean(exclude=["owner", "created_by", "search_text", "tags", "languages"])


def _domain_objects(domains) -> list[Domain]:
    return objects_by_code(Domain, domains, field="domains", unknown=_("Unknown domain codes: %(codes)s."))


@transaction.atomic
def solution_create(
    *,
    actor: User,
    owner: Organization,
    domains: Iterable[Domain | str],
    capabilities: Iterable[Capability | str] = (),
    deployments: Iterable[tuple[Region, int | None, str]] = (),
    status: str = Solution.Status.DRAFT,
    map_free_tags: bool = True,
    **fields,
) -> Solution:
    """A solution of a verified firm, as a draft (or published directly)."""
    _check_fields(fields, SOLUTION_FIELDS)
    _require(actor, "catalog.create_solution_for", owner)
    fields["tags"] = _clean_tags(fields.get("tags"))
    solution = Solution(owner=owner, created_by=_actor(actor), status=Solution.Status.DRAFT, **fields)
    _clean_text_fields(solution)
    domain_objects = _domain_objects(domains)
    _validate_solution(solution, domain_objects)
    capability_objects = _capability_objects(capabilities)
    solution.save()
    solution.domains.set(domain_objects)
    free_tags = solution.tags if map_free_tags else []
    capabilities_link(entry=solution, chosen=capability_objects, free_tags=free_tags)
    for county, year, note in deployments:
        deployment_add(solution=solution, actor=actor, county=county, year=year, note=note)
    refresh_solution_search_text(solution)
    if status == Solution.Status.PUBLISHED:
        solution = solution_publish(solution=solution, actor=actor)
    return solution


@transaction.atomic
def solution_update(
    *,
    solution: Solution,
    actor: User,
    domains: Iterable[Domain | str] | None = None,
    capabilities: Iterable[Capability | str] | None = None,
    **fields,
) -> Solution:
    _check_fields(fields, SOLUTION_FIELDS)
    _require(actor, "catalog.edit_solution", solution)
    old_tags = list(solution.tags)
    _apply_fields(solution, fields)
    domain_objects = _domain_objects(domains) if domains is not None else None
    _validate_solution(solution, domain_objects)
    capability_objects = _capability_objects(capabilities) if capabilities is not None else None
    solution.save()
    if domain_objects is not None:
        solution.domains.set(domain_objects)
    capabilities_relink(entry=solution, chosen=capability_objects, old_tags=old_tags, tags_edited="tags" in fields)
    refresh_solution_search_text(solution)
    hooks.solution_changed(solution.pk, "edited")
    return solution


@transaction.atomic
def solution_publish(*, solution: Solution, actor: User) -> Solution:
    _require(actor, "catalog.edit_solution", solution)
    if not solution.owner.can_publish:
        raise PermissionDenied(_("Only verified organisations publish."))
    if solution.status == Solution.Status.PUBLISHED:
        raise StateConflict(_("The solution is already published."))
    if not solution.description and not solution.summary:
        raise StateConflict({"description": [_("Describe the solution before publishing.")]})
    if not solution.domains.exists():
        raise StateConflict({"domains": [_("Choose at least one domain.")]})
    solution.status = Solution.Status.PUBLISHED
    solution.published_at = solution.published_at or timezone.now()
    solution.save(update_fields=["status", "published_at", "updated_at"])
    hooks.solution_changed(solution.pk, "published")
    return solution


@transaction.atomic
def solution_archive(*, solution: Solution, actor: User) -> Solution:
    _require(actor, "catalog.edit_solution", solution)
    if solution.status == Solution.Status.ARCHIVED:
        raise StateConflict(_("The solution is already archived."))
    solution.status = Solution.Status.ARCHIVED
    solution.save(update_fields=["status", "updated_at"])
    hooks.solution_changed(solution.pk, "archived")
    return solution


@transaction.atomic
def solution_delete(*, solution: Solution, actor: User) -> None:
    """Delete a never-published draft; published solutions are archived instead."""
    _require(actor, "catalog.remove_solution", solution)
    if solution.status != Solution.Status.DRAFT or solution.published_at is not None:
        raise StateConflict(_("Only drafts can be deleted; archive a published solution instead."))
    solution.delete()


@transaction.atomic
def deployment_add(
    *, solution: Solution, actor: User, county: Region, year: int | None = None, note: str = ""
) -> Deployment:
    _require(actor, "catalog.edit_solution", solution)
    if county.level != Region.Level.COUNTY:
        raise ValidationError({"county": [_("Choose a county-level region.")]})
    this_year = timezone.localdate().year
    if year is not None and not 1990 <= year <= this_year:
        raise ValidationError({"year": [_("The year must be between 1990 and %(year)d.") % {"year": this_year}]})
    deployment, _created = Deployment.objects.get_or_create(
        solution=solution, county=county, year=year, defaults={"note": clean_typed_text(note or "")[:300]}
    )
    hooks.solution_changed(solution.pk, "edited")
    return deployment
