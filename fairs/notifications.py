"""The notifications of fairs, as codes with parameters (``core.notification_text``): put into words in each
reader's language when shown. The English words are those the app used before, so their translations stand."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from core.notification_text import Params
from core.notifications import message
from fairs.models import MeetingRequest


def _answer(values: Params) -> Params:
    """The answer's label in the reader's language, from the stored status code."""
    labels = dict(MeetingRequest.Status.choices)
    return {**values, "answer": str(labels.get(values.get("status", ""), values.get("status", "")))}


REGISTRATION_ACCEPTED = message("fairs.registration_accepted", title=_("Your registration for %(event)s was accepted"))
REGISTRATION_DECLINED = message("fairs.registration_declined", title=_("Your registration for %(event)s was declined"))
REQUEST_NEW = message("fairs.request_new", title=_("%(org)s asks for a meeting at %(event)s"))
REQUEST_ANSWERED = message(
    "fairs.request_answered", title=_("%(org)s answered your meeting request: %(answer)s"), prepare=_answer
)
MEETING_SCHEDULED = message(
    "fairs.meeting_scheduled", title=_("Meeting with %(org)s scheduled: %(when)s, table %(table)s")
)
MEETING_MOVED = message("fairs.meeting_moved", title=_("Meeting with %(org)s moved: now %(when)s, table %(table)s"))
MEETING_CANCELLED = message("fairs.meeting_cancelled", title=_("Meeting with %(org)s at %(when)s cancelled"))
