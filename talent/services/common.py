"""Helpers shared by the talent services: the provider check, organisation admins, time formatting."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from directory.models import Membership, Organization, User
from directory.permissions import can_publish_for


def _fmt(moment: dt.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def _require_provider(actor: User, provider: Organization) -> None:
    if provider.kind != Organization.Kind.TRAINING_PROVIDER:
        raise ValidationError({"provider": _("Only training providers publish courses.")})
    if not (actor.is_superuser or can_publish_for(actor, provider)):
        raise PermissionDenied(
            _("Only administrators and editors of a verified training provider can manage its courses.")
        )


def _org_admins(organization: Organization) -> list[User]:
    memberships = organization.memberships.active().filter(role=Membership.Role.ADMIN).select_related("user")
    return [membership.user for membership in memberships]
