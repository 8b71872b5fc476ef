"""The directory's notification messages (codes with parameters, worded in the reader's language)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from core.notification_text import Params
from core.notifications import in_reader_language, message
from directory.models import Membership

REVERIFY = message(
    "directory.organization_reverify",
    title=_("%(name)s changed its name or region and waits for verification again."),
)
RESUBMITTED = message(
    "directory.organization_resubmitted",
    title=_("%(name)s corrected its details after the rejection and waits for verification again."),
)
VERIFIED = message("directory.organization_verified", title=_("%(name)s is verified and may now publish."))
REJECTED = message("directory.organization_rejected", title=_("The registration of %(name)s was rejected."))
MEMBERSHIP_REQUEST = message("directory.membership_request", title=_("%(user)s asks to join %(org)s"))
MEMBERSHIP_APPROVED = message("directory.membership_approved", title=_("You are now a member of %(org)s"))
MEMBERSHIP_DECLINED = message("directory.membership_declined", title=_("Your request to join %(org)s was declined"))


def _role(values: Params) -> Params:
    """The organisation's name and the role's label in the reader's language (the role is stored as its code)."""
    values = in_reader_language("org")(values)
    code = values.get("role_code", "")
    return {**values, "role": str(dict(Membership.Role.choices).get(code, code))}


MEMBERSHIP_ROLE_CHANGED = message(
    "directory.membership_role_changed", title=_("Your role in %(org)s is now: %(role)s"), prepare=_role
)
MEMBERSHIP_REMOVED = message(
    "directory.membership_removed", title=_("You were removed from %(org)s"), prepare=in_reader_language("org")
)
