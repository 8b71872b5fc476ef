"""The expert pool and evaluation panels drawn by lot from it.

When: a panel is drawn once the call is unsealed (its deadline passed or the owner closed it early) and before
the award, at the owner office's request (or the pool's keepers'). Not earlier: conflicts depend on who bid, and
before the deadline even the bidders' names are sealed. Not automatically at closing: the owner office chooses
the panel size and the number of reserves.

How: the pool is the active experts in the scenario's domain. An expert is excluded when they work for a
bidder, are a member of a bidder, declared a tie with a bidder or with the owner office, or already evaluate
the call. Each eligible expert gets the key SHA-256("<seed>:<expert id>") and the experts are drawn in
ascending key order (:func:`draw_order`): the first ``size`` sit on the panel, the next ``reserves`` wait in
order. The record keeps the seed, the pool, the bidders, the exclusions with their reasons and the order, so
:func:`panel_draw_replay` (and ``manage.py replay_panel_draw``) re-runs the draw and gets the same panel.

A seated expert who declines, recuses or is found conflicted leaves the panel (their evaluation is recused)
and the next waiting reserve takes the seat — skipped, with the reason recorded, if a conflict is found now.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.models import Domain, Scenario
from core.exceptions import StateConflict
from directory.models import Organization, User
from directory.selectors import member_ids
from proposals import notifications
from proposals import permissions as perms
from proposals.models import Evaluation, Expert, ExpertTie, PanelDraw, PanelSeat, Proposal
from proposals.services.common import _not_awarded, _require, _text, audited

MAX_PANEL = 15
MAX_RESERVES = 10


def reason_label(code: str) -> str:
    """Why an expert was left out of a draw (the codes are stored in the record, the labels shown)."""
    labels = {
        "bidder_organization": _("works for a bidder"),
        "bidder_member": _("is a member of a bidder"),
        "tie_bidder": _("declared a tie with a bidder"),
        "tie_owner": _("declared a tie with the owner office"),
        "already_evaluator": _("already evaluates this call"),
    }
    return labels.get(code, code)


def draw_order(*, seed: str, expert_ids: Iterable[int]) -> list[int]:
    """The experts in drawn order: ascending SHA-256 of ``"<seed>:<id>"`` (hex), ties by id. Deterministic for
    a seed and a set of ids, whatever their order; anyone can check it with any SHA-256 tool."""
    return sorted(set(expert_ids), key=lambda i: (hashlib.sha256(f"{seed}:{i}".encode()).hexdigest(), i))


# ---------------------------------------------------------------- the pool


@audited
def expert_add(
    *,
    actor: User,
    user: User,
    organization: Organization,
    domains: Iterable[Domain],
    speciality: str = "",
) -> Expert:
    """Put a person in the pool (once), with the organisation they work for and their domains."""
    _require(actor, "proposals.keep_expert_pool", None)
    domains = list(domains)
    if not domains:
        raise ValidationError({"domains": [_("Choose at least one domain the expert evaluates.")]})
    if Expert.objects.filter(user=user).exists():
        raise ValidationError({"user": [_("This person is already in the expert pool.")]})
    expert = Expert.objects.create(
        user=user, organization=organization, speciality=_text(speciality, 200), added_by=actor
    )
    expert.domains.set(domains)
    return expert


@audited
def expert_set_active(*, actor: User, expert: Expert, active: bool) -> Expert:
    """Take an expert out of the pool (future draws skip them; seats already held stay) or back in."""
    _require(actor, "proposals.keep_expert_pool", None)
    expert.active = active
    expert.save(update_fields=["active"])
    return expert


@audited
def expert_tie_declare(*, actor: User, expert: Expert, organization: Organization, nature: str) -> ExpertTie:
    """Record a tie the expert declared with an organisation (the expert or the pool's keepers record it)."""
    if actor.pk != expert.user_id:
        _require(actor, "proposals.keep_expert_pool", None)
    nature = _text(nature, 200)
    if not nature:
        raise ValidationError({"nature": [_("Say what the tie is (e.g. former employer, consultancy).")]})
    if ExpertTie.objects.filter(expert=expert, organization=organization).exists():
        raise ValidationError({"organization": [_("This tie is already declared.")]})
    return ExpertTie.objects.create(expert=expert, organization=organization, nature=nature)


# ---------------------------------------------------------------- conflicts


def conflicts(*, experts: list[Expert], bidder_ids: list[int], owner_id: int, scenario_id: int) -> dict[int, list]:
    """``{expert id: [{"code": …, "organization": id or None}]}`` for every conflicted expert among ``experts``
    (see the module docstring). Three queries."""
    bidders = set(bidder_ids)
    found: dict[int, list] = {}

    def add(expert_id: int, code: str, organization_id: int | None) -> None:
        found.setdefault(expert_id, []).append({"code": code, "organization": organization_id})

    ids = [e.pk for e in experts]
    members_of_bidders = (
        set(User.objects.filter(pk__in=member_ids(organization_ids=bidders)).values_list("pk", flat=True))
        if bidders
        else set()
    )
    evaluators = set(Evaluation.objects.filter(scenario_id=scenario_id).values_list("evaluator_id", flat=True))
    ties: dict[int, list[int]] = {}
    for expert_id, organization_id in (
        ExpertTie.objects.filter(expert_id__in=ids)
        .filter(Q(organization_id__in=bidders) | Q(organization_id=owner_id))
        .values_list("expert_id", "organization_id")
        .order_by("expert_id", "organization_id")
    ):
        ties.setdefault(expert_id, []).append(organization_id)
    for expert in experts:
        if expert.organization_id in bidders:
            add(expert.pk, "bidder_organization", expert.organization_id)
        if expert.user_id in members_of_bidders:
            add(expert.pk, "bidder_member", None)
        for organization_id in ties.get(expert.pk, []):
            add(expert.pk, "tie_owner" if organization_id == owner_id else "tie_bidder", organization_id)
        if expert.user_id in evaluators:
            add(expert.pk, "already_evaluator", None)
    return found


def _bidder_ids(scenario: Scenario) -> list[int]:
    return sorted(
        set(
            Proposal.objects.filter(scenario=scenario, status=Proposal.Status.SUBMITTED).values_list(
                "firm_id", flat=True
            )
        )
    )


# ---------------------------------------------------------------- the draw


def _seat(seat: PanelSeat, *, scenario: Scenario) -> PanelSeat:
    """Seat ``seat``'s expert: create their evaluation of the call and tell them."""
    evaluation = Evaluation.objects.create(scenario=scenario, evaluator=seat.expert.user, assigned_by=None)
    seat.status = PanelSeat.Status.SEATED
    seat.evaluation = evaluation
    seat.seated_at = timezone.now()
    seat.save()
    notifications.send(
        users=[seat.expert.user],
        kind="evaluation_assigned",
        message=notifications.PANEL_SEATED,
        params={"title": scenario.title, "scenario": scenario.pk},
        url=reverse("proposals:evaluation-detail", args=[evaluation.pk]),
    )
    return seat


def _refuse_unless_drawable(scenario: Scenario) -> None:
    if scenario.status == Scenario.Status.CANCELLED or not perms.is_unsealed(scenario):
        raise StateConflict(_("A panel is drawn once the call has closed and the bidders are known."))
    _not_awarded(scenario)


@audited
def panel_draw(*, scenario: Scenario, actor: User, size: int, reserves: int, seed: str | None = None) -> PanelDraw:
    """Draw the call's panel by lot from the pool, excluding conflicted experts, and record the draw.

    Refused before unsealing, after the award, for a cancelled call, when nobody bid, when a panel was already
    drawn and when fewer eligible experts than ``size`` remain. ``seed`` is for tests and re-runs only; a draw
    normally takes 128 random bits."""
    _require(actor, "proposals.draw_panel", scenario)
    scenario = Scenario.objects.select_for_update().get(pk=scenario.pk)
    _refuse_unless_drawable(scenario)
    if PanelDraw.objects.filter(scenario=scenario).exists():
        raise StateConflict(_("A panel has already been drawn for this call."))
    if isinstance(size, bool) or not isinstance(size, int) or not 1 <= size <= MAX_PANEL:
        raise ValidationError({"size": [_("A panel has 1 to %(max)d experts.") % {"max": MAX_PANEL}]})
    if isinstance(reserves, bool) or not isinstance(reserves, int) or not 0 <= reserves <= MAX_RESERVES:
        raise ValidationError({"reserves": [_("Draw 0 to %(max)d reserve experts.") % {"max": MAX_RESERVES}]})
    bidders = _bidder_ids(scenario)
    if not bidders:
        raise StateConflict(_("Nobody submitted a proposal: there is nothing for a panel to evaluate."))
    experts = list(Expert.objects.filter(active=True, domains=scenario.domain_id).distinct().order_by("pk"))
    excluded = conflicts(experts=experts, bidder_ids=bidders, owner_id=scenario.owner_id, scenario_id=scenario.pk)
    eligible = [e.pk for e in experts if e.pk not in excluded]
    if len(eligible) < size:
        raise StateConflict(
            _("Only %(n)d expert(s) of the pool in this domain are free of conflicts; the panel needs %(size)d.")
            % {"n": len(eligible), "size": size}
        )
    seed = seed or secrets.token_hex(16)
    order = draw_order(seed=seed, expert_ids=eligible)
    draw = PanelDraw.objects.create(
        scenario=scenario,
        seed=seed,
        size=size,
        reserves=reserves,
        pool=[e.pk for e in experts],
        bidders=bidders,
        excluded=[{"expert": pk, "reasons": reasons} for pk, reasons in sorted(excluded.items())],
        order=order,
        drawn_by=actor,
    )
    by_pk = {e.pk: e for e in experts}
    for position, expert_id in enumerate(order[: size + reserves], start=1):
        member = position <= size
        seat = PanelSeat.objects.create(
            draw=draw,
            expert=by_pk[expert_id],
            position=position,
            role=PanelSeat.Role.MEMBER if member else PanelSeat.Role.RESERVE,
            status=PanelSeat.Status.WAITING,
        )
        if member:
            _seat(seat, scenario=scenario)
    return draw


@dataclass(frozen=True)
class Replay:
    order: list[int]
    members: list[int]
    reserves: list[int]
    same: bool


def panel_draw_replay(draw: PanelDraw) -> Replay:
    """Re-run a recorded draw from its seed, pool snapshot and exclusions: the order, the panel and the reserves
    it gives, and whether that is the recorded order. Reads nothing but the record."""
    excluded = {row["expert"] for row in draw.excluded}
    order = draw_order(seed=draw.seed, expert_ids=[pk for pk in draw.pool if pk not in excluded])
    return Replay(
        order=order,
        members=order[: draw.size],
        reserves=order[draw.size : draw.size + draw.reserves],
        same=order == list(draw.order),
    )


# ---------------------------------------------------------------- leaving the panel


def _call_reserve(draw: PanelDraw, *, scenario: Scenario) -> PanelSeat | None:
    """Seat the next waiting reserve (in drawn order) who is still free of conflicts; a reserve found
    conflicted now is skipped with the reason recorded. ``None`` when no reserve is left."""
    bidders = _bidder_ids(scenario)
    for seat in draw.seats.select_for_update().filter(status=PanelSeat.Status.WAITING).order_by("position"):
        found = conflicts(
            experts=[seat.expert], bidder_ids=bidders, owner_id=scenario.owner_id, scenario_id=scenario.pk
        ).get(seat.expert_id)
        if found:
            seat.status = PanelSeat.Status.CONFLICTED
            seat.reason = "; ".join(reason_label(r["code"]) for r in found)
            seat.ended_at = timezone.now()
            seat.save()
            continue
        return _seat(seat, scenario=scenario)
    return None


def _leave(seat: PanelSeat, *, status: str, reason: str, actor: User | None) -> PanelSeat | None:
    """End ``seat`` (locked) with ``status`` and call the next reserve if it was seated; returns the new seat."""
    was_seated = seat.status == PanelSeat.Status.SEATED
    seat.status = status
    seat.reason = reason
    seat.ended_at = timezone.now()
    seat.ended_by = actor
    seat.save()
    if seat.evaluation_id is not None:
        evaluation = Evaluation.objects.select_for_update().get(pk=seat.evaluation_id)
        if evaluation.status != Evaluation.Status.RECUSED:
            evaluation.status = Evaluation.Status.RECUSED
            evaluation.recusal_reason = reason
            evaluation.declared_at = evaluation.declared_at or timezone.now()
            evaluation.save()
    if not was_seated:
        return None
    return _call_reserve(seat.draw, scenario=seat.draw.scenario)


def _locked_seat(seat: PanelSeat) -> PanelSeat:
    return PanelSeat.objects.select_for_update().select_related("draw__scenario", "expert").get(pk=seat.pk)


def _refuse_unless_open(seat: PanelSeat) -> None:
    _not_awarded(seat.draw.scenario)
    evaluation = seat.evaluation
    if evaluation is not None and evaluation.status == Evaluation.Status.COMPLETED:
        raise StateConflict(_("This expert has completed the evaluation; the seat can no longer change."))


@audited
def panel_seat_decline(*, seat: PanelSeat, actor: User, reason: str) -> PanelSeat | None:
    """The seated expert declines, with a reason; the next reserve takes the seat. Returns that reserve's seat,
    or ``None`` when no reserve is left (the owner office then names evaluators itself)."""
    _require(actor, "proposals.decline_seat", seat)
    seat = _locked_seat(seat)
    if seat.status != PanelSeat.Status.SEATED:
        raise StateConflict(_("Only a seated panel member can decline."))
    _refuse_unless_open(seat)
    reason = _stated_reason(reason, _("Say why you decline."))
    return _leave(seat, status=PanelSeat.Status.DECLINED, reason=reason, actor=actor)


@audited
def panel_seat_conflict(*, seat: PanelSeat, actor: User, reason: str) -> PanelSeat | None:
    """The owner office (or the pool's keepers) finds a drawn expert conflicted: a seated member leaves and the
    next reserve takes the seat; a waiting reserve is skipped. Returns the new seat, if any."""
    seat = _locked_seat(seat)
    _require(actor, "proposals.draw_panel", seat.draw.scenario)
    if seat.status not in (PanelSeat.Status.SEATED, PanelSeat.Status.WAITING):
        raise StateConflict(_("This expert has already left the panel."))
    _refuse_unless_open(seat)
    reason = _stated_reason(reason, _("Say what the conflict is."))
    return _leave(seat, status=PanelSeat.Status.CONFLICTED, reason=reason, actor=actor)


def _stated_reason(reason: str, missing: str) -> str:
    """The reason a seat is left for, cleaned; ``missing`` as the error when none is given."""
    reason = _text(reason, 2000)
    if not reason:
        raise ValidationError({"reason": [missing]})
    return reason


def panel_recusal(evaluation: Evaluation, *, actor: User) -> PanelSeat | None:
    """A drawn expert recused on their evaluation page (declared a conflict): they leave the panel as found
    conflicted and the next reserve is seated. Called by ``evaluation_declare`` inside its transaction."""
    seat = PanelSeat.objects.filter(evaluation=evaluation, status=PanelSeat.Status.SEATED).first()
    if seat is None:
        return None
    seat = _locked_seat(seat)
    return _leave(seat, status=PanelSeat.Status.CONFLICTED, reason=evaluation.recusal_reason, actor=actor)
