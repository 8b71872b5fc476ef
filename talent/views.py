"""Pages of the talent app. Thin: selectors read, services write, ``talent.permissions`` decides.

Outsiders get 404 for private things (rosters, other people's records), read-only members 403 on writes.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections import OrderedDict
from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import DetailView, FormView, ListView, TemplateView

from core.confirm import Confirmation, ConfirmReasonForm, render_confirmation
from core.forms import ReasonForm, add_service_errors
from core.pagecache import CachedCountPaginator
from core.sanitize import spreadsheet_row
from core.service_messages import errors_flashed, flash_errors
from core.views import SafePaginationMixin
from directory.models import Organization, Region, User
from directory.permissions import publishing_organizations
from talent import ical, selectors, services
from talent.filters import CourseFilter, ExchangeFilter
from talent.forms import (
    AssessmentForm,
    AttendanceBulkForm,
    AttendanceForm,
    CheckInForm,
    CourseEditForm,
    CourseForm,
    ExchangeCancelForm,
    ExchangeCompleteForm,
    ExchangeForm,
    OccurrenceMoveForm,
    SessionEditForm,
    SessionForm,
)
from talent.models import Attendance, CalendarToken, Course, Enrolment, Exchange, Occurrence, Session
from talent.pdf import certificate_pdf


def _csv_writer(response):
    """A CSV writer whose cells a spreadsheet never reads as formulas (core.sanitize.spreadsheet_cell)."""
    writer = csv.writer(response)

    class Safe:
        @staticmethod
        def writerow(row):
            writer.writerow(spreadsheet_row(row))

    return Safe


_DENIED = gettext_lazy("You may not do that.")


def _service_errors(request, exc: ValidationError | PermissionDenied) -> None:
    flash_errors(request, exc, denied=_DENIED)


def _reported(request):
    """``with _reported(request):`` a service's refusal or validation errors become messages on the page."""
    return errors_flashed(request, denied=_DENIED)


# --- Catalogue -------------------------------------------------------------------------------------------


class CourseListView(SafePaginationMixin, ListView):
    template_name = "talent/course_list.html"
    paginator_class = CachedCountPaginator
    context_object_name = "courses"

    def get_queryset(self):
        self.filterset = CourseFilter(self.request.GET or None, queryset=selectors.courses_public().distinct())
        if self.filterset.is_bound and not self.filterset.is_valid():
            return selectors.courses_public().none()
        return self.filterset.qs.order_by("title_zh", "pk")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filter"] = self.filterset
        user = self.request.user
        context["can_add_course"] = bool(publishing_organizations(user, kinds=[Organization.Kind.TRAINING_PROVIDER]))
        return context


class _OfSession:
    """The URL names a session: found among those the user may see, managed with ``talent.manage_session``; its
    keyword for services and its page are ``session``."""

    session: Session
    attribute = "session"
    visible_to: Any = staticmethod(selectors.sessions_visible_to)
    permission = "talent.manage_session"


class _OfCourse:
    """The URL names a course: found among those the user may see, managed with ``talent.manage_course``."""

    course: Course
    attribute = "course"
    visible_to: Any = staticmethod(selectors.courses_visible_to)
    permission = "talent.manage_course"


class _VisibleDetailView(DetailView):
    """The page of one object among those ``visible_to`` the user (others: 404)."""

    visible_to: Any  # a selector taking user=, e.g. staticmethod(selectors.sessions_visible_to)

    def get_queryset(self):
        return self.visible_to(user=self.request.user)


class CourseDetailView(_OfCourse, _VisibleDetailView):
    template_name = "talent/course_detail.html"
    context_object_name = "course"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["sessions"] = (
            selectors.sessions_visible_to(user=self.request.user).filter(course=self.object).order_by("start")
        )
        context["can_manage"] = self.request.user.has_perm("talent.manage_course", self.object)
        return context


class SessionDetailView(_OfSession, _VisibleDetailView):
    template_name = "talent/session_detail.html"
    context_object_name = "session"

    def get_queryset(self):
        return selectors.with_viewer_enrolment(super().get_queryset(), user=self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        session, user = self.object, self.request.user
        context["occurrences"] = session.occurrences.all()
        context["seats_left"] = max(session.capacity - session.registered_count, 0)
        context["my_enrolment"] = (
            selectors.with_waitlist_rank(Enrolment.objects.active().filter(session=session, person=user)).first()
            if user.is_authenticated
            else None
        )
        context["registration_open"] = session.registration_open_at(timezone.now())
        context["quota_active"] = session.quota_active_at(timezone.now())
        context["can_manage"] = user.has_perm("talent.manage_session", session)
        context["can_view_roster"] = user.has_perm("talent.read_roster", session)
        context["sees_meeting_link"] = user.has_perm("talent.read_meeting_link", session)
        if context["can_manage"] and session.status == Session.Status.DRAFT:
            context["conflicts"] = services.session_conflicts(session=session)
        return context


class SessionEnrolView(LoginRequiredMixin, View):
    def post(self, request, pk):
        session = get_object_or_404(selectors.sessions_visible_to(user=request.user), pk=pk)
        with _reported(request):
            enrolment = services.enrolment_create(person=request.user, session=session)
            if enrolment.status == Enrolment.Status.REGISTERED:
                messages.success(request, _("You are registered."))
            elif enrolment.status == Enrolment.Status.WAITLISTED:
                messages.info(
                    request,
                    _("The session is full; you are number %(n)d on the waitlist.")
                    % {"n": enrolment.waitlist_position},
                )
            else:
                messages.info(request, _("Your organisation's administrators will approve your enrolment."))
        return redirect("talent:session-detail", pk=session.pk)


class _ServiceView(LoginRequiredMixin, View):
    """POST: ``perform`` one service on an object the user may see (others: 404), say ``success_message`` (or
    what went wrong) and go back to ``back_url``. By default the object is a session or course (``_OfSession``,
    ``_OfCourse``), the service takes (actor=, <attribute>=) and the way back is its page."""

    attribute: str
    visible_to: Any
    service: Any  # a services function taking (actor=, <attribute>=)
    success_message: str | Promise = ""

    def perform(self, request, target) -> None:
        type(self).service(actor=request.user, **{self.attribute: target})

    def back_url(self, request, target) -> str:
        return reverse(f"talent:{self.attribute}-detail", args=[target.pk])

    def post(self, request, pk):
        target = get_object_or_404(self.visible_to(user=request.user), pk=pk)
        with _reported(request):
            self.perform(request, target)
            messages.success(request, self.success_message)
        return redirect(self.back_url(request, target))


class SessionPublishView(_OfSession, _ServiceView):
    service = services.session_publish
    success_message = gettext_lazy("The session is published.")


class EnrolmentActionView(_ServiceView):
    """Cancel or approve an enrolment the user may see (others: 404)."""

    action = "cancel"
    visible_to = staticmethod(selectors.enrolments_visible_to)

    @property
    def success_message(self):  # type: ignore[override]
        return _("The enrolment is cancelled.") if self.action == "cancel" else _("The enrolment is approved.")

    def perform(self, request, target) -> None:
        service = services.enrolment_cancel if self.action == "cancel" else services.enrolment_approve
        service(actor=request.user, enrolment=target)

    def back_url(self, request, target) -> str:
        return request.POST.get("next") if _safe_next(request) else reverse("talent:my-learning")


def _safe_next(request) -> bool:
    target = request.POST.get("next", "")
    return target.startswith("/") and not target.startswith("//")


class CalendarView(TemplateView):
    """Upcoming published occurrences for four weeks from ``?from=YYYY-MM-DD`` (default today), by day."""

    template_name = "talent/calendar.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        try:
            first = dt.date.fromisoformat(self.request.GET.get("from", "")) if self.request.GET.get("from") else today
        except ValueError:
            messages.warning(self.request, _("Give the date as YYYY-MM-DD; showing from today."))
            first = today
        last = first + dt.timedelta(days=28)
        occurrences = selectors.occurrences_for_feed(sessions=Session.objects.published()).filter(
            start__date__gte=first, start__date__lt=last
        )
        days: OrderedDict[dt.date, list[Occurrence]] = OrderedDict()
        for occurrence in occurrences:
            days.setdefault(timezone.localtime(occurrence.start).date(), []).append(occurrence)
        context.update(
            days=days,
            first=first,
            previous=first - dt.timedelta(days=28),
            next=last,
        )
        return context


# --- My learning, ledger and profile ---------------------------------------------------------------------


class MyLearningView(LoginRequiredMixin, TemplateView):
    template_name = "talent/my_learning.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        token = services.calendar_token_for(user=user)
        context.update(
            enrolments=selectors.my_learning(user=user),
            hours=selectors.hours_by_year(person=user),
            profile=selectors.skills_profile(person=user),
            feed_url=self.request.build_absolute_uri(reverse("talent:feed-person", args=[token.token])),
            person=user,
            teaching=selectors.sessions_taught_by(user=user),
            people=selectors.people_administered_by(user=user)[:200],
            can_add_course=bool(publishing_organizations(user, kinds=[Organization.Kind.TRAINING_PROVIDER])),
            # Only where approving can succeed (enrolment_approve refuses a session no longer published).
            pending_approvals=selectors.enrolments_visible_to(user=user)
            .filter(status=Enrolment.Status.PENDING, session__status=Session.Status.PUBLISHED)
            .exclude(person=user),
        )
        return context


class CalendarTokenRegenerateView(LoginRequiredMixin, View):
    def post(self, request):
        services.calendar_token_regenerate(user=request.user)
        messages.success(request, _("Your calendar link has changed; subscribe again with the new one."))
        return redirect("talent:my-learning")


def _person_or_404(request, user_id: int) -> User:
    person = get_object_or_404(User, pk=user_id)
    if not request.user.has_perm("talent.read_training_record", person):
        raise Http404
    return person


class PersonRecordView(LoginRequiredMixin, TemplateView):
    """A person's hours and skills profile, for the person and their organisations' admins."""

    template_name = "talent/person_record.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        person = _person_or_404(self.request, self.kwargs["user_id"])
        context.update(
            person=person,
            hours=selectors.hours_by_year(person=person),
            profile=selectors.skills_profile(person=person),
        )
        return context


class PersonRecordCsvView(LoginRequiredMixin, View):
    def get(self, request, user_id):
        person = _person_or_404(request, user_id)
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="training-record-{person.pk}.csv"'
        response.write("\ufeff")  # Excel opens UTF-8 Chinese correctly only with a BOM
        writer = _csv_writer(response)
        writer.writerow(
            [
                "section",
                "year",
                "hours",
                "courses",
                "exchanges",
                "skill_code",
                "skill",
                "level",
                "course",
                "certificate",
            ]
        )
        for row in selectors.hours_by_year(person=person):
            writer.writerow(["hours", row["year"], row["hours"], row["courses"], row["exchanges"], "", "", "", "", ""])
        for entry in selectors.skills_profile(person=person):
            writer.writerow(
                [
                    "skill",
                    "",
                    "",
                    "",
                    "",
                    entry.skill.code,
                    entry.skill.name_zh,
                    entry.level,
                    entry.course_title,
                    entry.certificate_code,
                ]
            )
        return response


# --- Roster, attendance, check-in, completion -------------------------------------------------------------


def _roster_session(request, pk) -> Session:
    session = get_object_or_404(
        Session.objects.select_related("course", "course__provider", "venue", "venue__region"), pk=pk
    )
    if not request.user.has_perm("talent.read_roster", session):
        raise Http404
    return session


class RosterView(LoginRequiredMixin, TemplateView):
    """The attendance sheet (printable): participants by occurrences; for one date that has begun, a checkbox
    per seat holder and the check-in code. Nothing is offered for a date still to come."""

    template_name = "talent/roster.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        session = _roster_session(self.request, self.kwargs["pk"])
        now = timezone.now()
        occurrences = list(session.occurrences.all())
        started = [o for o in occurrences if not o.is_cancelled and o.start <= now]
        rows = []
        for enrolment in selectors.roster(session=session):
            marks = {a.occurrence_id: a for a in enrolment.attendances.all()}
            rows.append({"enrolment": enrolment, "marks": [marks.get(o.pk) for o in occurrences], "by_pk": marks})
        can_mark = self.request.user.has_perm("talent.mark_attendance", session)
        chosen = None
        wanted = self.request.GET.get("occurrence", "")
        if started:
            chosen = next((o for o in started if str(o.pk) == wanted), started[-1])
        code = None
        bulk = None
        if can_mark and chosen is not None:
            code = chosen.check_in_codes.filter(expires_at__gt=now).values("code", "expires_at").first()
            seat_rows = [r for r in rows if r["enrolment"].holds_seat]
            bulk = [
                (
                    r["enrolment"],
                    r["by_pk"].get(chosen.pk),
                    (r["by_pk"].get(chosen.pk) is not None and r["by_pk"][chosen.pk].status in Attendance.ATTENDED),
                )
                for r in seat_rows
            ]
        last_end = max((o.end for o in occurrences if not o.is_cancelled), default=None)
        context.update(
            session=session,
            occurrences=occurrences,
            started=started,
            chosen=chosen,
            bulk=bulk,
            rows=rows,
            can_mark=can_mark,
            can_complete=can_mark and last_end is not None and last_end <= now,
            next_start=next((o.start for o in occurrences if not o.is_cancelled and o.start > now), None),
            statuses=Attendance.Status.choices,
            active_code=code,
        )
        return context


class AttendanceBulkView(LoginRequiredMixin, View):
    """POST the roster of one date: ticked people present, the others absent (all or nothing)."""

    def post(self, request, pk):
        occurrence = get_object_or_404(Occurrence.objects.select_related("session__course__provider"), pk=pk)
        session = _roster_session(request, occurrence.session_id)
        enrolments = list(session.enrolments.filter(status__in=Enrolment.SEAT_STATUSES).select_related("person"))
        form = AttendanceBulkForm(request.POST, enrolments=enrolments)
        back = f"{reverse('talent:session-roster', args=[session.pk])}?occurrence={occurrence.pk}"
        if not form.is_valid():
            messages.error(request, _("Someone ticked is not registered for this session."))
            return redirect(back)
        with _reported(request):
            counts = services.attendance_mark_bulk(
                actor=request.user, occurrence=occurrence, present=set(form.cleaned_data["present"])
            )
            messages.success(
                request,
                _("Attendance saved: %(present)d present, %(absent)d absent.") % counts,
            )
        return redirect(back)


class RosterCsvView(LoginRequiredMixin, View):
    def get(self, request, pk):
        session = _roster_session(request, pk)
        occurrences = list(session.occurrences.all())
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="attendance-session-{session.pk}.csv"'
        response.write("\ufeff")
        writer = _csv_writer(response)
        writer.writerow(
            ["person", "organisation", "status", "waitlist_position"]
            + [timezone.localtime(o.start).strftime("%Y-%m-%d") for o in occurrences]
        )
        for enrolment in selectors.roster(session=session):
            marks = {a.occurrence_id: a.status for a in enrolment.attendances.all()}
            writer.writerow(
                [
                    str(enrolment.person),
                    str(enrolment.organization or ""),
                    enrolment.status,
                    enrolment.waitlist_position or "",
                ]
                + [marks.get(o.pk, "") for o in occurrences]
            )
        return response


class AttendanceMarkView(LoginRequiredMixin, View):
    def post(self, request, pk):
        session = _roster_session(request, pk)
        form = AttendanceForm(request.POST, session=session)
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
            return redirect("talent:session-roster", pk=session.pk)
        with _reported(request):
            services.attendance_mark(actor=request.user, **form.cleaned_data)
            messages.success(request, _("Attendance saved."))
        return redirect("talent:session-roster", pk=session.pk)


class CheckInCodeIssueView(LoginRequiredMixin, View):
    def post(self, request, pk):
        occurrence = get_object_or_404(Occurrence.objects.select_related("session__course__provider"), pk=pk)
        _roster_session(request, occurrence.session_id)
        with _reported(request):
            code = services.check_in_code_issue(actor=request.user, occurrence=occurrence)
            messages.success(
                request,
                _("Check-in code %(code)s, valid until %(until)s.")
                % {"code": code.code, "until": timezone.localtime(code.expires_at).strftime("%H:%M")},
            )
        return redirect("talent:session-roster", pk=occurrence.session_id)


class CheckInView(LoginRequiredMixin, TemplateView):
    template_name = "talent/check_in.html"

    def get_occurrence(self) -> Occurrence:
        return get_object_or_404(
            Occurrence.objects.select_related("session__course").filter(session__status=Session.Status.PUBLISHED),
            pk=self.kwargs["pk"],
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", CheckInForm())
        context["occurrence"] = self.get_occurrence()
        return context

    def post(self, request, pk):
        occurrence = self.get_occurrence()
        form = CheckInForm(request.POST)
        if form.is_valid():
            try:
                services.check_in(person=request.user, occurrence=occurrence, code=form.cleaned_data["code"])
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("You are checked in. Welcome!"))
                return redirect("talent:my-learning")
        return self.render_to_response(self.get_context_data(form=form), status=400)


class SessionCompleteView(LoginRequiredMixin, View):
    def post(self, request, pk):
        session = _roster_session(request, pk)
        with _reported(request):
            result = services.session_complete(actor=request.user, session=session)
            messages.success(
                request,
                _("Completed: %(done)d; not completed: %(not)d.")
                % {"done": result["completed"], "not": result["not_completed"]},
            )
        return redirect("talent:session-roster", pk=session.pk)


# --- Certificates ----------------------------------------------------------------------------------------


class CertificateDetailView(TemplateView):
    """The bilingual certificate and its public verification (valid / revoked) at one address."""

    template_name = "talent/certificate_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        certificate = selectors.certificate_public(code=self.kwargs["code"])
        if certificate is None:
            raise Http404
        context["certificate"] = certificate
        context["can_revoke"] = self.request.user.has_perm("talent.revoke_certificate", certificate.enrolment)
        context["revoke_form"] = ReasonForm()
        return context


class CertificatePdfView(View):
    def get(self, request, code):
        certificate = selectors.certificate_public(code=code)
        if certificate is None:
            raise Http404
        url = request.build_absolute_uri(reverse("talent:certificate-detail", args=[certificate.code]))
        response = HttpResponse(
            certificate_pdf(certificate=certificate, verify_url=url), content_type="application/pdf"
        )
        response["Content-Disposition"] = f'inline; filename="certificate-{certificate.code}.pdf"'
        return response


class CertificateVerifyView(TemplateView):
    """``/talent/verify/?code=…``: a form; a known code redirects to the certificate page."""

    template_name = "talent/certificate_verify.html"

    def get(self, request, *args, **kwargs):
        code = (request.GET.get("code") or "").strip()
        if code:
            certificate = selectors.certificate_public(code=code)
            if certificate is not None:
                return redirect("talent:certificate-detail", code=certificate.code)
            return self.render_to_response({"code": code, "not_found": True}, status=404)
        return super().get(request, *args, **kwargs)


class _ReasonConfirmationView(LoginRequiredMixin, View):
    """GET: the confirmation page of an action on the object ``load(request, <URL key>)`` finds, with
    ``reason_form()``; 403 unless the user has ``permission`` on ``permission_target(object)``."""

    permission = ""

    def load(self, request, key):
        raise NotImplementedError

    def permission_target(self, obj):
        return obj

    def reason_form(self):
        raise NotImplementedError

    def confirmation(self, obj, form) -> Confirmation:
        raise NotImplementedError

    def get(self, request, **kwargs):
        (key,) = kwargs.values()
        obj = self.load(request, key)
        if not request.user.has_perm(self.permission, self.permission_target(obj)):
            raise PermissionDenied
        return render_confirmation(request, self.confirmation(obj, self.reason_form()))


class CertificateRevokeView(_ReasonConfirmationView):
    """GET: what revoking does, with the reason the record keeps. POST: revoke."""

    permission = "talent.revoke_certificate"

    def permission_target(self, obj):
        return obj.enrolment

    def reason_form(self):
        return ConfirmReasonForm(required=True, help_text=_("Required. Shown on the public verification page."))

    def load(self, request, code):
        certificate = selectors.certificate_public(code=code)
        if certificate is None or not request.user.has_perm("talent.read_enrolment", certificate.enrolment):
            raise Http404
        return certificate

    def confirmation(self, certificate, form) -> Confirmation:
        return Confirmation(
            title=_("Revoke the certificate"),
            subject=" · ".join(
                [certificate.code, str(certificate.enrolment.person), certificate.enrolment.session.course.title]
            ),
            consequences=[
                _("Anyone checking the code sees “revoked”, with the date and your reason."),
                _("The learner's record no longer counts this completion. A revocation cannot be undone."),
            ],
            button=_("Revoke the certificate"),
            back_url=reverse("talent:certificate-detail", args=[certificate.code]),
            form=form,
        )

    def post(self, request, code):
        certificate = self.load(request, code)
        form = ConfirmReasonForm(request.POST, required=True)
        if not form.is_valid():
            if not request.user.has_perm(self.permission, certificate.enrolment):
                raise PermissionDenied
            return render_confirmation(request, self.confirmation(certificate, form), status=400)
        try:
            services.certificate_revoke(actor=request.user, certificate=certificate, reason=form.reason_text)
            messages.success(request, _("The certificate is revoked."))
        except ValidationError as exc:  # a refusal (PermissionDenied) is the 403 page
            _service_errors(request, exc)
        return redirect("talent:certificate-detail", code=certificate.code)


# --- Exchanges -------------------------------------------------------------------------------------------


class ExchangeListView(SafePaginationMixin, ListView):
    template_name = "talent/exchange_list.html"
    context_object_name = "exchanges"

    def get_queryset(self):
        base = selectors.exchanges_visible_to(user=self.request.user)
        self.filterset = ExchangeFilter(self.request.GET or None, queryset=base)
        if self.filterset.is_bound and not self.filterset.is_valid():
            return base.none()
        return self.filterset.qs.order_by("-start_date", "pk")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filter"] = self.filterset
        return context


class ExchangeDetailView(_VisibleDetailView):
    template_name = "talent/exchange_detail.html"
    context_object_name = "exchange"
    visible_to = staticmethod(selectors.exchanges_visible_to)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["sees_person"] = user.has_perm("talent.read_exchange", self.object)
        context["can_run"] = user.has_perm("talent.run_exchange", self.object)
        context["can_approve"] = user.has_perm("talent.approve_exchange", self.object)
        context["complete_form"] = ExchangeCompleteForm()
        return context


class ExchangeActionView(_ServiceView):
    action = "approve"
    attribute = "exchange"
    visible_to = staticmethod(selectors.exchanges_visible_to)
    success_message = gettext_lazy("The exchange is updated.")

    def perform(self, request, exchange) -> None:
        if self.action == "approve":
            services.exchange_approve(actor=request.user, exchange=exchange)
        elif self.action == "start":
            services.exchange_start(actor=request.user, exchange=exchange)
        else:
            form = ExchangeCompleteForm(request.POST)
            if not form.is_valid():
                raise ValidationError([message for errors in form.errors.values() for message in errors])
            services.exchange_complete(actor=request.user, exchange=exchange, **form.cleaned_data)


class ExchangeCancelView(_ReasonConfirmationView):
    """GET: what cancelling does and to whom, with the optional reason. POST: cancel (an over-long reason comes
    back as a form error, status 400, nothing saved)."""

    permission = "talent.run_exchange"

    def reason_form(self):
        return ExchangeCancelForm()

    def load(self, request, pk) -> Exchange:
        return get_object_or_404(selectors.exchanges_visible_to(user=request.user), pk=pk)

    def confirmation(self, exchange: Exchange, form) -> Confirmation:
        return Confirmation(
            title=_("Cancel the exchange"),
            subject=f"{exchange.role} · {exchange.home_organization.name} → {exchange.host_organization.name}",
            consequences=[
                _("The exchange is closed for good; it cannot be started or completed afterwards."),
                _(
                    "The person and the administrators of both organisations are told, with your reason if you "
                    "give one."
                ),
            ],
            button=_("Cancel the exchange"),
            back_url=reverse("talent:exchange-detail", args=[exchange.pk]),
            form=form,
        )

    def post(self, request, pk):
        exchange = self.load(request, pk)
        if not request.user.has_perm(self.permission, exchange):
            raise PermissionDenied
        form = ExchangeCancelForm(request.POST)
        if not form.is_valid():
            return render_confirmation(request, self.confirmation(exchange, form), status=400)
        try:
            services.exchange_cancel(actor=request.user, exchange=exchange, reason=form.reason_text)
        except ValidationError as exc:
            add_service_errors(form, exc)
            return render_confirmation(request, self.confirmation(exchange, form), status=400)
        messages.success(request, _("The exchange is cancelled."))
        return redirect("talent:exchange-detail", pk=exchange.pk)


class ExchangeCertificateView(DetailView):
    template_name = "talent/exchange_certificate.html"
    context_object_name = "exchange"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["sees_person"] = self.request.user.has_perm("talent.read_exchange", self.object)
        return context

    def get_queryset(self):
        return selectors.exchanges_visible_to(user=self.request.user).filter(status=Exchange.Status.COMPLETED)


# --- iCalendar feeds -------------------------------------------------------------------------------------


def _ics_response(name: str, occurrences, request, filename: str, *, private: bool = False) -> HttpResponse:
    body = ical.build_calendar(
        name=name,
        occurrences=occurrences,
        base_url=request.build_absolute_uri("/")[:-1],
        include_meeting_links=private,
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}.ics"'
    return response


class CourseFeedView(View):
    def get(self, request, pk):
        course = get_object_or_404(Course.objects.published(), pk=pk)
        sessions = Session.objects.filter(course=course).exclude(status=Session.Status.DRAFT)
        return _ics_response(
            course.title_zh, selectors.occurrences_for_feed(sessions=sessions), request, f"course-{pk}"
        )


class TrainerFeedView(View):
    def get(self, request, user_id):
        trainer = get_object_or_404(User.objects.filter(trained_sessions__isnull=False).distinct(), pk=user_id)
        sessions = Session.objects.filter(trainers=trainer, course__status=Course.Status.PUBLISHED).exclude(
            status=Session.Status.DRAFT
        )
        return _ics_response(
            str(trainer), selectors.occurrences_for_feed(sessions=sessions), request, f"trainer-{user_id}"
        )


class CountyFeedView(View):
    def get(self, request, code):
        region = get_object_or_404(Region, code=code)
        sessions = Session.objects.filter(
            venue__region__code__startswith=region.code_prefix, course__status=Course.Status.PUBLISHED
        ).exclude(status=Session.Status.DRAFT)
        return _ics_response(
            region.name_zh, selectors.occurrences_for_feed(sessions=sessions), request, f"county-{code}"
        )


class PersonFeedView(View):
    """Private: the token in the URL is the only credential, so calendar apps can subscribe."""

    def get(self, request, token):
        owner = get_object_or_404(CalendarToken.objects.select_related("user"), token=token).user
        sessions = Session.objects.filter(
            enrolments__person=owner,
            enrolments__status__in=(*Enrolment.SEAT_STATUSES, Enrolment.Status.WAITLISTED),
        ).exclude(status=Session.Status.DRAFT)
        return _ics_response(
            str(owner), selectors.occurrences_for_feed(sessions=sessions), request, "my-learning", private=True
        )


# --- Provider forms --------------------------------------------------------------------------------------


def _providers_for(user) -> list[Organization]:
    """Verified training providers the user can publish for (admin or editor)."""
    return publishing_organizations(user, kinds=[Organization.Kind.TRAINING_PROVIDER])


class _ManagedObjectMixin:
    """Before any handler (and after ``LoginRequiredMixin``, so anonymous users are sent to log in first): the
    object of the URL's ``pk`` among those ``visible_to`` the user (404 otherwise) is put in ``self.<attribute>``;
    without ``permission`` on it the answer is 403 with ``denied_message``."""

    attribute = ""
    visible_to: Any  # a selector taking user=, e.g. staticmethod(selectors.sessions_visible_to)
    permission = ""
    denied_message: str | Promise = ""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            managed = get_object_or_404(self.visible_to(user=request.user), pk=kwargs["pk"])
            if not request.user.has_perm(self.permission, managed):
                raise PermissionDenied(self.denied_message)
            setattr(self, self.attribute, managed)
        return super().dispatch(request, *args, **kwargs)


class _ConfirmedActionView(LoginRequiredMixin, _ManagedObjectMixin, View):
    """GET: a page saying what the action does (``confirmation()``). POST: ``perform()`` it (by default the
    ``service`` taking (actor=, <attribute>=)), say ``success_message`` (or what went wrong) and go back to
    ``back_url()`` (by default the object's page, talent:<attribute>-detail)."""

    service: Any

    title: str | Promise = ""  # the page's title and its button
    success_message: str | Promise = ""

    def subject(self) -> str:
        raise NotImplementedError

    def consequences(self) -> list[str]:
        raise NotImplementedError

    def confirmation(self) -> Confirmation:
        return Confirmation(
            title=str(self.title),
            subject=self.subject(),
            consequences=self.consequences(),
            button=str(self.title),
            back_url=self.back_url(),
        )

    def perform(self, actor) -> None:
        type(self).service(actor=actor, **{self.attribute: getattr(self, self.attribute)})

    def back_url(self) -> str:
        return reverse(f"talent:{self.attribute}-detail", args=[getattr(self, self.attribute).pk])

    def get(self, request, pk):
        return render_confirmation(request, self.confirmation())

    def post(self, request, pk):
        with _reported(request):
            self.perform(request.user)
            messages.success(request, self.success_message)
        return redirect(self.back_url())


class CourseCreateView(LoginRequiredMixin, FormView):
    template_name = "talent/course_form.html"
    form_class = CourseForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not _providers_for(request.user):
            raise PermissionDenied(_("Only administrators and editors of a verified training provider add courses."))
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        providers = Organization.objects.filter(pk__in=[o.pk for o in _providers_for(self.request.user)])
        return {**super().get_form_kwargs(), "providers": providers.order_by("name_zh", "pk")}

    def form_valid(self, form):
        data = dict(form.cleaned_data)
        for name in ("skills", "digcomp_level", "engineer_level"):
            data.pop(name)
        try:
            course = services.course_create(
                actor=self.request.user,
                provider=data.pop("provider"),
                title_zh=data.pop("title_zh"),
                planned_hours=data.pop("planned_hours"),
                skills=form.skill_levels(),
                publish=data.pop("publish"),
                **data,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("The course is saved. Now schedule its sessions."))
        return redirect("talent:session-create", pk=course.pk)


class _ManagedFormView(LoginRequiredMixin, _ManagedObjectMixin, FormView):
    """A provider's form about the managed session or course: the object goes to the page as ``<attribute>``
    and, with ``form_takes_object``, to the form under the same keyword."""

    form_takes_object = True

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if self.form_takes_object:
            kwargs[self.attribute] = getattr(self, self.attribute)
        return kwargs

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), self.attribute: getattr(self, self.attribute)}


class SessionCreateView(_OfCourse, _ManagedFormView):
    template_name = "talent/session_form.html"
    form_class = SessionForm
    denied_message = gettext_lazy("Only administrators and editors of the provider schedule sessions.")

    def form_valid(self, form):
        data = dict(form.cleaned_data)
        data["repeat_weekdays"] = ",".join(data["repeat_weekdays"])
        data["online_url"] = data["online_url"] or ""
        try:
            session = services.session_create(actor=self.request.user, course=self.course, **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("The session is published.")
            if session.status == Session.Status.PUBLISHED
            else _("The session is saved as a draft."),
        )
        return redirect("talent:session-detail", pk=session.pk)


class OccurrenceChangeView(_ReasonConfirmationView):
    """Cancel (after a confirmation page) or move one date of a session (the rest of the series is untouched)."""

    action = "cancel"
    permission = "talent.manage_session"

    def permission_target(self, obj):
        return obj.session

    def reason_form(self):
        return ConfirmReasonForm(required=False, label=_("Note shown with the date (optional)"))

    def load(self, request, pk) -> Occurrence:
        return get_object_or_404(
            Occurrence.objects.select_related("session__course__provider").filter(
                session__in=selectors.sessions_visible_to(user=request.user).values("pk")
            ),
            pk=pk,
        )

    def confirmation(self, occurrence: Occurrence, form) -> Confirmation:
        people = occurrence.session.enrolments.active().count()
        return Confirmation(
            title=_("Cancel this date"),
            subject=f"{occurrence.session.course.title} · {timezone.localtime(occurrence.start):%Y-%m-%d %H:%M}",
            consequences=[
                _("Only this date is cancelled; the other dates of the series stay as they are."),
                _("Calendars of the %(n)d enrolled people show the date as cancelled.") % {"n": people},
                _("%(n)d enrolled people (waitlist included) are told at once.") % {"n": people},
            ],
            button=_("Cancel this date"),
            back_url=reverse("talent:session-detail", args=[occurrence.session_id]),
            form=form,
        )

    def get(self, request, **kwargs):
        if self.action != "cancel":
            raise Http404
        return super().get(request, **kwargs)

    def post(self, request, pk):
        occurrence = self.load(request, pk)
        with _reported(request):
            if self.action == "cancel":
                note = request.POST.get("reason", request.POST.get("note", ""))
                services.occurrence_cancel(actor=request.user, occurrence=occurrence, note=note)
                messages.success(request, _("The date is cancelled."))
            else:
                form = OccurrenceMoveForm(request.POST)
                if not form.is_valid():
                    raise ValidationError(_("Give the new start and end as date and time."))
                services.occurrence_move(
                    actor=request.user,
                    occurrence=occurrence,
                    start=form.cleaned_data["start"],
                    end=form.cleaned_data["end"],
                )
                messages.success(request, _("The date is moved."))
        return redirect("talent:session-detail", pk=occurrence.session_id)


class ExchangeCreateView(LoginRequiredMixin, FormView):
    template_name = "talent/exchange_form.html"
    form_class = ExchangeForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.has_perm("talent.propose_exchange"):
            raise PermissionDenied(_("Only an administrator of the home or host organisation can propose an exchange."))
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        data = dict(form.cleaned_data)
        data["skills"] = list(data["skills"])
        try:
            exchange = services.exchange_propose(actor=self.request.user, **data)
        except (ValidationError, PermissionDenied) as exc:
            if isinstance(exc, PermissionDenied):
                exc = ValidationError(str(exc))
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("The exchange is proposed; both organisations' administrators approve it."))
        return redirect("talent:exchange-detail", pk=exchange.pk)


class AssessmentView(LoginRequiredMixin, View):
    def post(self, request, pk):
        session = _roster_session(request, pk)
        form = AssessmentForm(request.POST, session=session)
        if form.is_valid():
            try:
                services.enrolment_set_assessment(
                    actor=request.user, enrolment=form.cleaned_data["enrolment"], passed=form.cleaned_data["passed"]
                )
                messages.success(request, _("Assessment saved."))
            except PermissionDenied as exc:
                _service_errors(request, exc)
        else:
            messages.error(request, _("Choose a participant holding a seat and a result."))
        return redirect("talent:session-roster", pk=session.pk)


class SessionCancelView(_OfSession, _ConfirmedActionView):
    """GET: what cancelling the whole session does and to whom. POST: cancel it."""

    title = gettext_lazy("Cancel the whole session")
    service = services.session_cancel
    success_message = gettext_lazy("The session is cancelled; calendars show it as cancelled.")

    def subject(self) -> str:
        return f"{self.session.course.title} · {timezone.localtime(self.session.start):%Y-%m-%d %H:%M}"

    def consequences(self) -> list[str]:
        dates = self.session.occurrences.scheduled().count()
        people = self.session.enrolments.active().count()
        return [
            _("All %(n)d remaining dates are cancelled; calendars show them as cancelled.") % {"n": dates},
            _("%(n)d enrolled people (waitlist included) are told at once.") % {"n": people},
            _("The session cannot be reopened; schedule a new one instead."),
        ]


class SessionEditView(_OfSession, _ManagedFormView):
    """Time, place, capacity and registration deadline of a session (the rules are in ``session_update``)."""

    template_name = "talent/session_edit.html"
    form_class = SessionEditForm
    denied_message = gettext_lazy("Only administrators and editors of the provider edit sessions.")

    def get_initial(self):
        s = self.session
        return {
            "start": timezone.localtime(s.start),
            "end": timezone.localtime(s.end),
            "venue": s.venue,
            "online_url": s.online_url,
            "capacity": s.capacity,
            "registration_closes": timezone.localtime(s.registration_closes),
        }

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            result = services.session_update(
                actor=self.request.user,
                session=self.session,
                capacity=data["capacity"],
                start=data["start"],
                end=data["end"],
                venue=data["venue"],
                online_url=data["online_url"] or "",
                registration_closes=data["registration_closes"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.render_to_response(self.get_context_data(form=form), status=400)
        messages.success(
            self.request,
            _(
                "The session is saved. Moved up from the waitlist: %(promoted)d; "
                "people told of the change: %(notified)d."
            )
            % result,
        )
        return redirect("talent:session-detail", pk=self.session.pk)

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)


class CourseEditView(_OfCourse, _ManagedFormView):
    template_name = "talent/course_form.html"
    form_class = CourseEditForm
    form_takes_object = False
    denied_message = gettext_lazy("Only administrators and editors of the provider edit courses.")

    def get_initial(self):
        c = self.course
        skills = list(c.course_skills.select_related("skill"))
        initial = {name: getattr(c, name) for name in services.COURSE_EDITABLE_FIELDS}
        initial["skills"] = [cs.skill.code for cs in skills]
        for cs in skills:
            initial["digcomp_level" if cs.skill.scheme == "digcomp" else "engineer_level"] = cs.level
        return initial

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "editing": True}

    def form_valid(self, form):
        data = dict(form.cleaned_data)
        for name in ("skills", "digcomp_level", "engineer_level"):
            data.pop(name)
        try:
            services.course_update(actor=self.request.user, course=self.course, skills=form.skill_levels(), **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("The course is saved."))
        return redirect("talent:course-detail", pk=self.course.pk)

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)


class CourseUnpublishView(_OfCourse, _ConfirmedActionView):
    title = gettext_lazy("Unpublish the course")
    service = services.course_unpublish
    success_message = gettext_lazy("The course is unpublished (a draft again).")

    def subject(self) -> str:
        return self.course.title

    def consequences(self) -> list[str]:
        return [
            _("The course leaves the public list and search; its page is visible to your provider only."),
            _("Past sessions, attendance and certificates stay as they are."),
            _("A course with people enrolled in a session still to come cannot be unpublished."),
        ]


class CoursePublishView(_OfCourse, _ServiceView):
    service = services.course_publish
    success_message = gettext_lazy("The course is published.")
