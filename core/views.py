from __future__ import annotations

import mimetypes
from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.utils.html import escape
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, FormView, ListView

from core import jobs, notifications
from core.forms import NotificationPreferencesForm, add_service_errors
from core.models import FileJob, Notification, NotificationPreference
from core.sanitize import content_disposition

if TYPE_CHECKING:
    from django import forms
    from django.http import HttpRequest
    from django_stubs_ext import StrOrPromise


def found_or_404(selector, /, **kwargs):
    """Call a selector that raises ``DoesNotExist`` for what the user may not see (or what does not exist) and
    answer 404 instead: outsiders learn nothing."""
    try:
        return selector(**kwargs)
    except ObjectDoesNotExist:
        raise Http404 from None


class SafePaginationMixin:
    """ListView pagination that treats a bad ``page`` (text, 0, past the end) as the nearest valid page, not a 404."""

    paginate_by: int | None = 20
    paginator_class = Paginator  # public lists: core.pagecache.CachedCountPaginator

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(queryset, page_size, allow_empty_first_page=True)
        page = paginator.get_page(self.request.GET.get("page"))
        return paginator, page, page.object_list, page.has_other_pages()


class LoadMixin:
    """``load()`` fetches what a view is about (raising Http404 for outsiders, PermissionDenied for read-only
    members) once, after the login check and before the handler, so ``get`` and ``post`` share it."""

    def load(self) -> None:
        pass

    def dispatch(self, request, *args, **kwargs):
        method = request.method.lower()
        if method in self.http_method_names and hasattr(self, method):
            self.load()
        return super().dispatch(request, *args, **kwargs)


class ServiceActionMixin(LoadMixin):
    """One POST action of a page (one view, one action): bind ``form_class`` (if any), call one service in
    ``perform(data)`` (the bound form is ``self.form``), flash ``success_message``, redirect to
    ``get_success_url()``.

    An invalid form goes to ``form_invalid``, a service's ``ValidationError`` to ``service_invalid``; both flash
    the messages and redirect. A page that shows the bound form again overrides them (``PageFormMixin``).
    """

    request: HttpRequest
    http_method_names: Sequence[str] = ["post"]
    form_class: type[forms.BaseForm] | None = None
    success_message: StrOrPromise = ""
    invalid_message: StrOrPromise = ""  # flashed for an invalid form instead of the form's own errors

    def get_form_kwargs(self) -> dict:
        return {}

    def get_form(self):
        if self.form_class is None:
            return None
        return self.form_class(self.request.POST, self.request.FILES, **self.get_form_kwargs())

    def perform(self, data: dict) -> None:
        raise NotImplementedError

    def get_success_url(self) -> str:
        raise NotImplementedError

    def form_invalid(self, form):
        if self.invalid_message:
            messages.error(self.request, self.invalid_message)
        else:
            messages.error(self.request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect(self.get_success_url())

    def service_invalid(self, form, exc: ValidationError):
        for message in exc.messages:
            messages.error(self.request, message)
        return redirect(self.get_success_url())

    def post(self, request, *args, **kwargs):
        self.form = form = self.get_form()
        if form is not None and not form.is_valid():
            return self.form_invalid(form)
        try:
            self.perform(form.cleaned_data if form is not None else {})
        except ValidationError as exc:
            return self.service_invalid(form, exc)
        if self.success_message:
            messages.success(request, self.success_message)
        return redirect(self.get_success_url())


class PageActionMixin(ServiceActionMixin):
    """A :class:`ServiceActionMixin` on a page view whose ``load`` finds the object and what the user may do with
    it: after that ``load``, 403 unless the page's attribute named ``allowed_by`` (``can_manage``, ...) is true."""

    allowed_by: str

    def load(self):
        super().load()
        if not getattr(self, self.allowed_by):
            raise PermissionDenied


class ServiceActionView(LoginRequiredMixin, ServiceActionMixin, View):
    pass


class PageFormMixin:
    """For a ``ServiceActionMixin`` view whose form sits on a page it inherits from: errors show on that page
    again (status 200) with the bound form, which the page's ``get_context_data(bound=form)`` puts in place.

    The page may no longer show that form (a POST from a stale page: the engagement has ended, the user lost the
    right to act); an error the rendered page does not carry is flashed and the page rendered again, so the user
    always learns that nothing was saved, and why."""

    def form_invalid(self, form):
        response = self.render_to_response(self.get_context_data(bound=form))
        response.render()
        content = response.content.decode(response.charset or "utf-8")
        unseen = [str(e) for errors in form.errors.values() for e in errors if escape(str(e)) not in content]
        if not unseen:
            return response
        for message in dict.fromkeys(unseen):
            messages.error(self.request, message)
        return self.render_to_response(self.get_context_data(bound=form))

    def service_invalid(self, form, exc: ValidationError):
        add_service_errors(form, exc)
        return self.form_invalid(form)


class NotificationListView(LoginRequiredMixin, SafePaginationMixin, ListView):
    template_name = "core/notification_list.html"
    context_object_name = "notifications"

    def get_queryset(self):
        return Notification.objects.filter(user=self.request.user)


class NotificationReadView(LoginRequiredMixin, View):
    """Mark one notification (``id``) or all as read; then follow its link when it has a safe one."""

    http_method_names = ["post"]

    def post(self, request):
        raw = request.POST.get("id")
        if raw and raw.isdigit():
            notifications.mark_read(user=request.user, ids=[int(raw)])
            target = Notification.objects.filter(user=request.user, pk=int(raw)).values_list("url", flat=True).first()
            if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
                return redirect(target)
        else:
            notifications.mark_read(user=request.user)
        return redirect("notifications:list")


class NotificationPreferencesView(LoginRequiredMixin, FormView):
    template_name = "core/notification_preferences.html"

    def get_form(self, form_class=None):
        current = dict(NotificationPreference.objects.filter(user=self.request.user).values_list("kind", "delivery"))
        return NotificationPreferencesForm(self.request.POST or None, kinds=notifications.kinds(), current=current)

    def form_valid(self, form):
        for kind, delivery in form.cleaned_data.items():
            notifications.set_preference(user=self.request.user, kind=kind, delivery=delivery)
        messages.success(self.request, _("Your notification settings are saved."))
        return redirect("notifications:preferences")


class FileJobListView(LoginRequiredMixin, SafePaginationMixin, ListView):
    """The signed-in user's exports and imports, newest first."""

    template_name = "core/filejob_list.html"
    context_object_name = "jobs"

    def get_queryset(self):
        return FileJob.objects.filter(user=self.request.user).defer("params", "report", "error")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        for job in context["jobs"]:
            job.label = jobs.label_of(job.kind)
        return context


class FileJobDetailView(LoginRequiredMixin, DetailView):
    """One job: its state (the page reloads itself until it has finished), its file and its report. Another
    user's job is a 404, like one that does not exist."""

    template_name = "core/filejob_detail.html"
    context_object_name = "job"
    slug_field = slug_url_kwarg = "uuid"

    def get_queryset(self):
        return FileJob.objects.filter(user=self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        self.object.label = jobs.label_of(self.object.kind)
        return context


class FileJobDownloadView(FileJobDetailView):
    def get(self, request, *args, **kwargs):
        job = self.get_object()
        if job.status != FileJob.Status.DONE or not job.result:
            raise Http404
        content_type = mimetypes.guess_type(job.result_name)[0] or "application/octet-stream"
        response = FileResponse(job.result.open("rb"), content_type=content_type)
        response["Content-Disposition"] = content_disposition(job.result_name or "export")
        return response
