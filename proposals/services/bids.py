"""A firm's proposal: create, edit, submit, withdraw, attach files."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from catalog.attachments import upload_row
from catalog.models import Scenario, Solution
from core.exceptions import StateConflict
from core.text import normalize_text
from directory.models import Organization, User
from directory.permissions import publishing_organizations
from proposals import notifications
from proposals.models import Proposal, ProposalAttachment, ProposalRevision, solution_snapshot
from proposals.services.common import PROPOSAL_FIELDS, TEXT_FIELDS, P, S, _owner_users, _require, audited, clean_price


def _lock_open_scenario(scenario: Scenario) -> Scenario:
    """Lock the scenario row and check, with the server's clock, that it still takes proposals."""
    locked = Scenario.objects.select_for_update().select_related("owner").get(pk=scenario.pk)
    now = timezone.now()
    if locked.status != S.OPEN or locked.deadline is None:
        raise StateConflict(_("This scenario is not open for proposals; nothing was saved."))
    if locked.deadline <= now:
        raise StateConflict(
            _("The deadline for proposals passed at %(deadline)s; nothing was saved.")
            % {"deadline": formats.date_format(timezone.localtime(locked.deadline), "Y-m-d H:i:s")}
        )
    # The instant the write was accepted: stamped on submissions and revisions, so records never post-date
    # the deadline check by the milliseconds the save takes.
    locked.checked_at = now
    return locked


def _lock_proposal(proposal: Proposal) -> tuple[Proposal, Scenario]:
    scenario = _lock_open_scenario(proposal.scenario)
    fresh = Proposal.objects.select_for_update().select_related("firm").get(pk=proposal.pk)
    fresh.scenario = scenario
    fresh.checked_at = scenario.checked_at
    return fresh, scenario


def _solution_objects(firm: Organization, solutions: Iterable) -> list[Solution]:
    ids = []
    for item in solutions or []:
        pk = item.pk if isinstance(item, Solution) else item
        try:
            ids.append(int(pk))
        except (TypeError, ValueError):
            raise ValidationError({"solutions": [_("Choose solutions from the list.")]}) from None
    found = list(Solution.objects.filter(pk__in=ids, owner=firm, status=Solution.Status.PUBLISHED).order_by("pk"))
    if len(found) != len(set(ids)):
        # Another firm's solution and a missing one read the same: nothing is revealed.
        raise ValidationError({"solutions": [_("Choose only published solutions of your own firm.")]})
    return found


def _apply_fields(proposal: Proposal, fields: dict) -> None:
    unknown = set(fields) - set(PROPOSAL_FIELDS)
    if unknown:
        raise TypeError(f"unexpected fields: {sorted(unknown)}")
    for name, value in fields.items():
        if name == "price":
            value = None if value in (None, "") else clean_price(value)
        elif name in TEXT_FIELDS:
            value = str(value or "").strip()
        elif name.startswith("declares_"):
            value = bool(value)
        setattr(proposal, name, value)


def _validate_for_submission(proposal: Proposal, solutions: Sequence[Solution]) -> None:
    errors: dict[str, list[str]] = {}
    if not solutions:
        errors["solutions"] = [_("Choose at least one of your firm's published solutions.")]
    if not normalize_text(proposal.approach):
        errors["approach"] = [_("Describe your approach.")]
    if proposal.price is None:
        errors["price"] = [_("Give the price in yuan.")]
    if not proposal.declares_no_conflict:
        errors["declares_no_conflict"] = [_("Declare that you have no conflict of interest.")]
    if not proposal.declares_data_security:
        errors["declares_data_security"] = [_("Declare compliance with the data-security rules.")]
    if errors:
        raise ValidationError(errors)
    proposal.full_clean(
        exclude=["scenario", "firm", "created_by", "disqualified_by", "solutions"], validate_constraints=False
    )


def snapshot(proposal: Proposal) -> dict:
    """The full content of a proposal as JSON (for the revision history)."""
    data = {name: getattr(proposal, name) for name in PROPOSAL_FIELDS}
    # The cited solutions' content, not only their ids: the bid must read the same after a solution changes.
    data["solutions"] = [solution_snapshot(s) for s in proposal.solutions.order_by("pk")]
    data["attachments"] = list(proposal.attachments.order_by("id").values_list("original_name", flat=True))
    data["status"] = proposal.status
    return data


def _record_revision(proposal: Proposal, actor: User) -> ProposalRevision:
    """The revision row of the version just saved (callers bump ``version`` in the same save as the change, so
    the audit trail records one entry per revision)."""
    return ProposalRevision.objects.create(
        proposal=proposal,
        number=proposal.version,
        snapshot=snapshot(proposal),
        actor=actor,
        at=getattr(proposal, "checked_at", None) or timezone.now(),
    )


def _firm_for(actor: User, firm: Organization | None) -> Organization:
    """The firm the actor bids for: the one given, or the only firm they may bid for."""
    if firm is None:
        firms = publishing_organizations(actor, kinds=[Organization.Kind.FIRM])
        if len(firms) > 1:
            raise ValidationError({"firm": [_("You act for several firms: say which one.")]})
        firm = firms[0] if firms else None
    if firm is None or not actor.has_perm("proposals.bid_for", firm):
        raise PermissionDenied(_("Only an admin or editor of a verified firm submits proposals."))
    return firm


@audited
def proposal_create(
    *,
    actor: User,
    scenario: Scenario,
    firm: Organization | None = None,
    solutions: Iterable = (),
    submit: bool = False,
    **fields,
) -> Proposal:
    """A draft proposal of ``firm`` for an open scenario (submitted at once with ``submit=True``)."""
    firm = _firm_for(actor, firm)
    if not actor.has_perm("catalog.read_scenario", scenario):
        raise Scenario.DoesNotExist
    scenario = _lock_open_scenario(scenario)
    if Proposal.objects.active().filter(scenario=scenario, firm=firm).exists():
        raise StateConflict(_("Your firm already has an active proposal for this scenario; revise that one."))
    proposal = Proposal(scenario=scenario, firm=firm, created_by=actor, created_at=scenario.checked_at)
    proposal.checked_at = scenario.checked_at
    _apply_fields(proposal, fields)
    solution_objects = _solution_objects(firm, solutions)
    if submit:
        _validate_for_submission(proposal, solution_objects)
        proposal.status = P.SUBMITTED
        proposal.submitted_at = scenario.checked_at
        proposal.version = 1
    try:
        with transaction.atomic():
            proposal.save()
    except IntegrityError:
        raise StateConflict(_("Your firm already has an active proposal for this scenario; revise that one.")) from None
    proposal.solutions.set(solution_objects)
    if submit:
        _record_revision(proposal, actor)
        _notify_received(scenario)
    return proposal


@audited
def proposal_update(*, proposal: Proposal, actor: User, solutions: Iterable | None = None, **fields) -> Proposal:
    """Revise a draft or submitted proposal before the deadline. A submitted proposal keeps every revision."""
    _require(actor, "proposals.edit_proposal", proposal)
    proposal, _scenario = _lock_proposal(proposal)
    if proposal.status == P.WITHDRAWN:
        raise StateConflict(_("A withdrawn proposal cannot be revised."))
    _apply_fields(proposal, fields)
    solution_objects = (
        _solution_objects(proposal.firm, solutions) if solutions is not None else list(proposal.solutions.all())
    )
    if proposal.status == P.SUBMITTED:
        _validate_for_submission(proposal, solution_objects)
        proposal.version += 1
    proposal.save()
    if solutions is not None:
        proposal.solutions.set(solution_objects)
    if proposal.status == P.SUBMITTED:
        _record_revision(proposal, actor)
    return proposal


@audited
def proposal_submit(*, proposal: Proposal, actor: User) -> Proposal:
    """draft → submitted, before the deadline; the owner is told only that the count went up."""
    _require(actor, "proposals.edit_proposal", proposal)
    proposal, scenario = _lock_proposal(proposal)
    if proposal.status != P.DRAFT:
        raise StateConflict(
            _("Only a draft can be submitted (this proposal is %(state)s).") % {"state": proposal.get_status_display()}
        )
    _validate_for_submission(proposal, list(proposal.solutions.all()))
    proposal.status = P.SUBMITTED
    proposal.submitted_at = proposal.checked_at
    proposal.version += 1
    proposal.save()
    _record_revision(proposal, actor)
    _notify_received(scenario)
    return proposal


@audited
def proposal_withdraw(*, proposal: Proposal, actor: User) -> Proposal:
    """Withdraw before the deadline. The firm may then start a new proposal."""
    _require(actor, "proposals.edit_proposal", proposal)
    proposal, _scenario = _lock_proposal(proposal)
    if proposal.status == P.WITHDRAWN:
        raise StateConflict(_("This proposal is already withdrawn."))
    proposal.status = P.WITHDRAWN
    proposal.withdrawn_at = proposal.checked_at
    proposal.save()
    return proposal


@audited
def proposal_attachment_add(*, proposal: Proposal, actor: User, upload) -> ProposalAttachment:
    _require(actor, "proposals.edit_proposal", proposal)
    proposal, _scenario = _lock_proposal(proposal)
    if proposal.status == P.WITHDRAWN:
        raise StateConflict(_("A withdrawn proposal cannot be revised."))
    attachment = upload_row(ProposalAttachment, upload, proposal=proposal, uploaded_by=actor)
    attachment.save()
    if proposal.status == P.SUBMITTED:
        proposal.version += 1
        proposal.save(update_fields=["version", "updated_at"])
        _record_revision(proposal, actor)
    return attachment


def _notify_received(scenario: Scenario) -> None:
    count = Proposal.objects.filter(scenario=scenario, status=P.SUBMITTED).count()
    notifications.send(
        users=_owner_users(scenario),
        kind="proposal_received",
        message=notifications.PROPOSAL_RECEIVED,
        params={"title": scenario.title, "count": count, "scenario": scenario.pk},
        url=reverse("proposals:my-scenarios"),
    )
