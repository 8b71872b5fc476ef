from __future__ import annotations

from django.views.generic import TemplateView

from insights import selectors


class HomeView(TemplateView):
    """The front page: what the exchange holds, zone by zone, so the regional balance is visible at once."""

    template_name = "home.html"

    def get_context_data(self, **kwargs):
        zones = selectors.zone_figures()
        return super().get_context_data(
            zones=zones,
            totals={
                "open_scenarios": sum(zone.open_scenarios for zone in zones),
                "solutions": sum(zone.solutions for zone in zones),
                "organizations": sum(zone.organizations for zone in zones),
                "online_sessions": selectors.upcoming_online_sessions(),
            },
            **kwargs,
        )
