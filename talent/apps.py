from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# The shared navigation (templates/_nav_items.html) links to talent pages; their labels are translated in
# talent's catalogue so that makemessages in this app keeps them.
NAV_LABELS = (_("Training"), _("Talent exchanges"), _("My learning"))


class TalentConfig(AppConfig):
    name = "talent"
    verbose_name = _("Talent")

    def ready(self):
        # Register the rules permissions before any view, API call or service asks for them.
        from core.notifications import register_kind
        from talent import notifications, permissions  # noqa: F401 - rules permissions, notification messages

        register_kind("talent_seat_promoted", _("You moved up from a training waitlist"))
        register_kind("talent_enrolment_approval", _("A colleague's enrolment needs your approval"))
        register_kind("talent_session_cancelled", _("A training session you enrolled in was cancelled"))
        register_kind("talent_session_changed", _("A training session you enrolled in changed time or place"))
        register_kind("talent_exchange", _("A talent exchange of your organisation changed"))
        register_kind("talent_exchange_cancelled", _("A talent exchange you take part in was cancelled"))
        register_kind("talent_exchange_completed", _("A talent exchange you take part in was completed"))

        from core import audit
        from talent.models import Attendance, Certificate, Course, Enrolment, Exchange, Session, Venue

        for model in (Course, Session, Venue, Enrolment, Attendance, Certificate, Exchange):
            audit.register(model)
