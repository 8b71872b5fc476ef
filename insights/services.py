"""Insights' writes: the snapshot refresh, the provincial office's targets, the maturity self-assessments."""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import asdict, dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from directory.models import Organization, Region, User
from insights import compute, facts, indicators, maturity
from insights.models import GapSnapshot, IndicatorSnapshot, IndicatorTarget, MaturityAnswer, MaturityAssessment

BATCH = 2000


@dataclass(frozen=True)
class RefreshResult:
    months: int
    first_month: dt.date | None
    snapshots: int
    gaps: int
    seconds: float


def _first_fact_month(collected: dict[str, list[compute.Fact]], now: dt.datetime) -> dt.date:
    first = min((fact.at for items in collected.values() for fact in items), default=now)
    local = timezone.localtime(first, facts.SHANGHAI)
    return dt.date(local.year, local.month, 1)


def refresh_insights(*, now: dt.datetime | None = None, since: dt.date | None = None) -> RefreshResult:
    """Recompute the monthly snapshots and the gap index from the full history and store them.

    Idempotent: the figures depend only on the data, so a second run writes the same rows. On the first run
    (no snapshot yet) it back-fills every month since the first dated fact; later runs recompute the same range
    (history can change: a withdrawn proposal, a revoked certificate) unless ``since`` limits the months written.
    Figures are cumulative, so every month is computed from all facts whatever ``since`` says.
    """
    started = time.perf_counter()
    now = now or timezone.now()
    collected = facts.collect(now=now)
    geography = facts.geography()
    local_now = timezone.localtime(now, facts.SHANGHAI)
    months = compute.month_starts(_first_fact_month(collected, now), local_now.date())
    cells = compute.compute(
        indicators=indicators.INDICATORS, facts=collected, geography=geography, months=months, tz=facts.SHANGHAI
    )
    gap_rows = compute.gaps(cells, indicators=indicators.INDICATORS, geography=geography)
    if since is not None:
        since = dt.date(since.year, since.month, 1)
        cells = [cell for cell in cells if cell.month >= since]
        gap_rows = [gap for gap in gap_rows if gap.month >= since]
    written = {cell.month for cell in cells}
    with transaction.atomic():
        # Months before the first fact (left by an earlier history) are stale too when everything is rewritten.
        stale = (
            IndicatorSnapshot.objects.all() if since is None else IndicatorSnapshot.objects.filter(month__in=written)
        )
        stale.delete()
        (GapSnapshot.objects.all() if since is None else GapSnapshot.objects.filter(month__in=written)).delete()
        IndicatorSnapshot.objects.bulk_create(
            (IndicatorSnapshot(**asdict(cell), computed_at=now) for cell in cells), batch_size=BATCH
        )
        GapSnapshot.objects.bulk_create(
            (GapSnapshot(**asdict(gap), computed_at=now) for gap in gap_rows), batch_size=BATCH
        )
    return RefreshResult(
        months=len(written),
        first_month=min(written) if written else None,
        snapshots=len(cells),
        gaps=len(gap_rows),
        seconds=time.perf_counter() - started,
    )


def target_set(
    *, actor: User, indicator: str, zone: str, year: int, value: float, basis: str, note: str = ""
) -> IndicatorTarget:
    """Create or replace the target of ``indicator`` for ``zone`` and ``year`` (provincial office only)."""
    if not actor.has_perm("insights.edit_target"):
        raise PermissionDenied
    errors: dict[str, str] = {}
    definition = indicators.REGISTRY.get(indicator)
    if definition is None or not definition.listed:
        errors["indicator"] = _("Unknown indicator.")
    if zone not in Region.Zone.values:
        errors["zone"] = _("Unknown zone.")
    if basis not in IndicatorTarget.Basis.values:
        errors["basis"] = _("Unknown basis.")
    elif definition is not None and basis == IndicatorTarget.Basis.PER_10K and not definition.per_capita:
        errors["basis"] = _("This indicator has no per-capita figure; set an absolute target.")
    if not 2020 <= year <= 2100:
        errors["year"] = _("Enter a year between 2020 and 2100.")
    if value is None or value < 0:
        errors["value"] = _("Enter a value of 0 or more.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        target, _created = IndicatorTarget.objects.update_or_create(
            indicator=indicator,
            zone=zone,
            year=year,
            defaults={"value": value, "basis": basis, "note": note[:500], "set_by": actor},
        )
    return target


def target_delete(*, actor: User, target: IndicatorTarget) -> None:
    if not actor.has_perm("insights.edit_target"):
        raise PermissionDenied
    target.delete()


# ---------------------------------------------------------------- digital-maturity self-assessment


def _evidence_errors(text: str) -> str | None:
    validate = URLValidator(schemes=["http", "https"])
    for line in (line.strip() for line in text.splitlines()):
        if not line:
            continue
        try:
            validate(line)
        except ValidationError:
            return _("Enter one web address (http or https) per line.")
    return None


def assessment_start(*, actor: User, organization: Organization, year: int) -> MaturityAssessment:
    """This year's draft self-assessment of ``organization``'s county (created once; returned again after)."""
    if not actor.has_perm("insights.assess_for", organization):
        raise PermissionDenied
    if not 2020 <= year <= 2100:
        raise ValidationError({"year": _("Enter a year between 2020 and 2100.")})
    with transaction.atomic():
        assessment, _created = MaturityAssessment.objects.get_or_create(
            county=organization.region, year=year, defaults={"organization": organization}
        )
    return assessment


def assessment_save(
    *, actor: User, assessment: MaturityAssessment, answers: dict[str, tuple[int, str]]
) -> MaturityAssessment:
    """Store the levels (1–5) and evidence links per dimension of a draft; all or nothing."""
    if not actor.has_perm("insights.edit_assessment", assessment):
        raise PermissionDenied
    errors: dict[str, str] = {}
    for code, (level, evidence) in answers.items():
        if code not in maturity.BY_CODE:
            errors[code] = _("Unknown dimension.")
        elif not isinstance(level, int) or not 1 <= level <= 5:
            errors[code] = _("Choose a level from 1 to 5.")
        elif message := _evidence_errors(evidence):
            errors[code] = message
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        for code, (level, evidence) in answers.items():
            MaturityAnswer.objects.update_or_create(
                assessment=assessment, dimension=code, defaults={"level": level, "evidence": evidence.strip()}
            )
        assessment.save(update_fields=["updated_at"])
    return assessment


def assessment_submit(*, actor: User, assessment: MaturityAssessment) -> MaturityAssessment:
    """Submit a complete draft: its score (mean level) enters the indicators at the next refresh."""
    if not actor.has_perm("insights.edit_assessment", assessment):
        raise PermissionDenied
    with transaction.atomic():
        locked = MaturityAssessment.objects.select_for_update().get(pk=assessment.pk)
        levels = dict(locked.answers.values_list("dimension", "level"))
        try:
            locked.score = maturity.score(levels)
        except ValueError as error:
            raise ValidationError(_("Answer every dimension before submitting.")) from error
        locked.status = MaturityAssessment.Status.SUBMITTED
        locked.submitted_at = timezone.now()
        locked.submitted_by = actor
        locked.save(update_fields=["score", "status", "submitted_at", "submitted_by", "updated_at"])
    return locked


def assessment_comment(*, actor: User, assessment: MaturityAssessment, comment: str) -> MaturityAssessment:
    """The provincial office's comment on a submitted self-assessment (replaces an earlier one)."""
    if not actor.has_perm("insights.comment_assessment", assessment):
        raise PermissionDenied
    comment = comment.strip()
    if not comment:
        raise ValidationError({"comment": _("Write a comment.")})
    assessment.province_comment = comment[:5000]
    assessment.commented_by = actor
    assessment.commented_at = timezone.now()
    assessment.save(update_fields=["province_comment", "commented_by", "commented_at", "updated_at"])
    return assessment
