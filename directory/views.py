from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.views import PasswordResetView
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views import View
from django.views.generic import CreateView, DetailView, FormView, ListView, TemplateView
from django.views.i18n import set_language as django_set_language

from core.confirm import Confirmation, ConfirmReasonForm, render_confirmation
from core.forms import add_service_errors
from core.security import account_mail_allowed
from core.views import SafePaginationMixin
from directory import accounts, selectors, services
from directory.forms import ApproveForm, JoinRequestForm, OrganizationForm, SignUpForm
from directory.models import Membership, Organization, Region


class SignUpView(CreateView):
    """Sign-up that never tells whether a user name or an e-mail address is taken: every valid form gets the same
    "check your e-mail" page, and only the mailbox learns more — a new account's activation link, or a note
    that the address already has an account (or that the user name is taken). Mails are rate-limited."""

    form_class = SignUpForm
    template_name = "registration/form_page.html"
    extra_context = {
        "page_title": gettext_lazy("Sign up"),
        "heading": gettext_lazy("Create an account"),
        "intro": gettext_lazy(
            "County staff, firm employees and trainers each use a personal account, then register their "
            "organisation or ask to join it."
        ),
        "submit_label": gettext_lazy("Sign up"),
    }

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            return redirect("directory:my-organizations")
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        email = form.cleaned_data["email"]
        if not account_mail_allowed(self.request, email):
            form.add_error(None, _("Too many requests from here or for this address; try again in an hour."))
            return self.render_to_response(self.get_context_data(form=form), status=429)
        accounts.signup(
            form=form,
            activation_url=lambda uid, token: self.request.build_absolute_uri(
                reverse("signup-activate", args=[uid, token])
            ),
            login_url=self.request.build_absolute_uri(reverse("login")),
            reset_url=self.request.build_absolute_uri(reverse("password_reset")),
        )
        return redirect("signup-sent")


class SignUpActivateView(View):
    """The link of the activation mail: activates the account (it does not sign in; the person then does)."""

    def get(self, request, uidb64, token):
        user = accounts.signup_activate(uidb64=uidb64, token=token)
        if user is None:
            messages.error(request, _("This activation link is invalid or has already been used."))
        else:
            messages.success(request, _("Your account is active. Sign in to register your organisation or join one."))
        return redirect("login")


class RateLimitedPasswordResetView(PasswordResetView):
    """Django's password reset, with the account-mail rate per client address and per typed address."""

    def form_valid(self, form):
        if not account_mail_allowed(self.request, form.cleaned_data["email"]):
            form.add_error(None, _("Too many requests from here or for this address; try again in an hour."))
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().form_valid(form)


class ProvinceView(TemplateView):
    template_name = "directory/region_province.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        province = get_object_or_404(Region, level=Region.Level.PROVINCE)
        cities = list(province.children.annotate(county_count=Count("children")).order_by("code"))
        grouped = {zone: [] for zone in (Region.Zone.SOUTH, Region.Zone.CENTRE, Region.Zone.NORTH)}
        for city in cities:
            grouped[city.zone].append(city)
        labels = dict(Region.Zone.choices)
        context.update(province=province, zones=[(labels[zone], items) for zone, items in grouped.items()])
        return context


class RegionDetailView(DetailView):
    model = Region
    slug_field = "code"
    slug_url_kwarg = "code"
    context_object_name = "region"

    def get_queryset(self):
        return Region.objects.select_related("parent", "parent__parent")

    def get_template_names(self):
        if self.object.level == Region.Level.PROVINCE:
            return ["directory/region_province.html"]
        return ["directory/region_detail.html"]

    def get(self, request, *args, **kwargs):
        region = self.get_object()
        if region.level == Region.Level.PROVINCE:
            return redirect("directory:region-list")
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        region = self.object
        context["children"] = selectors.region_children(region=region)
        context["organizations"] = (
            selectors.organizations_list().verified().in_region(region).order_by("kind", "name_zh")[:100]
        )
        return context


class OrganizationListView(SafePaginationMixin, ListView):
    template_name = "directory/organization_list.html"
    context_object_name = "organizations"

    def get_queryset(self):
        queryset = selectors.organizations_list().order_by("name_zh", "name_en", "pk")
        kind = self.request.GET.get("kind")
        if kind in Organization.Kind.values:
            queryset = queryset.filter(kind=kind)
        zone = self.request.GET.get("zone")
        if zone in Region.Zone.values:
            queryset = queryset.filter(region__zone=zone)
        status = self.request.GET.get("verification", Organization.Verification.VERIFIED)
        if status in Organization.Verification.values:
            queryset = queryset.filter(verification_status=status)
        query = (self.request.GET.get("q") or "").strip()
        if query:
            queryset = queryset.filter(Q(name_zh__icontains=query) | Q(name_en__icontains=query))
        return queryset

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            kinds=Organization.Kind.choices,
            zones=Region.Zone.choices,
            verifications=Organization.Verification.choices,
            current={
                "kind": self.request.GET.get("kind", ""),
                "zone": self.request.GET.get("zone", ""),
                "verification": self.request.GET.get("verification", Organization.Verification.VERIFIED),
                "q": self.request.GET.get("q", ""),
            },
        )
        return context


class OrganizationDetailView(DetailView):
    template_name = "directory/organization_detail.html"
    context_object_name = "organization"

    def get_queryset(self):
        return selectors.organizations_list().select_related("verified_by")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        organization = self.object
        can_view_members = user.has_perm("directory.read_members", organization)
        context.update(
            can_edit=user.has_perm("directory.edit_organization", organization),
            can_view_members=can_view_members,
            can_manage=user.has_perm("directory.manage_members", organization),
            can_verify=user.has_perm("directory.verify_organization"),
            can_view_note=user.has_perm("directory.read_verification_note", organization),
            members=selectors.members_of(organization=organization) if can_view_members else None,
            own_membership=selectors.affiliations_of(user).membership_in(organization.pk),
            join_form=JoinRequestForm(),
            role_choices=Membership.Role.choices,
        )
        return context


class OrganizationCreateView(LoginRequiredMixin, FormView):
    form_class = OrganizationForm
    template_name = "directory/organization_form.html"

    def form_valid(self, form):
        data = dict(form.cleaned_data)
        try:
            organization = services.organization_create(
                user=self.request.user, kind=data.pop("kind"), region=data.pop("region"), **data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Your organisation is registered and waits for verification by the provincial office."),
        )
        return redirect("directory:organization-detail", pk=organization.pk)


class OrganizationUpdateView(LoginRequiredMixin, FormView):
    form_class = OrganizationForm
    template_name = "directory/organization_form.html"

    def dispatch(self, request, *args, **kwargs):
        self.organization = get_object_or_404(Organization, pk=kwargs["pk"])
        if request.user.is_authenticated and not request.user.has_perm(
            "directory.edit_organization", self.organization
        ):
            raise PermissionDenied(_("Only the organisation's administrators can edit it."))
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.organization}

    def get_context_data(self, **kwargs):
        return super().get_context_data(organization=self.organization, **kwargs)

    def form_valid(self, form):
        was_verified = self.organization.is_verified
        was_rejected = self.organization.verification_status == Organization.Verification.REJECTED
        try:
            organization = services.organization_update(
                organization=self.organization, actor=self.request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        if was_verified and not organization.is_verified:
            messages.warning(
                self.request,
                _(
                    "Saved. The new name or region has to be verified by the provincial office again; until then "
                    "the organisation does not publish."
                ),
            )
        elif was_rejected and organization.verification_status == Organization.Verification.PENDING:
            messages.success(
                self.request, _("Saved. The organisation is submitted again and waits for the provincial office.")
            )
        else:
            messages.success(self.request, _("Saved."))
        return redirect("directory:organization-detail", pk=self.organization.pk)


class _ActionView(LoginRequiredMixin, View):
    """POST only: ``act()`` on the object ``target()`` loads; a ValidationError's messages are flashed; then
    ``done()`` redirects."""

    http_method_names = ["post"]

    def post(self, request, pk):
        target = self.target(request, pk)
        try:
            self.act(request, target)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        return self.done(request, target)

    def target(self, request, pk):  # pragma: no cover - abstract
        raise NotImplementedError

    def act(self, request, target):  # pragma: no cover - abstract
        raise NotImplementedError

    def done(self, request, target):  # pragma: no cover - abstract
        raise NotImplementedError

    def valid_data(self, request, form_class, message) -> dict:
        """The cleaned data of ``form_class`` bound to the POST; invalid: a ValidationError saying ``message``."""
        form = form_class(request.POST)
        if not form.is_valid():
            raise ValidationError(message)
        return form.cleaned_data


class _OrganizationActionView(_ActionView):
    """An action on one organisation; errors come back as messages on its page."""

    def target(self, request, pk):
        return get_object_or_404(Organization, pk=pk)

    def done(self, request, target):
        return HttpResponseRedirect(self.get_success_url(target))

    def get_success_url(self, organization):
        return reverse("directory:organization-detail", args=[organization.pk])


class OrganizationJoinView(_OrganizationActionView):
    def act(self, request, organization):
        form = JoinRequestForm(request.POST)
        if not form.is_valid():
            raise ValidationError(form.errors["message"])
        services.membership_request(user=request.user, organization=organization, message=form.cleaned_data["message"])
        messages.success(request, _("Your request was sent to the organisation's administrators."))


class _VerificationDecisionView(LoginRequiredMixin, View):
    """GET: what verifying or rejecting does and whom it tells. POST: the decision (a rejection needs a reason,
    which the organisation's administrators read)."""

    decision = ""  # "verify" or "reject"

    def _organization(self, request, pk) -> Organization:
        organization = get_object_or_404(Organization.objects.select_related("region"), pk=pk)
        if not request.user.has_perm("directory.verify_organization"):
            raise PermissionDenied(_("Only members of the provincial office verify organisations."))
        return organization

    def _form(self, data=None) -> ConfirmReasonForm:
        if self.decision == "reject":
            form = ConfirmReasonForm(
                data,
                required=True,
                label=gettext_lazy("Reason for rejection"),
                help_text=gettext_lazy(
                    "Required. The organisation's administrators read it, so they can put things right."
                ),
            )
            form.fields["reason"].error_messages["required"] = _(
                "Say why the organisation is rejected, so it can put things right."
            )
            return form
        return ConfirmReasonForm(
            data,
            required=False,
            label=gettext_lazy("Note kept with the decision (optional)"),
            help_text=gettext_lazy("The organisation's administrators read it with the notification."),
        )

    def _confirmation(self, request, organization: Organization, form) -> Confirmation:
        admins = len(selectors.admins_of(organization))
        told = (
            ngettext("Its %(n)d administrator is notified.", "Its %(n)d administrators are notified.", admins)
            % {"n": admins}
            if admins
            else _("It has no active administrator yet, so nobody is notified.")
        )
        queue = request.GET.get("next") == "queue" or request.POST.get("next_queue")
        back_url = (
            reverse("directory:verification-queue")
            if queue
            else reverse("directory:organization-detail", args=[organization.pk])
        )
        subject = " · ".join(
            str(part)
            for part in (
                organization.name,
                organization.get_kind_display(),
                organization.region.name,
                organization.credit_code,
            )
            if part
        )
        if self.decision == "reject":
            return Confirmation(
                title=_("Reject %(name)s") % {"name": organization.name},
                subject=subject,
                consequences=[
                    _(
                        "The organisation is marked as rejected: it is not listed among verified organisations, its "
                        "members cannot publish in its name and it takes no new members."
                    ),
                    told + " " + _("They read your reason on the organisation's page."),
                ],
                button=_("Reject the registration"),
                back_url=back_url,
                form=form,
                hidden=[("next_queue", "1")] if queue else (),
            )
        return Confirmation(
            title=_("Verify %(name)s") % {"name": organization.name},
            subject=subject,
            consequences=[
                _("The organisation is shown as verified to everyone, and its members may publish in its name."),
                told,
            ],
            button=_("Verify the organisation"),
            back_url=back_url,
            form=form,
            danger=False,
            hidden=[("next_queue", "1")] if queue else (),
        )

    def get(self, request, pk):
        organization = self._organization(request, pk)
        return render_confirmation(request, self._confirmation(request, organization, self._form()))

    def post(self, request, pk):
        organization = self._organization(request, pk)
        form = self._form(request.POST)
        if not form.is_valid():
            return render_confirmation(request, self._confirmation(request, organization, form), status=400)
        try:
            if self.decision == "reject":
                services.organization_reject(organization=organization, actor=request.user, reason=form.reason_text)
                messages.success(request, _("%(name)s is rejected.") % {"name": organization.name})
            else:
                services.organization_verify(organization=organization, actor=request.user, reason=form.reason_text)
                messages.success(request, _("%(name)s is verified.") % {"name": organization.name})
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        if request.POST.get("next_queue"):
            return redirect("directory:verification-queue")
        return redirect("directory:organization-detail", pk=organization.pk)


class OrganizationVerifyView(_VerificationDecisionView):
    decision = "verify"


class OrganizationRejectView(_VerificationDecisionView):
    decision = "reject"


class VerificationQueueView(LoginRequiredMixin, SafePaginationMixin, ListView):
    template_name = "directory/verification_queue.html"
    context_object_name = "organizations"

    def get_queryset(self):
        user = self.request.user
        if not user.has_perm("directory.verify_organization"):
            raise PermissionDenied(_("Only members of the provincial office verify organisations."))
        return selectors.organizations_awaiting_verification(user=user)


class _MembershipActionView(_ActionView):
    """An action on a membership the user may see (others: 404); back to the organisation or to my organisations."""

    def target(self, request, pk):
        return get_object_or_404(selectors.memberships_visible_to(user=request.user), pk=pk)

    def done(self, request, target):
        if request.POST.get("next") == "organization":
            return redirect("directory:organization-detail", pk=target.organization_id)
        return redirect("directory:my-organizations")


class MembershipApproveView(_MembershipActionView):
    def act(self, request, membership):
        role = self.valid_data(request, ApproveForm, _("Choose a role: administrator, editor or viewer."))["role"]
        services.membership_approve(membership=membership, actor=request.user, role=role)
        messages.success(
            request, _("%(user)s joined %(org)s.") % {"user": membership.user, "org": membership.organization}
        )


class MembershipRoleView(_MembershipActionView):
    """An administrator changes an active member's role (the last administrator stays one)."""

    def act(self, request, membership):
        role = self.valid_data(request, ApproveForm, _("Choose a role: administrator, editor or viewer."))["role"]
        changed = services.membership_change_role(membership=membership, actor=request.user, role=role)
        messages.success(
            request,
            _("%(user)s is now %(role)s of %(org)s.")
            % {"user": changed.user, "role": changed.get_role_display(), "org": changed.organization},
        )


class MembershipDeclineView(_MembershipActionView):
    def act(self, request, membership):
        services.membership_decline(membership=membership, actor=request.user)
        messages.success(request, _("The request was declined."))


class MembershipRemoveView(_MembershipActionView):
    """GET: what removing a member (or leaving, or withdrawing a request) does. POST: do it."""

    http_method_names = ["get", "post"]

    def _confirmation(self, request, membership) -> Confirmation:
        organization = membership.organization
        own = membership.user_id == request.user.pk
        pending = membership.status == Membership.Status.PENDING
        if own and pending:
            title = _("Withdraw your request to join %(org)s") % {"org": organization.name}
            consequences = [_("The organisation's administrators no longer see your request.")]
            button = _("Withdraw the request")
        elif own:
            title = _("Leave %(org)s") % {"org": organization.name}
            consequences = [
                _("You lose access to the organisation's drafts, proposals and other work at once."),
                _("What you wrote stays with the organisation. To come back, ask to join again."),
            ]
            button = _("Leave the organisation")
        else:
            title = _("Remove %(user)s from %(org)s") % {"user": membership.user, "org": organization.name}
            consequences = [
                _("%(user)s loses access to the organisation's drafts, proposals and other work at once.")
                % {"user": membership.user},
                _("What they wrote stays with the organisation. To come back, they ask to join again."),
            ]
            button = _("Remove the member")
        refusal = ""
        if (
            membership.is_active
            and membership.role == Membership.Role.ADMIN
            and not selectors.members_of(organization=organization)
            .filter(role=Membership.Role.ADMIN)
            .exclude(pk=membership.pk)
            .exists()
        ):
            refusal = _("An organisation needs at least one administrator; appoint another one first.")
        back_url = (
            reverse("directory:organization-detail", args=[organization.pk])
            if request.GET.get("next") == "organization"
            else reverse("directory:my-organizations")
        )
        return Confirmation(
            title=title,
            subject=f"{membership.user} · {organization.name} · {membership.get_role_display()}",
            consequences=consequences,
            button=button,
            back_url=back_url,
            refusal=refusal,
            hidden=[("next", "organization")] if request.GET.get("next") == "organization" else (),
        )

    def get(self, request, pk):
        membership = self.target(request, pk)
        if membership.user_id != request.user.pk and not request.user.has_perm(
            "directory.manage_members", membership.organization
        ):
            raise PermissionDenied(_("Only the organisation's administrators can manage its members."))
        return render_confirmation(request, self._confirmation(request, membership))

    def act(self, request, membership):
        own = membership.user_id == request.user.pk
        pending = membership.status == Membership.Status.PENDING
        services.membership_remove(membership=membership, actor=request.user)
        if own:
            messages.success(request, _("Your request was withdrawn.") if pending else _("You left the organisation."))
        else:
            messages.success(request, _("The membership was ended."))


class MyOrganizationsView(LoginRequiredMixin, TemplateView):
    template_name = "directory/my_organizations.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context.update(
            memberships=selectors.memberships_of_user(user=user),
            pending_requests=selectors.pending_requests_for_admin(user=user),
            approve_form=ApproveForm(),
            awaiting_verification=selectors.organizations_awaiting_verification(user=user).count()
            if user.has_perm("directory.verify_organization")
            else None,
        )
        return context


def set_language(request):
    """Django's language switch, and for a signed-in person their choice remembered for their e-mails."""
    response = django_set_language(request)
    if request.method == "POST" and request.user.is_authenticated:
        services.user_set_language(user=request.user, language=request.POST.get("language", ""))
    return response
