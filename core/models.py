"""Abstract model blocks the apps share (timestamps, authorship, contact details, publication states, ordered
ranges), and the notification centre: in-app notifications with e-mail delivery, immediate or as a daily digest.

Apps register their kinds (``core.notifications.register_kind``) and call ``core.notifications.notify``;
nothing else writes notification rows.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import notification_text

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class PublicationStatus(models.TextChoices):
    """The life of something a member publishes for others to find (a solution, a course)."""

    DRAFT = "draft", _("draft")
    PUBLISHED = "published", _("published")
    ARCHIVED = "archived", _("archived")


class CalendarStatus(models.TextChoices):
    """Whether a dated entry of someone's calendar (a fair meeting, a training occurrence) still takes place; a
    cancelled one stays, so calendar feeds can tell subscribers."""

    SCHEDULED = "scheduled", _("scheduled")
    CANCELLED = "cancelled", _("cancelled")


def acting_user(verbose_name: StrOrPromise | None = None, *, blank: bool = True, **options: Any) -> models.ForeignKey:
    """The user who did something to the row (created, decided, answered, recorded it): NULL until someone has,
    when the system did it, or once that user is deleted; no reverse accessor on the user. ``blank=False`` where
    a form must name someone; ``options`` add to the field (a help text)."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=verbose_name,
        null=True,
        blank=blank,
        on_delete=models.SET_NULL,
        related_name="+",
        **options,
    )


def audit_actor(**options: Any) -> models.ForeignKey:
    """Who acted, in a row of an audit trail: NULL when the system acted or the user was deleted. ``options``
    add to the field (a help text where a trail says more)."""
    return acting_user(_("by"), **options)


class CreatedByModel(models.Model):
    """Who created the row (kept as NULL when that user is deleted) and when (a default, so imports and demo data
    may set it)."""

    created_by = acting_user()
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        abstract = True


class AuthoredModel(CreatedByModel):
    """Who created the row and when, and when it was last saved; newest first."""

    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True
        ordering = ["-created_at", "-id"]


class AutoTimestampedModel(models.Model):
    """When the row was first saved and last saved, both stamped by the save itself (never set by hand)."""

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class AutoAuthoredModel(AutoTimestampedModel):
    """Save-stamped timestamps and who created the row (kept as NULL when that user is deleted)."""

    created_by = acting_user()

    class Meta:
        abstract = True


class AuditEventModel(models.Model):
    """A row of an audit trail: who acted and when; oldest first. Subclasses add what happened and to what."""

    actor = audit_actor()
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        abstract = True
        ordering = ["at", "id"]


class ContactModel(models.Model):
    """A contact person shown to those who may get in touch (a scenario's office, a solution's firm)."""

    contact_name = models.CharField(_("contact person"), max_length=100, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)

    class Meta:
        abstract = True


class UploadModel(models.Model):
    """An uploaded file's record: a random public id (never the database id), the name it was uploaded under,
    its checked type, extension and size, who uploaded it and when. Subclasses add ``file`` with their storage
    path and the object it belongs to."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=100)
    extension = models.CharField(max_length=8)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_by = acting_user()
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        abstract = True
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name


def ordered_range(low: str, high: str, *, name: str) -> models.CheckConstraint:
    """A database check that ``low <= high`` when both are set (budgets, prices)."""
    return models.CheckConstraint(
        condition=models.Q(**{f"{low}__isnull": True})
        | models.Q(**{f"{high}__isnull": True})
        | models.Q(**{f"{low}__lte": models.F(high)}),
        name=name,
    )


class NotificationQuerySet(models.QuerySet):
    def unread(self) -> NotificationQuerySet:
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """One notification for one person. ``code`` and ``params`` say what happened (see core.notification_text);
    ``display_title`` and ``display_body`` put it into the reader's language. ``title`` and ``body`` keep the
    words in the site's language as written when it was sent: shown for rows without a code (written before
    codes existed) or whose code is no longer known; ``body`` also holds free text a person wrote (a reason)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(_("kind"), max_length=50, db_index=True)
    code = models.CharField(_("message code"), max_length=100, blank=True)
    params = models.JSONField(_("message parameters"), default=dict, blank=True)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("message"), blank=True, max_length=5000)
    url = models.CharField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "read_at"], name="core_notif_user_read")]

    def __str__(self) -> str:
        return self.title

    def _rendered(self) -> tuple[str, str] | None:
        return notification_text.render(self.code, self.params) if self.code else None

    @property
    def display_title(self) -> str:
        """The title in the active language (the stored words when the row has no known code)."""
        rendered = self._rendered()
        return rendered[0][:200] if rendered else self.title

    @property
    def display_body(self) -> str:
        rendered = self._rendered()
        return rendered[1] if rendered and rendered[1] else self.body


class NotificationPreference(models.Model):
    class Delivery(models.TextChoices):
        IMMEDIATE = "immediate", _("e-mail at once")
        DIGEST = "digest", _("daily digest e-mail")
        NONE = "none", _("only in the notification centre")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(_("kind"), max_length=50)
    delivery = models.CharField(_("delivery"), max_length=10, choices=Delivery.choices, default=Delivery.IMMEDIATE)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="core_notification_pref_one_per_kind")]

    def __str__(self) -> str:
        return f"{self.user_id}:{self.kind}={self.delivery}"


class OutgoingEmail(models.Model):
    """The outbox: an e-mail written in the same transaction as the change that causes it, delivered by a task.

    A delivery claims the row for a while (``claimed_until``), sends, then stamps ``sent_at``; a failed attempt
    is retried later with a growing delay. So a mail outage never reaches the request that caused the e-mail,
    nothing is lost, and a message is sent twice only if a worker dies between sending and stamping.
    """

    to = models.EmailField(_("to"))
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("message"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"), default=timezone.now)
    claimed_until = models.DateTimeField(_("claimed until"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["next_attempt_at"], condition=models.Q(sent_at__isnull=True), name="core_outbox_pending"
            )
        ]

    def __str__(self) -> str:
        return f"{self.to}: {self.subject}"


class TaskFailure(models.Model):
    """A background task that failed after its last retry (shown to staff in the admin)."""

    task_name = models.CharField(_("task"), max_length=200, db_index=True)
    task_id = models.CharField(_("task id"), max_length=100, blank=True)
    args = models.JSONField(_("arguments"), default=list, blank=True)
    exception = models.TextField(_("exception"))
    traceback = models.TextField(_("traceback"), blank=True)
    failed_at = models.DateTimeField(_("failed at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("failed background task")
        verbose_name_plural = _("failed background tasks")
        ordering = ["-failed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.task_name} ({self.failed_at:%Y-%m-%d %H:%M})"


class IdempotencyKey(models.Model):
    """The first answer to a create request sent with an ``Idempotency-Key`` header, replayed on a retry."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(_("key"), max_length=255)
    endpoint = models.CharField(_("endpoint"), max_length=300)
    fingerprint = models.CharField(_("request fingerprint"), max_length=64)
    status_code = models.PositiveSmallIntegerField(_("status code"))
    response = models.JSONField(_("response"), null=True, blank=True)
    location = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("idempotency key")
        verbose_name_plural = _("idempotency keys")
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="core_idempotency_key_once_per_user")]

    def __str__(self) -> str:
        return f"{self.user_id}:{self.key}"


class FileJob(models.Model):
    """A large export or import run by a background task for one user: what was asked (``kind``, ``params``, an
    uploaded ``source`` for imports), how it went, and the file or report it produced. Only its user reads it."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="file_jobs")
    kind = models.CharField(_("kind"), max_length=60)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    source = models.FileField(_("uploaded file"), upload_to="jobs/in/", blank=True)
    source_name = models.CharField(_("uploaded file name"), max_length=255, blank=True)
    result = models.FileField(_("result file"), upload_to="jobs/out/", blank=True)
    result_name = models.CharField(_("result file name"), max_length=255, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    report = models.JSONField(_("report"), default=dict, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("file job")
        verbose_name_plural = _("file jobs")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.kind} ({self.get_status_display()})"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)
