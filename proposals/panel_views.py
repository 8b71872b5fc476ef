"""Pages of evaluation panels: the provincial office's expert pool, the owner office's draw and the record on
the call's evaluation page (``views.ScenarioProposalsView``), a seat found conflicted, and the expert declining
a seat. Every write is one service of ``services.panels``; reads go through ``selectors``."""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import pgettext
from django.views.generic import TemplateView

from catalog.models import Domain
from core.confirm import Confirmation, ReasonConfirmationMixin
from core.forms import ReasonForm
from core.views import LoadMixin, PageActionMixin, PageFormMixin, ServiceActionView, found_or_404
from directory.models import Organization, User
from proposals import forms as f
from proposals import permissions as perms
from proposals import selectors, services
from proposals.models import PanelSeat
from proposals.views import _owned_scenario


class PanelDrawView(ServiceActionView):
    form_class = f.PanelDrawForm
    success_message = _lazy("Panel drawn. The drawn experts have been told.")

    def load(self):
        self.scenario = _owned_scenario(self.request.user, self.kwargs["pk"])

    def perform(self, data):
        services.panel_draw(
            scenario=self.scenario, actor=self.request.user, size=data["size"], reserves=data["reserves"]
        )

    def get_success_url(self):
        return reverse("proposals:scenario-proposals", args=[self.scenario.pk]) + "#panel-h"


class PanelSeatConflictView(ReasonConfirmationMixin, ServiceActionView):
    """GET: what reporting a conflict does. POST: the drawn expert leaves the panel; the next reserve sits."""

    http_method_names = ["get", "post"]
    form_class = ReasonForm
    success_message = _lazy("Recorded. The next reserve, if any, has taken the seat.")

    def load(self):
        scenario = _owned_scenario(self.request.user, self.kwargs["pk"])
        panel = selectors.panel_of(user=self.request.user, scenario=scenario)
        self.seat = next((s for s in (panel.seats.all() if panel else []) if s.pk == self.kwargs["seat_pk"]), None)
        if self.seat is None:
            raise Http404
        if not self.request.user.has_perm("proposals.draw_panel", scenario):
            raise PermissionDenied
        self.scenario = scenario

    def confirmation(self, form) -> Confirmation:
        return Confirmation(
            title=_("Report a conflict of interest"),
            subject=f"{self.seat.expert.user} · {self.scenario.title}",
            consequences=[
                _("The expert leaves the panel and no longer sees the proposals."),
                _("The next reserve in drawn order takes the seat."),
                _("The reason is kept on the draw record and in the audit trail."),
            ],
            button=_("Record the conflict"),
            back_url=self.get_success_url(),
            form=form,
        )

    def perform(self, data):
        services.panel_seat_conflict(seat=self.seat, actor=self.request.user, reason=data["reason"])

    def get_success_url(self):
        return reverse("proposals:scenario-proposals", args=[self.kwargs["pk"]]) + "#panel-h"


class PanelSeatDeclineView(ReasonConfirmationMixin, ServiceActionView):
    """The expert declines their seat, with a reason (GET: what it does; POST: decline)."""

    http_method_names = ["get", "post"]
    form_class = ReasonForm
    success_message = _lazy("You have declined. The next reserve takes your seat.")

    def load(self):
        self.seat = found_or_404(selectors.panel_seat_for, user=self.request.user, pk=self.kwargs["pk"])

    def confirmation(self, form) -> Confirmation:
        return Confirmation(
            title=_("Decline the panel seat"),
            subject=self.seat.draw.scenario.title,
            consequences=[
                _("You leave the panel and no longer see the proposals of this call."),
                _("The next reserve in drawn order takes your seat."),
                _("Your reason is kept on the draw record."),
            ],
            button=pgettext("panel seat", "Decline"),
            back_url=reverse("proposals:my-evaluations"),
            form=form,
        )

    def get(self, request, *args, **kwargs):
        if self.seat.status != PanelSeat.Status.SEATED:
            raise Http404
        return super().get(request, *args, **kwargs)

    def perform(self, data):
        services.panel_seat_decline(seat=self.seat, actor=self.request.user, reason=data["reason"])

    def get_success_url(self):
        return reverse("proposals:my-evaluations")


# ---------------------------------------------------------------- the pool (provincial office)


class ExpertPoolView(LoginRequiredMixin, LoadMixin, TemplateView):
    """The expert pool for the provincial office; its admins and editors add experts and declared ties."""

    template_name = "proposals/expert_pool.html"

    def load(self):
        if not perms.is_overseer(self.request.user):
            raise Http404
        self.experts = list(selectors.expert_pool_visible_to(self.request.user))
        self.can_keep = self.request.user.has_perm("proposals.keep_expert_pool")

    def expert_form(self, data=None):
        return f.ExpertForm(
            data,
            organizations=Organization.objects.verified().order_by("kind", "name_zh"),
            domains=Domain.objects.order_by("position", "code"),
        )

    def tie_form(self, data=None):
        return f.ExpertTieForm(
            data,
            experts=selectors.expert_pool().select_related(None).select_related("user"),
            organizations=Organization.objects.verified().order_by("kind", "name_zh"),
        )

    def get_context_data(self, bound=None, **kwargs):
        context = super().get_context_data(experts=self.experts, can_keep=self.can_keep, **kwargs)
        if self.can_keep:
            context["expert_form"] = bound if isinstance(bound, f.ExpertForm) else self.expert_form()
            context["tie_form"] = bound if isinstance(bound, f.ExpertTieForm) else self.tie_form()
        return context


class _PoolActionView(PageFormMixin, PageActionMixin, ExpertPoolView):
    allowed_by = "can_keep"

    def get_success_url(self):
        return reverse("proposals:expert-pool")


class ExpertAddView(_PoolActionView):
    success_message = _lazy("Expert added to the pool.")

    def get_form(self):
        return self.expert_form(self.request.POST)

    def perform(self, data):
        user = User.objects.filter(username=data["username"].strip()).first()
        if user is None:
            raise ValidationError({"username": [_("No person has this username.")]})
        services.expert_add(
            actor=self.request.user,
            user=user,
            organization=data["organization"],
            domains=data["domains"],
            speciality=data["speciality"],
        )


class ExpertTieView(_PoolActionView):
    success_message = _lazy("Tie recorded. Draws exclude the expert from calls of that organisation.")

    def get_form(self):
        return self.tie_form(self.request.POST)

    def perform(self, data):
        services.expert_tie_declare(
            actor=self.request.user, expert=data["expert"], organization=data["organization"], nature=data["nature"]
        )


class ExpertActiveView(_PoolActionView):
    """Take an expert out of the pool (future draws skip them; seats already held stay) or put them back."""

    success_message = _lazy("The pool is updated.")

    def get_form(self):
        return None

    def perform(self, data):
        expert = next((e for e in self.experts if e.pk == self.kwargs["pk"]), None)
        if expert is None:
            raise Http404
        services.expert_set_active(
            actor=self.request.user, expert=expert, active=self.request.POST.get("active") == "1"
        )
