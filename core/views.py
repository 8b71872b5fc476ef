from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, ListView

from core import notifications
from core.forms import NotificationPreferencesForm
from core.models import Notification, NotificationPreference


class SafePaginationMixin:
    """ListView pagination that treats a bad ``page`` (text, 0, past the end) as the nearest valid page, not a 404."""

    paginate_by: int | None = 20

    def paginate_queryset(self, queryset, page_size):
        paginator = Paginator(queryset, page_size, allow_empty_first_page=True)
        page = paginator.get_page(self.request.GET.get("page"))
        return paginator, page, page.object_list, page.has_other_pages()


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
