from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TalentConfig(AppConfig):
    name = "talent"
    verbose_name = _("Talent")

    def ready(self):
        # Register the rules permissions before any view, API call or service asks for them.
        from talent import permissions  # noqa: F401
