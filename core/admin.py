"""Staff views of background work: the e-mail outbox and tasks that failed after their last retry."""

from __future__ import annotations

from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.background import enqueue
from core.models import OutgoingEmail, TaskFailure
from core.outbox import deliver_email


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


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
