"""Files attached to scenarios and solutions."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from catalog import attachments as attachment_rules
from catalog.models import (
    Attachment,
    Scenario,
    Solution,
)
from catalog.services.common import EDITABLE_STATES, _actor, _locked, _require
from core import pagecache
from core.exceptions import StateConflict
from directory.models import User


def _require_documents_editable(scenario: Scenario) -> None:
    """A scenario's documents change only while it is a draft or open: firms bid on them as they stood at the
    deadline. (A solution's files are its firm's own material, changeable in any state; a bid keeps its own
    snapshot of the solutions it cites.)"""
    scenario = _locked(scenario)
    if scenario.status not in EDITABLE_STATES:
        raise StateConflict(
            _("Attachments can be added or removed only while a scenario is a draft or open (this one is %(state)s).")
            % {"state": scenario.get_status_display()}
        )


@transaction.atomic
def attachment_add(*, parent: Scenario | Solution, actor: User, upload) -> Attachment:
    """Attach a checked file (type from its content, 20 MB at most) under a generated name; a scenario only
    while it is a draft or open (its deadline not passed)."""
    perm = "catalog.edit_scenario" if isinstance(parent, Scenario) else "catalog.edit_solution"
    _require(actor, perm, parent)
    if isinstance(parent, Scenario):
        _require_documents_editable(parent)
    owner = {"scenario": parent} if isinstance(parent, Scenario) else {"solution": parent}
    attachment = attachment_rules.upload_row(Attachment, upload, uploaded_by=_actor(actor), **owner)
    attachment.save()
    pagecache.invalidate()
    return attachment


@transaction.atomic
def attachment_delete(*, attachment: Attachment, actor: User) -> None:
    """Remove a file; a scenario's only while it is a draft or open, as for adding one."""
    parent = attachment.scenario or attachment.solution
    perm = "catalog.edit_scenario" if attachment.scenario_id else "catalog.edit_solution"
    _require(actor, perm, parent)
    if attachment.scenario is not None:
        _require_documents_editable(attachment.scenario)
    attachment.file.delete(save=False)
    attachment.delete()
    pagecache.invalidate()
