"""Matchmaking fairs (供需对接会) and scenario release events (场景发布会).

An organiser office creates an :class:`Event` with rooms of tables and a day cut into :class:`Slot` rows; the
programme holds :class:`ProgrammeItem` roadshow slots. Organisations register as :class:`Participant` (with
named :class:`Attendee` people and availability windows), request meetings with the other side
(:class:`MeetingRequest`), the scheduler turns accepted requests into :class:`Meeting` rows, and both sides
record a :class:`MeetingOutcome` afterwards.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from catalog.models import Scenario, Solution
from core.models import CalendarStatus, CreatedByModel, acting_user
from directory.models import Organization, Region


def new_feed_token() -> str:
    return secrets.token_urlsafe(24)


class EventQuerySet(models.QuerySet):
    def published(self) -> EventQuerySet:
        return self.filter(published_at__isnull=False).exclude(status=Event.Status.CANCELLED)


class Event(CreatedByModel):
    class Kind(models.TextChoices):
        RELEASE = "release", _("scenario release event (场景发布会)")
        FAIR = "fair", _("matchmaking fair (供需对接会)")
        BOTH = "both", _("release event and matchmaking fair")

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        OPEN = "open", _("published")
        SCHEDULED = "scheduled", _("schedule published")
        CANCELLED = "cancelled", _("cancelled")

    organiser = models.ForeignKey(
        Organization, verbose_name=_("organiser"), on_delete=models.PROTECT, related_name="fair_events"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.BOTH)
    title_zh = models.CharField(_("Chinese title"), max_length=200)
    title_en = models.CharField(_("English title"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True, max_length=5000)
    region = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="+")
    venue = models.CharField(_("venue"), max_length=300, blank=True)
    online_url = models.URLField(_("online meeting link"), blank=True)
    date = models.DateField(_("date"))
    days = models.PositiveSmallIntegerField(_("days"), default=1)
    day_start = models.TimeField(_("meetings start"), default="09:00")
    day_end = models.TimeField(_("meetings end"), default="17:00")
    slot_minutes = models.PositiveSmallIntegerField(_("slot length (minutes)"), default=30)
    breaks = models.JSONField(
        _("breaks"), default=list, blank=True, help_text=_('Pairs of times, e.g. [["12:00", "13:30"]].')
    )
    registration_opens = models.DateTimeField(_("registration opens"))
    registration_closes = models.DateTimeField(_("registration closes"))
    requests_close = models.DateTimeField(
        _("requests close"), help_text=_("Unanswered meeting requests expire at this time, before scheduling.")
    )
    max_meetings_default = models.PositiveSmallIntegerField(_("default maximum meetings per participant"), default=8)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    scheduled_at = models.DateTimeField(_("schedule published at"), null=True, blank=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("fair or release event")
        verbose_name_plural = _("fairs and release events")
        ordering = ["-date", "-pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(day_start__lt=models.F("day_end")), name="fairs_event_day"),
            models.CheckConstraint(
                condition=models.Q(registration_opens__lt=models.F("registration_closes")),
                name="fairs_event_registration_window",
            ),
            models.CheckConstraint(condition=models.Q(slot_minutes__gte=5), name="fairs_event_slot_length"),
            models.CheckConstraint(condition=models.Q(days__gte=1, days__lte=5), name="fairs_event_days"),
        ]

    def __str__(self) -> str:
        return self.title_zh

    @property
    def title(self) -> str:
        if self.title_en and not (get_language() or "zh").startswith("zh"):
            return self.title_en
        return self.title_zh

    @property
    def is_published(self) -> bool:
        return self.published_at is not None and self.status != self.Status.CANCELLED

    def registration_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.is_published and self.registration_opens <= now < self.registration_closes

    def requests_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.is_published and self.status == self.Status.OPEN and now < self.requests_close

    @property
    def has_meetings(self) -> bool:
        return self.kind in (self.Kind.FAIR, self.Kind.BOTH)


class Room(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="rooms")
    name = models.CharField(_("name"), max_length=100)
    tables = models.PositiveSmallIntegerField(_("tables"), default=10)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("room")
        verbose_name_plural = _("rooms")
        ordering = ["event_id", "position", "pk"]

    def __str__(self) -> str:
        return self.name


class Slot(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="slots")
    index = models.PositiveSmallIntegerField(_("number"))
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))

    class Meta:
        verbose_name = _("slot")
        verbose_name_plural = _("slots")
        ordering = ["event_id", "index"]
        constraints = [models.UniqueConstraint(fields=["event", "index"], name="fairs_slot_unique_index")]

    def __str__(self) -> str:
        return f"{timezone.localtime(self.start):%m-%d %H:%M}–{timezone.localtime(self.end):%H:%M}"


class Participant(models.Model):
    class Status(models.TextChoices):
        APPLIED = "applied", pgettext_lazy("fair registration", "applied")
        ACCEPTED = "accepted", pgettext_lazy("fair registration", "accepted")
        DECLINED = "declined", pgettext_lazy("fair registration", "declined")
        WITHDRAWN = "withdrawn", pgettext_lazy("fair registration", "withdrawn")

    class Side(models.TextChoices):
        DEMAND = "demand", _("county office (scenarios)")
        SUPPLY = "supply", _("firm or training provider (solutions)")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="participants")
    organization = models.ForeignKey(
        Organization, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="fair_participations"
    )
    side = models.CharField(_("side"), max_length=10, choices=Side.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.APPLIED)
    max_meetings = models.PositiveSmallIntegerField(_("maximum meetings"), default=8)
    note = models.CharField(_("note to the organiser"), max_length=500, blank=True)
    feed_token = models.CharField(max_length=64, unique=True, default=new_feed_token, editable=False)
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(_("registered at"), default=timezone.now)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["event_id", "side", "organization__name_zh", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "organization"],
                name="fairs_participant_once_per_event",
                violation_error_message=_("This organisation is already registered for the event."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization} @ {self.event}"

    @property
    def is_accepted(self) -> bool:
        return self.status == self.Status.ACCEPTED


class Attendee(models.Model):
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="attendees")
    name = models.CharField(_("name"), max_length=100)
    position = models.CharField(_("position"), max_length=100, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("account"), null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        verbose_name = _("attendee")
        verbose_name_plural = _("attendees")
        ordering = ["participant_id", "pk"]

    def __str__(self) -> str:
        return self.name


class Availability(models.Model):
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="availability")
    start = models.DateTimeField(_("from"))
    end = models.DateTimeField(_("until"))

    class Meta:
        verbose_name = _("availability window")
        verbose_name_plural = _("availability windows")
        ordering = ["participant_id", "start"]
        constraints = [models.CheckConstraint(condition=models.Q(start__lt=models.F("end")), name="fairs_window")]

    def __str__(self) -> str:
        return f"{self.start:%H:%M}–{self.end:%H:%M}"


class ProgrammeItem(models.Model):
    """A roadshow slot on stage: a county office releases scenarios, or a firm pitches a solution."""

    class Kind(models.TextChoices):
        RELEASE = "release", _("scenario release (场景发布)")
        PITCH = "pitch", _("solution pitch")
        OTHER = "other", _("opening or panel")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="programme")
    slot = models.ForeignKey(Slot, verbose_name=_("slot"), on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    participant = models.ForeignKey(
        Participant, verbose_name=_("presenter"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    scenario = models.ForeignKey(Scenario, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    solution = models.ForeignKey(Solution, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("programme item")
        verbose_name_plural = _("programme")
        ordering = ["event_id", "slot__index", "pk"]

    def __str__(self) -> str:
        return self.title


class MeetingRequest(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("awaiting an answer")
        ACCEPTED = "accepted", pgettext_lazy("meeting request", "accepted")
        DECLINED = "declined", pgettext_lazy("meeting request", "declined")
        REDIRECTED = "redirected", _("another participant proposed")
        EXPIRED = "expired", _("expired unanswered")
        WITHDRAWN = "withdrawn", _("withdrawn")

    class Priority(models.IntegerChoices):
        NORMAL = 1, _("normal")
        HIGH = 2, _("high")
        TOP = 3, _("top")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="requests")
    requester = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="requests_made")
    recipient = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="requests_received")
    purpose = models.CharField(_("purpose"), max_length=300)
    scenario = models.ForeignKey(
        Scenario, verbose_name=_("scenario"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    solution = models.ForeignKey(
        Solution, verbose_name=_("solution"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    score = models.FloatField(_("match score"), default=0.3)
    reasons = models.JSONField(_("reasons"), default=list, blank=True)
    priority = models.PositiveSmallIntegerField(_("priority"), choices=Priority.choices, default=Priority.NORMAL)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    redirected_to = models.ForeignKey(
        Participant, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("proposed")
    )
    answer_note = models.CharField(_("note"), max_length=300, blank=True)
    created_by = acting_user(blank=False)
    created_at = models.DateTimeField(_("requested at"), default=timezone.now)
    answered_by = acting_user()
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("meeting request")
        verbose_name_plural = _("meeting requests")
        ordering = ["event_id", "-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["requester", "recipient"],
                condition=models.Q(status__in=["pending", "accepted"]),
                name="fairs_request_one_open_per_pair",
                violation_error_message=_("You have already asked this participant for a meeting."),
            ),
            models.CheckConstraint(condition=~models.Q(requester=models.F("recipient")), name="fairs_request_two"),
        ]

    def __str__(self) -> str:
        return f"{self.requester.organization} → {self.recipient.organization}"


class Meeting(models.Model):
    Status = CalendarStatus

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="meetings")
    request = models.OneToOneField(MeetingRequest, on_delete=models.CASCADE, related_name="meeting")
    slot = models.ForeignKey(Slot, verbose_name=_("slot"), on_delete=models.PROTECT, related_name="meetings")
    room = models.ForeignKey(Room, verbose_name=_("room"), null=True, blank=True, on_delete=models.SET_NULL)
    table = models.PositiveSmallIntegerField(_("table"), default=1)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    pinned = models.BooleanField(_("pinned"), default=False)
    sequence = models.PositiveIntegerField(default=0)  # iCalendar SEQUENCE: raised by every change
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["event_id", "slot__index", "room__position", "table", "pk"]

    def __str__(self) -> str:
        return f"{self.request} @ {self.slot}"

    @property
    def uid(self) -> str:
        """Stable iCalendar UID: a moved meeting keeps it."""
        return f"fair-meeting-{self.request_id}@smart-county-exchange"

    @property
    def table_label(self) -> str:
        return f"{self.room.name} · {self.table}" if self.room is not None else str(self.table)


class MeetingOutcome(models.Model):
    class Outcome(models.TextChoices):
        FOLLOW_UP = "follow_up", _("follow-up agreed")
        INVITED = "invited", _("invited to propose")
        INTENTION = "intention", _("intention signed (意向协议)")
        NO_FIT = "no_fit", _("no fit")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="outcomes")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")
    outcome = models.CharField(pgettext_lazy("meeting", "outcome"), max_length=10, choices=Outcome.choices)
    value = models.PositiveBigIntegerField(_("intended value (CNY)"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    recorded_by = acting_user(blank=False)
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("meeting outcome")
        verbose_name_plural = _("meeting outcomes")
        ordering = ["meeting_id", "participant_id"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "participant"], name="fairs_outcome_one_per_side"),
            models.CheckConstraint(
                condition=models.Q(value__isnull=True) | models.Q(outcome="intention"), name="fairs_outcome_value"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.meeting_id}: {self.outcome}"


class ScheduleRun(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="runs")
    at = models.DateTimeField(default=timezone.now)
    by = acting_user(blank=False)
    method = models.CharField(max_length=12)
    requests = models.PositiveIntegerField(default=0)
    scheduled = models.PositiveIntegerField(default=0)
    moved = models.PositiveIntegerField(default=0)
    dropped = models.PositiveIntegerField(default=0)
    value = models.FloatField(default=0)
    greedy_value = models.FloatField(default=0)
    bound = models.FloatField(null=True, blank=True)
    gap = models.FloatField(null=True, blank=True)
    solve_s = models.FloatField(default=0)

    class Meta:
        verbose_name = _("scheduler run")
        verbose_name_plural = _("scheduler runs")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.event} {self.at:%Y-%m-%d %H:%M}"
