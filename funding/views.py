"""Pages of rewards and vouchers: the list (the province's, a city office's and a grantee's own), one grant
with its actions, and the form to grant. Every decision is the services' and the permissions module's."""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.translation import gettext_lazy as _lazy
from django.views.generic import ListView, TemplateView

from core.views import LoadMixin, PageActionMixin, PageFormMixin, SafePaginationMixin, ServiceActionMixin, found_or_404
from directory.permissions import publishing_organizations
from funding import forms as f
from funding import selectors, services
from funding.models import Grant
from funding.permissions import GRANTOR_KINDS
from proposals.service_views import TargetServiceMixin

# The shared menu (templates/_workspace_items.html) links here; its label is translated in this catalogue.
NAV_LABELS = (_lazy("Rewards and vouchers"),)


def _grantors(user) -> list:
    return publishing_organizations(user, kinds=list(GRANTOR_KINDS))


class GrantListView(LoginRequiredMixin, SafePaginationMixin, ListView):
    """Grants the user may read: all for the provincial office; granted or received by one's offices or firm."""

    template_name = "funding/grant_list.html"
    context_object_name = "grants"
    FILTERS = ("granted", "paid", "withdrawn")

    def get_queryset(self):
        queryset = selectors.grants_visible_to(self.request.user)
        status = self.request.GET.get("status", "")
        if status in self.FILTERS:
            queryset = queryset.filter(status=status)
        return queryset

    def get_context_data(self, bound=None, **kwargs):
        user = self.request.user
        grantors = _grantors(user)
        context = super().get_context_data(**kwargs)
        totals = selectors.totals(selectors.grants_visible_to(user))
        context.update(
            totals=[(label, totals[value]["n"], totals[value]["amount"]) for value, label in Grant.Status.choices],
            status=self.request.GET.get("status", ""),
            statuses=Grant.Status.choices,
            form=bound or (f.GrantForm(grantors=grantors) if grantors else None),
        )
        return context


class GrantCreateView(PageFormMixin, ServiceActionMixin, GrantListView):
    success_message = _lazy("Reward or voucher recorded.")

    def load(self):
        if not self.request.user.has_perm("funding.grant"):
            raise PermissionDenied
        self.object_list = self.get_queryset()

    def get_form(self):
        return f.GrantForm(self.request.POST, grantors=_grantors(self.request.user))

    def perform(self, data):
        self.grant = services.grant_create(actor=self.request.user, **data)

    def get_success_url(self):
        grant = getattr(self, "grant", None)
        return reverse("funding:grant-detail", args=[grant.pk]) if grant else reverse("funding:grant-list")


class GrantDetailView(LoginRequiredMixin, LoadMixin, TemplateView):
    template_name = "funding/grant_detail.html"
    form_key = ""

    def load(self):
        self.grant = found_or_404(selectors.grant_detail, user=self.request.user, pk=self.kwargs["pk"])
        self.can_manage = self.request.user.has_perm("funding.manage_grant", self.grant)

    def get_context_data(self, bound=None, **kwargs):
        forms = {"paid": f.GrantPaidForm(), "withdraw": f.GrantWithdrawForm()}
        if bound is not None:
            forms[self.form_key] = bound
        return super().get_context_data(
            grant=self.grant,
            can_manage=self.can_manage and self.grant.status == Grant.Status.GRANTED,
            forms=forms,
            **kwargs,
        )


class _GrantActionView(TargetServiceMixin, PageFormMixin, PageActionMixin, GrantDetailView):
    allowed_by = "can_manage"
    service_target = "grant"

    def get_success_url(self):
        return reverse("funding:grant-detail", args=[self.grant.pk])


class GrantPaidView(_GrantActionView):
    form_key = "paid"
    form_class = f.GrantPaidForm
    success_message = _lazy("Marked paid.")
    service = services.grant_mark_paid


class GrantWithdrawView(_GrantActionView):
    form_key = "withdraw"
    form_class = f.GrantWithdrawForm
    success_message = _lazy("Withdrawn.")
    service = services.grant_withdraw
