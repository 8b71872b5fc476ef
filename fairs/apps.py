from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# The shared navigation (templates/_nav_items.html) links to the fairs list; its label is translated in this
# app's catalogue so that makemessages here keeps it.
NAV_LABELS = (_("Fairs"), _("Request a meeting"))


class FairsConfig(AppConfig):
    name = "fairs"
    verbose_name = _("Fairs and release events")

    def ready(self):
        # Register the rules permissions before any view, API call or service asks for them.
        from core.notifications import register_kind
        from fairs import notifications, permissions  # noqa: F401 - registers rules and messages

        register_kind("fairs_participation", _("Your registration for a fair was decided"))
        register_kind("fairs_request", _("A meeting request at a fair (new, answered or expired)"))
        register_kind("fairs_meeting", _("A meeting at a fair was scheduled, moved or cancelled"))
