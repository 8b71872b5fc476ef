"""Staff views of background work (the e-mail outbox and tasks that failed after their last retry), and the admin
building blocks every app's admin shares: read-only admins, staff read-only access, lists scoped by the site's own
selectors, lists for superusers only, and compact inlines."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.background import enqueue
from core.models import OutgoingEmail, TaskFailure
from core.outbox import deliver_email


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows written by the code (services, jobs), never here; superusers may still delete one."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ReadOnlyNoDeleteAdmin(ReadOnlyAdmin):
    """Rows written by the code and kept: no one adds, changes or deletes them here."""

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyForStaffMixin:
    """Writes go through the services; only superusers may touch rows here, and only for repairs."""

    def has_add_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser or (obj is None and request.method == "GET" and request.user.is_staff)

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_staff

    def has_module_permission(self, request):
        return request.user.is_staff


class VisibleToMixin:
    """Superusers see every row; others see the rows ``visible_to(user=...)`` returns, the selector the site uses.

    With ``visible_path`` set, the list keeps its own queryset and is filtered to the rows whose ``visible_path``
    points at one of the visible rows (a revision through its proposal, an attendance through its enrolment)."""

    visible_to: Callable[..., QuerySet]
    visible_path: str | None = None

    def get_queryset(self, request):
        queryset = super().get_queryset(request)  # type: ignore[misc]
        if request.user.is_superuser:
            return queryset
        visible = self.visible_to(user=request.user)
        if self.visible_path is None:
            return visible
        return queryset.filter(**{f"{self.visible_path}__in": visible.values("pk")})


class SuperuserRowsOnlyMixin:
    """Rows for superusers only (tokens, logs of who read what): anyone else sees an empty list."""

    def get_queryset(self, request):
        queryset = super().get_queryset(request)  # type: ignore[misc]
        return queryset if request.user.is_superuser else queryset.none()


class CompactTabularInline(admin.TabularInline):
    """The rows there are, without blank forms to add more."""

    extra = 0


def tabular_inline(model) -> type[CompactTabularInline]:
    """A compact inline that shows every field of ``model``."""
    return type(f"{model.__name__}Inline", (CompactTabularInline,), {"model": model})


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "to", "subject", "sent_at", "attempts", "next_attempt_at"]
    list_filter = [("sent_at", admin.EmptyFieldListFilter)]
    search_fields = ["to", "subject"]
    date_hierarchy = "created_at"
    actions = ["retry_now"]

    @admin.action(description=_("Retry the selected unsent e-mails now"))
    def retry_now(self, request, queryset):
        pending = list(queryset.filter(sent_at__isnull=True).values_list("pk", flat=True))
        OutgoingEmail.objects.filter(pk__in=pending).update(attempts=0, next_attempt_at=timezone.now())
        for pk in pending:
            enqueue(deliver_email, pk)
        self.message_user(request, _("%(n)d e-mail(s) queued again.") % {"n": len(pending)}, messages.SUCCESS)


@admin.register(TaskFailure)
class TaskFailureAdmin(ReadOnlyAdmin):
    list_display = ["failed_at", "task_name", "args", "exception"]
    list_filter = ["task_name"]
    search_fields = ["task_name", "exception"]
    date_hierarchy = "failed_at"
