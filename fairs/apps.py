from django.utils.translation import gettext_lazy as _

from core.apps import RegisteringAppConfig

# The shared navigation (templates/_nav_items.html) links to the fairs list; its label is translated in this
# app's catalogue so that makemessages here keeps it.
NAV_LABELS = (_("Fairs"), _("Request a meeting"))


class FairsConfig(RegisteringAppConfig):
    default = True
    name = "fairs"
    verbose_name = _("Fairs and release events")
    notification_kinds = {
        "fairs_participation": _("Your registration for a fair was decided"),
        "fairs_request": _("A meeting request at a fair (new, answered or expired)"),
        "fairs_meeting": _("A meeting at a fair was scheduled, moved or cancelled"),
    }

    def ready(self) -> None:
        super().ready()
        from fairs import notifications, permissions  # noqa: F401 - registers rules and messages
