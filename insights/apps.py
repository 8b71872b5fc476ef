from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# The shared navigation (templates/_nav_items.html) links to the gap monitor; its label is translated in
# insights' catalogue so that makemessages in this app keeps it.
NAV_LABELS = (_("Regional gap"),)


class InsightsConfig(AppConfig):
    name = "insights"
    verbose_name = _("Insights")

    def ready(self):
        # Register the rules permissions before any view, API call or service asks for them.
        # The replication push (matching) ranks lagging counties by the gap monitor's reading.
        from insights import (
            permissions,  # noqa: F401
            selectors,
        )
        from matching import hooks

        if selectors.county_lag not in hooks.county_lag_providers:
            hooks.county_lag_providers.append(selectors.county_lag)
