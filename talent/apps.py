from django.utils.translation import gettext_lazy as _

from core.apps import RegisteringAppConfig

# The shared navigation (templates/_nav_items.html) links to talent pages; their labels are translated in
# talent's catalogue so that makemessages in this app keeps them.
NAV_LABELS = (_("Training"), _("Talent exchanges"), _("My learning"))


class TalentConfig(RegisteringAppConfig):
    default = True
    name = "talent"
    verbose_name = _("Talent")
    notification_kinds = {
        "talent_seat_promoted": _("You moved up from a training waitlist"),
        "talent_enrolment_approval": _("A colleague's enrolment needs your approval"),
        "talent_session_cancelled": _("A training session you enrolled in was cancelled"),
        "talent_session_changed": _("A training session you enrolled in changed time or place"),
        "talent_exchange": _("A talent exchange of your organisation changed"),
    }
    audited = ("Course", "Session", "Venue", "Enrolment", "Attendance", "Certificate", "Exchange")

    def ready(self) -> None:
        super().ready()
        from talent import notifications, permissions  # noqa: F401 - rules permissions, notification messages
