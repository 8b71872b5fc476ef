"""Rewards (揭榜挂帅奖励) and vouchers (场景创新券) granted by the provincial office or a city office to county
offices and firms, with their conditions. Writes go through ``funding.services``; who reads and acts is decided
in ``funding.permissions`` only."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from catalog.models import Scenario
from core.models import acting_user
from directory.models import Organization
from proposals.models import Engagement


class GrantQuerySet(models.QuerySet):
    def counted(self) -> GrantQuerySet:
        """Grants that count in totals: granted or paid, never withdrawn."""
        return self.exclude(status=Grant.Status.WITHDRAWN)


class Grant(models.Model):
    class Kind(models.TextChoices):
        REWARD = "reward", _("challenge reward (揭榜挂帅奖励)")
        VOUCHER = "voucher", _("scenario innovation voucher (场景创新券)")

    class Status(models.TextChoices):
        GRANTED = "granted", pgettext_lazy("grant", "granted")
        PAID = "paid", pgettext_lazy("grant", "paid")
        WITHDRAWN = "withdrawn", pgettext_lazy("grant", "withdrawn")

    grantor = models.ForeignKey(
        Organization, verbose_name=_("granted by"), on_delete=models.PROTECT, related_name="grants_made"
    )
    grantee = models.ForeignKey(
        Organization, verbose_name=_("granted to"), on_delete=models.PROTECT, related_name="grants_received"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    amount = models.PositiveBigIntegerField(_("amount (CNY)"))
    conditions = models.TextField(_("conditions"), max_length=5000)
    granted_on = models.DateField(_("granted on"))
    scenario = models.ForeignKey(
        Scenario,
        verbose_name=_("scenario"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="grants",
    )
    engagement = models.ForeignKey(
        Engagement,
        verbose_name=_("engagement"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="grants",
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.GRANTED, db_index=True)
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_reason = models.TextField(_("reason for withdrawal"), max_length=2000, blank=True)
    created_by = acting_user()
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    objects = GrantQuerySet.as_manager()

    class Meta:
        verbose_name = _("reward or voucher")
        verbose_name_plural = _("rewards and vouchers")
        ordering = ["-granted_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="grant_amount_positive"),
            models.CheckConstraint(
                condition=~Q(status="withdrawn") | ~Q(withdrawn_reason=""), name="grant_withdrawn_has_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.grantee} · {self.amount}"
