"""Every change of a grant is recorded by django-auditlog with the acting user (``core.audit``)."""

from __future__ import annotations

from core import audit
from funding.models import Grant


def register() -> None:
    audit.register(Grant)
