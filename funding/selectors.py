"""Reads of rewards and vouchers that depend on who asks, and the totals."""

from __future__ import annotations

from django.db.models import Count, QuerySet, Sum

from core.selectors import pk_or_missing
from directory.selectors import rows_of_parties
from funding.models import Grant


def grants_visible_to(user) -> QuerySet[Grant]:
    """The provincial office reads every grant; others those their organisations granted or received."""
    queryset = Grant.objects.select_related("grantor", "grantee", "scenario", "engagement")
    return rows_of_parties(user, queryset, "grantor_id", "grantee_id")


def grant_detail(*, user, pk) -> Grant:
    pk = pk_or_missing(pk, Grant)
    grant = Grant.objects.select_related("grantor", "grantee", "scenario", "engagement").get(pk=pk)
    if user is None or not user.has_perm("funding.read_grant", grant):
        raise Grant.DoesNotExist  # missing and not yours look the same
    return grant


def totals(queryset: QuerySet[Grant]) -> dict[str, dict[str, int]]:
    """Per status: how many and how much (whole CNY)."""
    rows = queryset.order_by().values("status").annotate(n=Count("pk"), amount=Sum("amount"))
    result = {status: {"n": 0, "amount": 0} for status in Grant.Status.values}
    for row in rows:
        result[row["status"]] = {"n": row["n"], "amount": row["amount"] or 0}
    return result
