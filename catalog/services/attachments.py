"""Files attached to scenarios and solutions."""

from __future__ import annotations

from django.db import transaction

from catalog import attachments as attachment_rules
from catalog.models import (
    Attachment,
    Scenario,
    Solution,
)
from catalog.services.common import _actor, _require
from core import pagecache
from directory.models import User


@transaction.atomic
def attachment_add(*, parent: Scenario | Solution, actor: User, upload) -> Attachment:
    """Attach a checked file (type from its content, 20 MB at most) under a generated name."""
    perm = "catalog.edit_scenario" if isinstance(parent, Scenario) else "catalog.edit_solution"
    _require(actor, perm, parent)
    owner = {"scenario": parent} if isinstance(parent, Scenario) else {"solution": parent}
    attachment = attachment_rules.upload_row(Attachment, upload, uploaded_by=_actor(actor), **owner)
    attachment.save()
    pagecache.invalidate()
    return attachment


@transaction.atomic
def attachment_delete(*, attachment: Attachment, actor: User) -> None:
    parent = attachment.scenario or attachment.solution
    perm = "catalog.edit_scenario" if attachment.scenario_id else "catalog.edit_solution"
    _require(actor, perm, parent)
    attachment.file.delete(save=False)
    attachment.delete()
    pagecache.invalidate()
