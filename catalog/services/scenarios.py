"""Scenario lifecycle: create, edit, publish and the later transitions, delete, expire, adopt."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog import hooks
from catalog.models import (
    Capability,
    Scenario,
    ScenarioRevision,
)
from catalog.services.common import (
    EDITABLE_STATES,
    SCENARIO_FIELDS,
    S,
    _actor,
    _apply_fields,
    _capability_objects,
    _check_fields,
    _clean_tags,
    _clean_text_fields,
    _locked,
    _record,
    _require,
    _set_criteria,
    _snapshot,
    _validate_scenario,
    review_required_for,
)
from catalog.services.outcomes import (
    clean_kpis,
    clean_resources,
    kpi_rows,
    publish_refusals,
    resource_rows,
    set_kpis,
    set_resources,
)
from catalog.services.search import capabilities_link, capabilities_relink, refresh_scenario_search_text
from core import pagecache
from core.exceptions import StateConflict
from core.text import normalize_text
from directory.models import Organization, User


@transaction.atomic
def scenario_create(
    *,
    actor: User,
    owner: Organization,
    capabilities: Iterable[Capability | str] = (),
    criteria: list[tuple[str, int]] | None = None,
    kpis: list[dict] | None = None,
    resources: list[dict] | None = None,
    map_free_tags: bool = True,
    **fields,
) -> Scenario:
    """A draft scenario of ``owner`` (a verified county office, or the provincial office for any county), with
    its KPI rows and opened resources (lists of dicts, see ``catalog.services.outcomes``)."""
    _check_fields(fields, SCENARIO_FIELDS)
    _require(actor, "catalog.create_scenario_for", owner)
    kpi_list = clean_kpis(kpis or [])
    resource_list = clean_resources(resources or [])
    fields["tags"] = _clean_tags(fields.get("tags"))
    if fields.get("county") is None and owner.kind == Organization.Kind.COUNTY_OFFICE:
        fields["county"] = owner.region
    scenario = Scenario(owner=owner, created_by=_actor(actor), status=S.DRAFT, **fields)
    _clean_text_fields(scenario)
    _validate_scenario(scenario, criteria, publishing=False)
    capability_objects = _capability_objects(capabilities)
    scenario.save()
    free_tags = scenario.tags if map_free_tags else []
    capabilities_link(entry=scenario, chosen=capability_objects, free_tags=free_tags)
    if criteria:
        _set_criteria(scenario, criteria)
    set_kpis(scenario, kpi_list)
    set_resources(scenario, resource_list)
    refresh_scenario_search_text(scenario)
    return scenario


@transaction.atomic
def scenario_update(
    *,
    scenario: Scenario,
    actor: User,
    capabilities: Iterable[Capability | str] | None = None,
    criteria: list[tuple[str, int]] | None = None,
    kpis: list[dict] | None = None,
    resources: list[dict] | None = None,
    **fields,
) -> Scenario:
    """Edit a draft or open scenario; keeps a revision of what changed. Once questions exist the deadline
    may only move later. ``kpis`` / ``resources`` (when given) replace the rows; an open scenario keeps at
    least one KPI."""
    _check_fields(fields, SCENARIO_FIELDS)
    kpi_list = clean_kpis(kpis) if kpis is not None else None
    resource_list = clean_resources(resources) if resources is not None else None
    _require(actor, "catalog.edit_scenario", scenario)
    scenario = _locked(scenario)
    if scenario.status not in EDITABLE_STATES:
        raise StateConflict(
            _("Only draft and open scenarios can be edited (this one is %(state)s).")
            % {"state": scenario.get_status_display()}
        )
    before = _snapshot(scenario)
    before["kpis"], before["resources"] = kpi_rows(scenario), resource_rows(scenario)
    # Scenarios published before KPIs were structured may stay without; one that has KPIs keeps at least one.
    if scenario.status == S.OPEN and kpi_list is not None and not kpi_list and before["kpis"]:
        raise ValidationError({"kpis": [_("A published scenario keeps at least one KPI.")]})
    old_deadline = scenario.deadline
    _apply_fields(scenario, fields)
    moved_earlier = old_deadline is not None and scenario.deadline is not None and scenario.deadline < old_deadline
    if scenario.status == S.OPEN and moved_earlier and scenario.questions.exists():
        raise ValidationError({"deadline": [_("Firms have asked questions: the deadline can only move later.")]})
    effective_criteria = criteria if criteria is not None else [tuple(c) for c in before["criteria"]]
    _validate_scenario(scenario, effective_criteria, publishing=scenario.status == S.OPEN)
    capability_objects = _capability_objects(capabilities) if capabilities is not None else None
    scenario.save()
    capabilities_relink(
        entry=scenario, chosen=capability_objects, old_tags=before["tags"], tags_edited="tags" in fields
    )
    if criteria is not None:
        _set_criteria(scenario, criteria)
    if kpi_list is not None:
        set_kpis(scenario, kpi_list)
    if resource_list is not None:
        set_resources(scenario, resource_list)
    after = _snapshot(scenario)
    after["kpis"], after["resources"] = kpi_rows(scenario), resource_rows(scenario)
    changes = {k: [before[k], after[k]] for k in after if before[k] != after[k]}
    if changes:
        ScenarioRevision.objects.create(scenario=scenario, actor=_actor(actor), changes=changes)
    refresh_scenario_search_text(scenario)
    hooks.scenario_changed(scenario.pk, "edited")
    return scenario


def _transition(
    *,
    scenario: Scenario,
    actor: User | None,
    allowed_from: Sequence[str],
    to: str,
    reason: str = "",
    perm: str = "catalog.transition_scenario",
) -> Scenario:
    _require(actor, perm, scenario)
    scenario = _locked(scenario)
    if scenario.status not in allowed_from:
        raise StateConflict(
            _("A scenario that is %(state)s cannot become %(target)s.")
            % {"state": scenario.get_status_display(), "target": S(to).label}
        )
    _record(scenario, actor=actor, to_status=to, reason=(reason or "").strip()[:2000])
    scenario.status = to
    scenario.save(update_fields=["status", "updated_at"])
    hooks.scenario_changed(scenario.pk, "published" if to == S.OPEN else "cancelled" if to == S.CANCELLED else "status")
    return scenario


def _check_ready(locked: Scenario) -> None:
    """What publication needs of the stored scenario (also checked when a county submits it for review)."""
    if not locked.owner.can_publish:
        raise PermissionDenied(_("Only verified organisations publish."))
    criteria = [(c.name, c.weight) for c in locked.criteria.all()]
    try:
        _validate_scenario(locked, criteria, publishing=True)
    except ValidationError as exc:
        # The stored draft is not ready (no deadline, budget, criteria …): the draft's state, not the request,
        # is what is wrong.
        raise StateConflict(exc.message_dict if hasattr(exc, "error_dict") else exc.messages) from None
    missing = publish_refusals(locked)
    if missing:
        raise StateConflict(missing)


def open_scenario(
    *, locked: Scenario, actor: User, allowed_from: Sequence[str], reason: str = "", perm: str
) -> Scenario:
    """→ open, with ``published_at``: the one place a scenario becomes public (direct or in a batch)."""
    _check_ready(locked)
    scenario = _transition(scenario=locked, actor=actor, allowed_from=allowed_from, to=S.OPEN, reason=reason, perm=perm)
    scenario.published_at = timezone.now()
    scenario.save(update_fields=["published_at"])
    return scenario


@transaction.atomic
def scenario_publish(*, scenario: Scenario, actor: User, reason: str = "") -> Scenario:
    """draft → open. Needs a future deadline, a problem statement, a valid budget and criteria summing to 100.
    Refused where the province reviews before publication (see ``catalog.services.review``)."""
    _require(actor, "catalog.transition_scenario", scenario)
    locked = _locked(scenario)
    if locked.status != S.DRAFT:
        raise StateConflict(_("Only a draft can be published."))
    if review_required_for(locked):
        raise StateConflict(
            _(
                "Scenarios of this province are reviewed before publication: submit it for city review; "
                "the province publishes it in a batch."
            )
        )
    return open_scenario(
        locked=locked, actor=actor, allowed_from=[S.DRAFT], reason=reason, perm="catalog.transition_scenario"
    )


@transaction.atomic
def scenario_close(*, scenario: Scenario, actor: User, reason: str = "") -> Scenario:
    """open → evaluating before the deadline (the owner stops taking proposals early). Refused once a proposal
    has been submitted: closing would unseal it ahead of the published deadline, so the owner may only extend
    the deadline or cancel the call (which tells every bidder)."""
    _require(actor, "catalog.transition_scenario", scenario)
    locked = _locked(scenario)
    if locked.status == S.OPEN:
        refusal = hooks.close_early_refusal(locked.pk)
        if refusal:
            raise StateConflict(refusal)
    return _transition(scenario=locked, actor=actor, allowed_from=[S.OPEN], to=S.EVALUATING, reason=reason)


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
    """piloting → completed, only once every engagement has ended (accepted or terminated): the layers above
    that own engagements say otherwise through ``catalog.hooks.complete_vetoes``."""
    refusal = hooks.complete_refusal(scenario.pk)
    if refusal:
        raise StateConflict(refusal)
    return _transition(scenario=scenario, actor=actor, allowed_from=[S.PILOTING], to=S.COMPLETED, reason=reason)


@transaction.atomic
def scenario_cancel(*, scenario: Scenario, actor: User, reason: str) -> Scenario:
    """Any state before completed → cancelled; a reason is required."""
    if not normalize_text(reason or ""):
        raise ValidationError({"reason": [_("Say why the scenario is cancelled.")]})
    return _transition(
        scenario=scenario,
        actor=actor,
        allowed_from=[S.DRAFT, S.SUBMITTED, S.REVIEWED, S.OPEN, S.EVALUATING, S.AWARDED, S.PILOTING],
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
    _require(actor, "catalog.remove_scenario", scenario)
    scenario = _locked(scenario)
    if scenario.status != S.DRAFT or scenario.published_at is not None:
        raise StateConflict(_("Only drafts can be deleted; cancel a published scenario instead."))
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
    pagecache.invalidate()
    return closed


@transaction.atomic
def scenario_adopt(*, source: Scenario, actor: User, office: Organization) -> Scenario:
    """A draft copy of a replicable, published scenario for ``office``'s own county, linked to its source."""
    if not (source.published_at is not None and actor.has_perm("catalog.create_scenario_for", office)):
        raise PermissionDenied(_("You may not do this."))
    if office.kind != Organization.Kind.COUNTY_OFFICE:
        raise ValidationError(_("Only a county office adopts scenarios, for its own county."))
    if not source.replicable:
        raise StateConflict(_("This scenario is not marked as replicable."))
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
    set_kpis(
        copy,
        [
            {name: getattr(k, name) for name in ("indicator", "unit", "baseline", "target", "method")}
            for k in source.kpis.all()
        ],
    )
    refresh_scenario_search_text(copy)
    return copy
