"""The log of sealed reads: who outside a proposal's firm read it, when and through what (page, API, export,
evaluation, attachment, admin). Selectors only read; the page, endpoint or admin that shows proposals calls this."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType

from proposals import permissions as perms
from proposals.models import Proposal, Score, SealedReadLog


def sealed_reads_log(*, user, proposals: Iterable[Proposal], via: str) -> None:
    """Record one row per proposal that ``user`` reads from outside its firm (``permissions.is_sealed_read``);
    nothing for anonymous users or the firm's own members. One query at most."""
    if user is None or not user.is_authenticated:
        return
    rows = [SealedReadLog(user=user, proposal=p, via=via) for p in proposals if perms.is_sealed_read(user, p)]
    if rows:
        SealedReadLog.objects.bulk_create(rows)


def trail_reads_log(*, user, entries, via: str) -> None:
    """The audit trail shows proposal content (changed fields, scores): showing a page of it is a sealed read of
    each proposal whose entries, or whose scores' entries, are on that page."""
    entries = list(entries)
    proposal_type = ContentType.objects.get_for_model(Proposal)
    score_type = ContentType.objects.get_for_model(Score)
    ids = {int(e.object_id) for e in entries if e.content_type_id == proposal_type.pk}
    score_ids = [int(e.object_id) for e in entries if e.content_type_id == score_type.pk]
    if score_ids:
        ids |= set(Score.objects.filter(pk__in=score_ids).values_list("proposal_id", flat=True))
    if ids:
        proposals = Proposal.objects.filter(pk__in=ids).select_related("firm", "scenario").order_by("pk")
        sealed_reads_log(user=user, proposals=proposals, via=via)
