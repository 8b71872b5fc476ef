"""The home page of a signed-in person: one section per role they hold."""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.utils import timezone
from django.views.generic import TemplateView

from proposals import selectors as proposal_selectors
from workspace import selectors


class WorkspaceHomeView(LoginRequiredMixin, TemplateView):
    template_name = "workspace/home.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        roles = selectors.roles_of(user, fresh=True)
        context = super().get_context_data(roles=roles, today=timezone.localdate(), **kwargs)
        if roles.county:
            context["county"] = selectors.county_home(user=user)
        if roles.firm:
            context["firm"] = selectors.firm_home(user=user)
        if roles.trainer:
            context["trainer"] = selectors.trainer_home(user=user)
        if roles.province:
            context["province"] = selectors.province_home(user=user)
        # Drawn experts may act for no organisation at all: their panel seats show whatever their roles.
        context["seats"] = list(proposal_selectors.panel_seats_of(user))
        return context
