"""Review before publication, grades and numbered batches — only where a province's ``ReviewPolicy`` asks for it.

The lifecycle gains two states before ``open``: a county submits its draft (``draft → submitted``), the city
office over the county approves it (``submitted → reviewed``) or returns it for changes (``→ draft``), the
province returns it (``reviewed → draft``), grades it (示范 / 标杆) and publishes it in a numbered batch
(机会清单 第N批: ``reviewed → open``, every scenario of the batch at once). Every step is a
``ScenarioTransition`` whose reason carries the reviewer's comment.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog import notifications
from catalog.models import Batch, Grade, ReviewPolicy, Scenario
from catalog.services.common import (
    S,
    _actor,
    _locked,
    _require,
    province_code_of,
    review_required_for,
)
from catalog.services.scenarios import _check_ready, _transition, open_scenario
from core import pagecache
from core.exceptions import StateConflict
from core.text import normalize_text
from directory.models import Region, User


def _comment(reason: str | None) -> str:
    return (reason or "").strip()[:2000]


@transaction.atomic
def review_policy_set(*, province: Region, actor: User, required: bool) -> ReviewPolicy:
    """Switch review before publication on or off for a province (the provincial office). Scenarios already
    submitted or reviewed keep their state and can still be returned or published."""
    _require(actor, "catalog.manage_review", None)
    if province.level != Region.Level.PROVINCE:
        raise ValidationError({"province": [_("Choose a province.")]})
    policy, _created = ReviewPolicy.objects.select_for_update().get_or_create(province=province)
    policy.required = bool(required)
    policy.updated_by = _actor(actor)
    policy.updated_at = timezone.now()
    policy.save()
    return policy


@transaction.atomic
def scenario_submit(*, scenario: Scenario, actor: User, reason: str = "") -> Scenario:
    """draft → submitted: the county asks its city office to review. Checked like a publication (deadline,
    budget, criteria …) so reviewers see a complete scenario."""
    _require(actor, "catalog.transition_scenario", scenario)
    locked = _locked(scenario)
    if locked.status != S.DRAFT:
        raise StateConflict(_("Only a draft can be submitted for review."))
    if not review_required_for(locked):
        raise StateConflict(_("This province publishes without review: publish the scenario directly."))
    _check_ready(locked)
    submitted = _transition(
        scenario=locked, actor=actor, allowed_from=[S.DRAFT], to=S.SUBMITTED, reason=_comment(reason)
    )
    notifications.announce_review_step(submitted, to=S.SUBMITTED)
    return submitted


@transaction.atomic
def scenario_approve(*, scenario: Scenario, actor: User, reason: str = "") -> Scenario:
    """submitted → reviewed: the city office over the county approves; the province publishes next (and is told)."""
    approved = _transition(
        scenario=scenario,
        actor=actor,
        allowed_from=[S.SUBMITTED],
        to=S.REVIEWED,
        reason=_comment(reason),
        perm="catalog.city_review_scenario",
    )
    notifications.announce_review_step(approved, to=S.REVIEWED)
    return approved


@transaction.atomic
def scenario_return(*, scenario: Scenario, actor: User, reason: str) -> Scenario:
    """submitted → draft (the city office) or reviewed → draft (the province): back to the county for changes,
    with the comment that says what must change (required)."""
    comment = _comment(reason)
    if not normalize_text(comment):
        raise ValidationError({"reason": [_("Say what the county must change.")]})
    locked = _locked(scenario)
    perm = "catalog.province_review_scenario" if locked.status == S.REVIEWED else "catalog.city_review_scenario"
    returned = _transition(
        scenario=locked, actor=actor, allowed_from=[S.SUBMITTED, S.REVIEWED], to=S.DRAFT, reason=comment, perm=perm
    )
    notifications.announce_review_step(returned, to=S.DRAFT, comment=comment)
    return returned


@transaction.atomic
def scenario_grade(*, scenario: Scenario, actor: User, grade: str) -> Scenario:
    """The province grades a reviewed or published scenario (示范 / 标杆), or clears the grade with ``""``."""
    _require(actor, "catalog.grade_scenario", scenario)
    if grade not in ("", *Grade.values):
        raise ValidationError({"grade": [_("Choose a grade from the list.")]})
    locked = _locked(scenario)
    if locked.status in (S.DRAFT, S.SUBMITTED, S.CANCELLED):
        raise StateConflict(_("Only scenarios the city has approved, or published ones, are graded."))
    locked.grade = grade
    locked.save(update_fields=["grade", "updated_at"])
    pagecache.invalidate()
    return locked


@transaction.atomic
def batch_publish(
    *, province: Region, actor: User, scenarios: Sequence[Scenario], title: str = "", reason: str = ""
) -> Batch:
    """Publish reviewed scenarios of ``province`` together as its next numbered batch (第N批, N = last + 1).

    All or nothing: one scenario that is not reviewed, lies in another province or is not ready (its deadline
    passed meanwhile …) and nothing is published and no number is taken."""
    _require(actor, "catalog.manage_review", None)
    if province.level != Region.Level.PROVINCE:
        raise ValidationError({"province": [_("Choose a province.")]})
    chosen = sorted({s.pk for s in scenarios})
    if not chosen:
        raise ValidationError({"scenarios": [_("Choose at least one reviewed scenario for the batch.")]})
    # The province row serialises concurrent batches of one province, so two never get the same number.
    Region.objects.select_for_update().get(pk=province.pk)
    number = (Batch.objects.filter(province=province).aggregate(n=Max("number"))["n"] or 0) + 1
    batch = Batch.objects.create(
        province=province,
        number=number,
        title=(title or "").strip()[:200],
        published_by=_actor(actor),
    )
    comment = _comment(reason) or _("Published in %(batch)s.") % {"batch": batch.label}
    published: list[Scenario] = []
    for pk in chosen:
        locked = _locked(Scenario(pk=pk))
        if province_code_of(locked.county) != province.code:
            raise ValidationError({"scenarios": [_("Every scenario of a batch lies in the province.")]})
        if locked.status != S.REVIEWED:
            raise StateConflict(
                _("“%(title)s” is %(state)s: only scenarios the city has approved are published in a batch.")
                % {"title": locked.title, "state": locked.get_status_display()}
            )
        opened = open_scenario(
            locked=locked,
            actor=actor,
            allowed_from=[S.REVIEWED],
            reason=comment,
            perm="catalog.province_review_scenario",
        )
        opened.batch = batch
        opened.save(update_fields=["batch"])
        published.append(opened)
    notifications.announce_batch(batch, published)
    pagecache.invalidate()
    return batch


# The review steps a page or the API can name, next to the lifecycle's own (``catalog.services.TRANSITIONS``).
REVIEW_TRANSITIONS = {
    "submit": scenario_submit,
    "approve": scenario_approve,
    "return": scenario_return,
}
