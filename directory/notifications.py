"""The directory's notification messages (codes with parameters, worded in the reader's language)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from core.notifications import message

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
