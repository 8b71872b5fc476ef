"""Writes in the catalog. Views, the API, admin and commands call these; they never save catalog models directly.

Every function checks who acts (``PermissionDenied``) and what must hold (``ValidationError`` with messages per
field), runs in one transaction, and leaves nothing half-saved. Lifecycle transitions are recorded in
``ScenarioTransition`` (who, when, why, from, to); edits in ``ScenarioRevision`` (changed fields, old and new).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog import attachments as attachment_rules
from catalog import hooks
from catalog.concepts import SiteVocabulary, site_vocabulary
from catalog.models import (
    Attachment,
    Capability,
    Deployment,
    Domain,
    EvaluationCriterion,
    Question,
    Scenario,
    ScenarioRevision,
    ScenarioTransition,
    Solution,
    UnmappedTag,
)
from core.text import normalize_text
from directory.models import Organization, Region, User
from vocabulary import fold

S = Scenario.Status

SCENARIO_FIELDS = (
    "title",
    "summary",
    "problem_statement",
    "domain",
    "county",
    "tier",
    "expected_outcomes",
    "open_resources",
    "budget_min",
    "budget_max",
    "funding_model",
    "deadline",
    "pilot_start",
    "pilot_end",
    "contact_name",
    "contact_email",
    "contact_phone",
    "replicable",
    "language",
    "tags",
    "external_ref",
)
SOLUTION_FIELDS = (
    "title",
    "summary",
    "description",
    "maturity",
    "price_min",
    "price_max",
    "delivery_model",
    "certifications",
    "languages",
    "contact_name",
    "contact_email",
    "contact_phone",
    "language",
    "tags",
    "external_ref",
)
TEXT_FIELDS = (
    "title",
    "summary",
    "problem_statement",
    "description",
    "expected_outcomes",
    "open_resources",
    "contact_name",
    "contact_phone",
    "certifications",
)
EDITABLE_STATES = (S.DRAFT, S.OPEN)
# Answering a question inside this window before the deadline offers to extend it.
EXTENSION_WINDOW = dt.timedelta(days=3)


# ---------------------------------------------------------------- helpers


def _check_fields(fields: dict, allowed: Sequence[str]) -> None:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise TypeError(f"unexpected fields: {sorted(unknown)}")


def _clean_text_fields(obj) -> None:
    for name in TEXT_FIELDS:
        if hasattr(obj, name) and isinstance(getattr(obj, name), str):
            setattr(obj, name, getattr(obj, name).strip())


def _clean_tags(tags: Iterable[str] | None) -> list[str]:
    result: list[str] = []
    for tag in tags or []:
        text = normalize_text(str(tag))[:100]
        if text and text not in result:
            result.append(text)
    return result[:30]


def _money_errors(low, high, low_name: str, high_name: str) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for name, value in ((low_name, low), (high_name, high)):
        if value is not None and value < 0:
            errors[name] = [_("Amounts cannot be negative.")]
    if not errors and low is not None and high is not None and low > high:
        errors[high_name] = [_("The upper amount must not be below the lower amount.")]
    return errors


def _validate_criteria(criteria: list[tuple[str, int]] | None, *, required: bool) -> dict[str, list[str]]:
    if criteria is None or (not criteria and not required):
        return {}
    if not criteria:
        return {"criteria": [_("Give at least one evaluation criterion with a weight.")]}
    for name, weight in criteria:
        if not normalize_text(name or ""):
            return {"criteria": [_("Every evaluation criterion needs a name.")]}
        if not isinstance(weight, int) or not 1 <= weight <= 100:
            return {"criteria": [_("Each weight is a whole number from 1 to 100.")]}
    total = sum(weight for _name, weight in criteria)
    if total != 100:
        return {
            "criteria": [
                _("The weights of the evaluation criteria must sum to 100 (they sum to %(total)d).") % {"total": total}
            ]
        }
    return {}


def _validate_scenario(scenario: Scenario, criteria, *, publishing: bool) -> None:
    errors: dict[str, list[str]] = {}
    if not scenario.title:
        errors["title"] = [_("Give the scenario a title.")]
    errors.update(_money_errors(scenario.budget_min, scenario.budget_max, "budget_min", "budget_max"))
    county = scenario.county
    if county is None or county.level != Region.Level.COUNTY:
        errors["county"] = [_("Choose a county-level region (district, county or county-level city).")]
    elif scenario.owner.kind == Organization.Kind.COUNTY_OFFICE and county.code != scenario.owner.region_id:
        errors["county"] = [
            _("A county office publishes scenarios only for its own county (%(name)s).")
            % {"name": scenario.owner.region.name}
        ]
    if scenario.pilot_start and scenario.pilot_end and scenario.pilot_end < scenario.pilot_start:
        errors["pilot_end"] = [_("The pilot cannot end before it starts.")]
    if publishing:
        if not scenario.problem_statement:
            errors["problem_statement"] = [_("Describe the problem before publishing.")]
        if scenario.deadline is None:
            errors["deadline"] = [_("Set a submission deadline before publishing.")]
        elif scenario.deadline <= timezone.now():
            errors["deadline"] = [_("The submission deadline must be in the future.")]
        if scenario.budget_max is None or scenario.budget_max == 0:
            errors.setdefault("budget_max", [_("Give the budget (an upper amount above zero) before publishing.")])
    errors.update(_validate_criteria(criteria, required=publishing))
    if errors:
        raise ValidationError(errors)
    scenario.full_clean(exclude=["owner", "county", "domain", "created_by", "replicated_from", "search_text", "tags"])


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
        if not created:
            UnmappedTag.objects.filter(pk=unmapped.pk).update(count=F("count") + 1)
    return ids


def _capability_objects(capabilities) -> list[Capability]:
    """Accept Capability objects or codes; unknown codes are a validation error."""
    capabilities = list(capabilities or [])
    codes = [c for c in capabilities if isinstance(c, str)]
    objects = [c for c in capabilities if isinstance(c, Capability)]
    if codes:
        found = {c.code: c for c in Capability.objects.filter(code__in=codes)}
        missing = sorted(set(codes) - set(found))
        if missing:
            raise ValidationError(
                {"capabilities": [_("Unknown capability codes: %(codes)s.") % {"codes": ", ".join(missing)}]}
            )
        objects.extend(found.values())
    return objects


def _snapshot(scenario: Scenario) -> dict:
    data = {}
    for name in SCENARIO_FIELDS:
        value = getattr(scenario, name)
        if isinstance(value, Region | Domain):
            value = value.pk if isinstance(value, Region) else value.code
        elif isinstance(value, dt.datetime | dt.date):
            value = value.isoformat()
        data[name] = value
    data["capabilities"] = sorted(scenario.capabilities.values_list("code", flat=True)) if scenario.pk else []
    data["criteria"] = [[c.name, c.weight] for c in scenario.criteria.order_by("position", "id")] if scenario.pk else []
    return data


def _set_criteria(scenario: Scenario, criteria: list[tuple[str, int]]) -> None:
    scenario.criteria.all().delete()
    EvaluationCriterion.objects.bulk_create(
        EvaluationCriterion(scenario=scenario, name=name.strip()[:200], weight=weight, position=index)
        for index, (name, weight) in enumerate(criteria)
    )


class Operator:
    """Stands in for a user when an operator acts from the command line (imports, demo data): such callers are
    trusted with shell access, so permission checks pass, but every business rule still applies."""

    pk = None
    is_authenticated = True
    is_staff = True

    def has_perm(self, perm, obj=None) -> bool:
        return True

    def __str__(self) -> str:
        return "operator"


OPERATOR = Operator()


def _actor(user):
    return None if isinstance(user, Operator) else user


def _require(user: User | None, perm: str, obj) -> None:
    if user is None or not user.has_perm(perm, obj):
        raise PermissionDenied(_("You may not do this."))


def _record(
    scenario: Scenario, *, actor: User | None, to_status: str, reason: str = "", from_status: str | None = None
):
    ScenarioTransition.objects.create(
        scenario=scenario,
        from_status=from_status or scenario.status,
        to_status=to_status,
        actor=_actor(actor),
        reason=reason,
    )


def _locked(scenario: Scenario) -> Scenario:
    """Re-read the scenario under a row lock and persist an expired deadline first, so a transition always
    starts from the state a reader would see."""
    fresh = (
        Scenario.objects.select_for_update()
        .select_related("owner", "owner__region", "county", "domain")
        .get(pk=scenario.pk)
    )
    if fresh.status == S.OPEN and fresh.deadline is not None and fresh.deadline <= timezone.now():
        _record(fresh, actor=None, to_status=S.EVALUATING, reason="deadline passed")
        fresh.status = S.EVALUATING
        fresh.save(update_fields=["status", "updated_at"])
    return fresh


# ---------------------------------------------------------------- scenarios


@transaction.atomic
def scenario_create(
    *,
    actor: User,
    owner: Organization,
    capabilities: Iterable[Capability | str] = (),
    criteria: list[tuple[str, int]] | None = None,
    map_free_tags: bool = True,
    **fields,
) -> Scenario:
    """A draft scenario of ``owner`` (a verified county office, or the provincial office for any county)."""
    _check_fields(fields, SCENARIO_FIELDS)
    _require(actor, "catalog.create_scenario_for", owner)
    fields["tags"] = _clean_tags(fields.get("tags"))
    if fields.get("county") is None and owner.kind == Organization.Kind.COUNTY_OFFICE:
        fields["county"] = owner.region
    scenario = Scenario(owner=owner, created_by=_actor(actor), status=S.DRAFT, **fields)
    _clean_text_fields(scenario)
    _validate_scenario(scenario, criteria, publishing=False)
    capability_objects = _capability_objects(capabilities)
    scenario.save()
    ids = {c.pk for c in capability_objects}
    if map_free_tags and scenario.tags:
        ids |= map_tags(tags=scenario.tags, example=scenario)
    scenario.capabilities.set(ids)
    if criteria:
        _set_criteria(scenario, criteria)
    refresh_scenario_search_text(scenario)
    return scenario


@transaction.atomic
def scenario_update(
    *,
    scenario: Scenario,
    actor: User,
    capabilities: Iterable[Capability | str] | None = None,
    criteria: list[tuple[str, int]] | None = None,
    **fields,
) -> Scenario:
    """Edit a draft or open scenario; keeps a revision of what changed. Once questions exist the deadline
    may only move later."""
    _check_fields(fields, SCENARIO_FIELDS)
    _require(actor, "catalog.change_scenario", scenario)
    scenario = _locked(scenario)
    if scenario.status not in EDITABLE_STATES:
        raise ValidationError(
            _("Only draft and open scenarios can be edited (this one is %(state)s).")
            % {"state": scenario.get_status_display()}
        )
    before = _snapshot(scenario)
    old_deadline = scenario.deadline
    if "tags" in fields:
        fields["tags"] = _clean_tags(fields["tags"])
    for name, value in fields.items():
        setattr(scenario, name, value)
    _clean_text_fields(scenario)
    moved_earlier = old_deadline is not None and scenario.deadline is not None and scenario.deadline < old_deadline
    if scenario.status == S.OPEN and moved_earlier and scenario.questions.exists():
        raise ValidationError({"deadline": [_("Firms have asked questions: the deadline can only move later.")]})
    effective_criteria = criteria if criteria is not None else [tuple(c) for c in before["criteria"]]
    _validate_scenario(scenario, effective_criteria, publishing=scenario.status == S.OPEN)
    capability_objects = _capability_objects(capabilities) if capabilities is not None else None
    scenario.save()
    if capability_objects is not None:
        ids = {c.pk for c in capability_objects}
        if "tags" in fields and scenario.tags:
            ids |= map_tags(tags=[t for t in scenario.tags if t not in before["tags"]], example=scenario)
        scenario.capabilities.set(ids)
    if criteria is not None:
        _set_criteria(scenario, criteria)
    after = _snapshot(scenario)
    changes = {k: [before[k], after[k]] for k in after if before[k] != after[k]}
    if changes:
        ScenarioRevision.objects.create(scenario=scenario, actor=_actor(actor), changes=changes)
    refresh_scenario_search_text(scenario)
    hooks.scenario_changed(scenario.pk, "edited")
    return scenario


def _transition(
    *, scenario: Scenario, actor: User | None, allowed_from: Sequence[str], to: str, reason: str = ""
) -> Scenario:
    _require(actor, "catalog.transition_scenario", scenario)
    scenario = _locked(scenario)
    if scenario.status not in allowed_from:
        raise ValidationError(
            _("A scenario that is %(state)s cannot become %(target)s.")
            % {"state": scenario.get_status_display(), "target": S(to).label}
        )
    _record(scenario, actor=actor, to_status=to, reason=(reason or "").strip()[:2000])
    scenario.status = to
    scenario.save(update_fields=["status", "updated_at"])
    hooks.scenario_changed(scenario.pk, "published" if to == S.OPEN else "cancelled" if to == S.CANCELLED else "status")
    return scenario


@transaction.atomic
def scenario_publish(*, scenario: Scenario, actor: User, reason: str = "") -> Scenario:
    """draft → open. Needs a future deadline, a problem statement, a valid budget and criteria summing to 100."""
    _require(actor, "catalog.transition_scenario", scenario)
    locked = _locked(scenario)
    if locked.status != S.DRAFT:
        raise ValidationError(_("Only a draft can be published."))
    if not locked.owner.can_publish:
        raise PermissionDenied(_("Only verified organisations publish."))
    criteria = [(c.name, c.weight) for c in locked.criteria.all()]
    _validate_scenario(locked, criteria, publishing=True)
    scenario = _transition(scenario=locked, actor=actor, allowed_from=[S.DRAFT], to=S.OPEN, reason=reason)
    scenario.published_at = timezone.now()
    scenario.save(update_fields=["published_at"])
    return scenario


@transaction.atomic
def scenario_close(*, scenario: Scenario, actor: User, reason: str = "") -> Scenario:
    """open → evaluating before the deadline (the owner stops taking proposals early)."""
    return _transition(scenario=scenario, actor=actor, allowed_from=[S.OPEN], to=S.EVALUATING, reason=reason)


@transaction.atomic
def scenario_award(*, scenario: Scenario, actor: User, reason: str = "") -> Scenario:
    """evaluating → awarded. The matching app calls this after its own checks on proposals."""
    return _transition(scenario=scenario, actor=actor, allowed_from=[S.EVALUATING], to=S.AWARDED, reason=reason)


@transaction.atomic
def scenario_start_pilot(*, scenario: Scenario, actor: User, reason: str = "") -> Scenario:
    """awarded → piloting."""
    return _transition(scenario=scenario, actor=actor, allowed_from=[S.AWARDED], to=S.PILOTING, reason=reason)


@transaction.atomic
def scenario_complete(*, scenario: Scenario, actor: User, reason: str = "") -> Scenario:
    """piloting → completed."""
    return _transition(scenario=scenario, actor=actor, allowed_from=[S.PILOTING], to=S.COMPLETED, reason=reason)


@transaction.atomic
def scenario_cancel(*, scenario: Scenario, actor: User, reason: str) -> Scenario:
    """Any state before completed → cancelled; a reason is required."""
    if not normalize_text(reason or ""):
        raise ValidationError({"reason": [_("Say why the scenario is cancelled.")]})
    return _transition(
        scenario=scenario,
        actor=actor,
        allowed_from=[S.DRAFT, S.OPEN, S.EVALUATING, S.AWARDED, S.PILOTING],
        to=S.CANCELLED,
        reason=reason,
    )


TRANSITIONS = {
    "publish": scenario_publish,
    "close": scenario_close,
    "award": scenario_award,
    "start_pilot": scenario_start_pilot,
    "complete": scenario_complete,
    "cancel": scenario_cancel,
}


@transaction.atomic
def scenario_delete(*, scenario: Scenario, actor: User) -> None:
    """Delete a never-published draft (admins of the owner only); published scenarios are cancelled instead."""
    _require(actor, "catalog.delete_scenario", scenario)
    scenario = _locked(scenario)
    if scenario.status != S.DRAFT or scenario.published_at is not None:
        raise ValidationError(_("Only drafts can be deleted; cancel a published scenario instead."))
    scenario.delete()


def scenarios_close_expired(*, now: dt.datetime | None = None) -> int:
    """Persist ``evaluating`` for every open scenario past its deadline (with a system transition row).
    Idempotent; returns how many were closed."""
    now = now or timezone.now()
    closed = 0
    for pk in Scenario.objects.filter(status=S.OPEN, deadline__lte=now).values_list("pk", flat=True):
        with transaction.atomic():
            scenario = Scenario.objects.select_for_update().filter(pk=pk, status=S.OPEN, deadline__lte=now).first()
            if scenario is None:
                continue
            _record(scenario, actor=None, to_status=S.EVALUATING, reason="deadline passed")
            scenario.status = S.EVALUATING
            scenario.save(update_fields=["status", "updated_at"])
            closed += 1
    return closed


@transaction.atomic
def scenario_adopt(*, source: Scenario, actor: User, office: Organization) -> Scenario:
    """A draft copy of a replicable, published scenario for ``office``'s own county, linked to its source."""
    if not (source.published_at is not None and actor.has_perm("catalog.create_scenario_for", office)):
        raise PermissionDenied(_("You may not do this."))
    if office.kind != Organization.Kind.COUNTY_OFFICE:
        raise ValidationError(_("Only a county office adopts scenarios, for its own county."))
    if not source.replicable:
        raise ValidationError(_("This scenario is not marked as replicable."))
    if office.pk == source.owner_id:
        raise ValidationError(_("A county cannot adopt its own scenario."))
    copy = Scenario(
        owner=office,
        county=office.region,
        created_by=_actor(actor),
        status=S.DRAFT,
        replicated_from=source,
        contact_name="",
        **{
            name: getattr(source, name)
            for name in SCENARIO_FIELDS
            if name not in ("county", "deadline", "contact_name", "contact_email", "contact_phone", "external_ref")
        },
    )
    copy.save()
    copy.capabilities.set(source.capabilities.all())
    _set_criteria(copy, [(c.name, c.weight) for c in source.criteria.all()])
    refresh_scenario_search_text(copy)
    return copy


# ---------------------------------------------------------------- questions


@transaction.atomic
def question_ask(*, scenario: Scenario, actor: User, text: str, organization: Organization | None = None) -> Question:
    """A verified firm's member asks on an open scenario. The firm defaults to the user's first verified firm."""
    _require(actor, "catalog.ask_question", scenario)
    from directory.permissions import is_org_member

    if organization is None:
        organization = (
            Organization.objects.verified()
            .filter(kind=Organization.Kind.FIRM, memberships__user=actor, memberships__status="active")
            .order_by("pk")
            .first()
        )
    if organization is None or organization.kind != Organization.Kind.FIRM or not is_org_member(actor, organization):
        raise PermissionDenied(_("Only members of a verified firm ask questions."))
    if not scenario.is_open:
        raise ValidationError(_("Questions are taken only while the scenario is open."))
    text = (text or "").strip()
    if not normalize_text(text):
        raise ValidationError({"text": [_("Write your question.")]})
    return Question.objects.create(scenario=scenario, asker_organization=organization, asked_by=actor, text=text[:4000])


@transaction.atomic
def question_answer(
    *, question: Question, actor: User, answer: str, extend_deadline_to: dt.datetime | None = None
) -> Question:
    """The owner answers; the answer becomes public. Within the last three days before the deadline the owner
    may extend the deadline in the same step (it may only move later)."""
    scenario = question.scenario
    _require(actor, "catalog.answer_question", scenario)
    answer = (answer or "").strip()
    if not normalize_text(answer):
        raise ValidationError({"answer": [_("Write the answer.")]})
    if scenario.effective_status not in (S.OPEN, S.EVALUATING):
        raise ValidationError(_("This scenario no longer takes answers."))
    question.answer = answer[:8000]
    question.answered_by = _actor(actor)
    question.answered_at = timezone.now()
    question.save(update_fields=["answer", "answered_by", "answered_at"])
    if extend_deadline_to is not None:
        if scenario.deadline and extend_deadline_to <= scenario.deadline:
            raise ValidationError({"extend_deadline_to": [_("The new deadline must be later than the current one.")]})
        if scenario.effective_status != S.OPEN:
            raise ValidationError({"extend_deadline_to": [_("The deadline has passed; it can no longer be extended.")]})
        scenario_update(scenario=scenario, actor=actor, deadline=extend_deadline_to)
    hooks.question_answered(question.pk)
    return question


def deadline_extension_offered(scenario: Scenario, *, now: dt.datetime | None = None) -> bool:
    """True in the last three days before the deadline of an open scenario."""
    now = now or timezone.now()
    return (
        scenario.effective_status == S.OPEN
        and scenario.deadline is not None
        and scenario.deadline - now <= EXTENSION_WINDOW
    )


# ---------------------------------------------------------------- solutions


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
    domains = list(domains or [])
    codes = [d for d in domains if isinstance(d, str)]
    objects = [d for d in domains if isinstance(d, Domain)]
    if codes:
        found = {d.code: d for d in Domain.objects.filter(code__in=codes)}
        missing = sorted(set(codes) - set(found))
        if missing:
            raise ValidationError({"domains": [_("Unknown domain codes: %(codes)s.") % {"codes": ", ".join(missing)}]})
        objects.extend(found.values())
    return objects


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
    ids = {c.pk for c in capability_objects}
    if map_free_tags and solution.tags:
        ids |= map_tags(tags=solution.tags, example=solution)
    solution.capabilities.set(ids)
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
    _require(actor, "catalog.change_solution", solution)
    if "tags" in fields:
        fields["tags"] = _clean_tags(fields["tags"])
    for name, value in fields.items():
        setattr(solution, name, value)
    _clean_text_fields(solution)
    domain_objects = _domain_objects(domains) if domains is not None else None
    _validate_solution(solution, domain_objects)
    capability_objects = _capability_objects(capabilities) if capabilities is not None else None
    solution.save()
    if domain_objects is not None:
        solution.domains.set(domain_objects)
    if capability_objects is not None:
        solution.capabilities.set(capability_objects)
    refresh_solution_search_text(solution)
    hooks.solution_changed(solution.pk, "edited")
    return solution


@transaction.atomic
def solution_publish(*, solution: Solution, actor: User) -> Solution:
    _require(actor, "catalog.change_solution", solution)
    if not solution.owner.can_publish:
        raise PermissionDenied(_("Only verified organisations publish."))
    if solution.status == Solution.Status.PUBLISHED:
        raise ValidationError(_("The solution is already published."))
    if not solution.description and not solution.summary:
        raise ValidationError({"description": [_("Describe the solution before publishing.")]})
    if not solution.domains.exists():
        raise ValidationError({"domains": [_("Choose at least one domain.")]})
    solution.status = Solution.Status.PUBLISHED
    solution.published_at = solution.published_at or timezone.now()
    solution.save(update_fields=["status", "published_at", "updated_at"])
    hooks.solution_changed(solution.pk, "published")
    return solution


@transaction.atomic
def solution_archive(*, solution: Solution, actor: User) -> Solution:
    _require(actor, "catalog.change_solution", solution)
    if solution.status == Solution.Status.ARCHIVED:
        raise ValidationError(_("The solution is already archived."))
    solution.status = Solution.Status.ARCHIVED
    solution.save(update_fields=["status", "updated_at"])
    hooks.solution_changed(solution.pk, "archived")
    return solution


@transaction.atomic
def solution_delete(*, solution: Solution, actor: User) -> None:
    """Delete a never-published draft; published solutions are archived instead."""
    _require(actor, "catalog.delete_solution", solution)
    if solution.status != Solution.Status.DRAFT or solution.published_at is not None:
        raise ValidationError(_("Only drafts can be deleted; archive a published solution instead."))
    solution.delete()


@transaction.atomic
def deployment_add(
    *, solution: Solution, actor: User, county: Region, year: int | None = None, note: str = ""
) -> Deployment:
    _require(actor, "catalog.change_solution", solution)
    if county.level != Region.Level.COUNTY:
        raise ValidationError({"county": [_("Choose a county-level region.")]})
    this_year = timezone.localdate().year
    if year is not None and not 1990 <= year <= this_year:
        raise ValidationError({"year": [_("The year must be between 1990 and %(year)d.") % {"year": this_year}]})
    deployment, _created = Deployment.objects.get_or_create(
        solution=solution, county=county, year=year, defaults={"note": normalize_text(note or "")[:300]}
    )
    hooks.solution_changed(solution.pk, "edited")
    return deployment


# ---------------------------------------------------------------- attachments


@transaction.atomic
def attachment_add(*, parent: Scenario | Solution, actor: User, upload) -> Attachment:
    """Attach a checked file (type from its content, 20 MB at most) under a generated name."""
    perm = "catalog.change_scenario" if isinstance(parent, Scenario) else "catalog.change_solution"
    _require(actor, perm, parent)
    try:
        name, extension, mime = attachment_rules.validate_upload(upload)
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from None
    attachment = Attachment(
        original_name=name,
        extension=extension,
        content_type=mime,
        size=upload.size,
        uploaded_by=_actor(actor),
        **({"scenario": parent} if isinstance(parent, Scenario) else {"solution": parent}),
    )
    upload.seek(0)
    attachment.file.save(f"upload{extension}", upload, save=False)
    attachment.save()
    return attachment


@transaction.atomic
def attachment_delete(*, attachment: Attachment, actor: User) -> None:
    parent = attachment.scenario or attachment.solution
    perm = "catalog.change_scenario" if attachment.scenario_id else "catalog.change_solution"
    _require(actor, perm, parent)
    attachment.file.delete(save=False)
    attachment.delete()


# ---------------------------------------------------------------- vocabulary curation


@transaction.atomic
def unmapped_tag_map(*, tag: UnmappedTag, capability: Capability, actor: User) -> Capability:
    """Add the tag as a synonym of the capability (in the language its script suggests) and mark it mapped."""
    if not actor.is_staff:
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
