"""Helpers shared by the talent services: the provider check, organisation admins, time formatting."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from directory.models import Organization, User


def _fmt(moment: dt.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def _require_provider(actor: User, provider: Organization) -> None:
    if provider.kind != Organization.Kind.TRAINING_PROVIDER:
        raise ValidationError({"provider": _("Only training providers publish courses.")})
    if not actor.has_perm("talent.create_course_for", provider):
        raise PermissionDenied(
            _("Only administrators and editors of a verified training provider can manage its courses.")
        )
