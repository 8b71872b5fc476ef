"""The log of sealed reads: who outside a proposal's firm read it, when and through what (page, API, export,
evaluation, attachment, admin). Selectors only read; the page, endpoint or admin that shows proposals calls this."""

from __future__ import annotations

from collections.abc import Iterable

from proposals import permissions as perms
from proposals.models import Proposal, SealedReadLog


def sealed_reads_log(*, user, proposals: Iterable[Proposal], via: str) -> None:
    """Record one row per proposal that ``user`` reads from outside its firm (``permissions.is_sealed_read``);
    nothing for anonymous users or the firm's own members. One query at most."""
    if user is None or not user.is_authenticated:
        return
    rows = [SealedReadLog(user=user, proposal=p, via=via) for p in proposals if perms.is_sealed_read(user, p)]
    if rows:
        SealedReadLog.objects.bulk_create(rows)
