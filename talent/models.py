"""Digital-skills training: skills, courses, sessions and their occurrences, enrolments, attendance,
certificates, calendar feeds and north-south talent exchanges.

Invariants the database holds (so that no code path can break them): one active enrolment per person and
session, unique waitlist positions per session, waitlisted ⇔ has a position, end after start, positive
capacities, one attendance mark per enrolment and occurrence, unique certificate codes.
"""

from __future__ import annotations

import secrets
from decimal import Decimal

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.models import AutoAuthoredModel, AutoTimestampedModel, CalendarStatus, PublicationStatus, acting_user
from core.text import prefers_chinese, validate_not_blank
from core.validators import validate_web_url
from directory.models import Organization, Region


def _bilingual(zh: str, en: str) -> str:
    if prefers_chinese():
        return zh or en
    return en or zh


class Level(models.TextChoices):
    """Proficiency levels of both skill schemes: DigComp 2.2 (1-8) and the engineer tracks (3 grades)."""

    L1 = "1", _("DigComp 1 · foundation")
    L2 = "2", _("DigComp 2 · foundation")
    L3 = "3", _("DigComp 3 · intermediate")
    L4 = "4", _("DigComp 4 · intermediate")
    L5 = "5", _("DigComp 5 · advanced")
    L6 = "6", _("DigComp 6 · advanced")
    L7 = "7", _("DigComp 7 · highly specialised")
    L8 = "8", _("DigComp 8 · highly specialised")
    JUNIOR = "junior", _("junior")
    INTERMEDIATE = "intermediate", _("intermediate")
    SENIOR = "senior", _("senior")


DIGCOMP_LEVELS = ("1", "2", "3", "4", "5", "6", "7", "8")
ENGINEER_LEVELS = ("junior", "intermediate", "senior")
LEVEL_RANK = {value: rank for rank, value in enumerate(DIGCOMP_LEVELS + ENGINEER_LEVELS)}


class SkillQuerySet(models.QuerySet):
    def assignable(self) -> SkillQuerySet:
        """Skills a course can teach: DigComp competences and engineer tracks (not the five areas)."""
        return self.exclude(kind=Skill.Kind.AREA)


class Skill(models.Model):
    class Scheme(models.TextChoices):
        DIGCOMP = "digcomp", _("DigComp 2.2")
        ENGINEER = "engineer", _("Digital-technology engineer")

    class Kind(models.TextChoices):
        AREA = "area", _("competence area")
        COMPETENCE = "competence", _("competence")
        TRACK = "track", _("engineer track")

    # Codes carry DigComp numbers ("digcomp-1.1"): a slug plus dots.
    code = models.CharField(
        _("code"),
        max_length=60,
        unique=True,
        validators=[RegexValidator(r"^[a-z0-9][a-z0-9._-]*$", _("Lower-case letters, digits, '.', '-' and '_'."))],
    )
    scheme = models.CharField(_("scheme"), max_length=10, choices=Scheme.choices, db_index=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    name_zh = models.CharField(_("Chinese name"), max_length=120)
    name_en = models.CharField(_("English name"), max_length=200)
    external_ref = models.CharField(_("framework reference"), max_length=100, blank=True)
    esco_uri = models.URLField(_("ESCO URI"), blank=True)
    occupation_code = models.CharField(_("national occupation code"), max_length=20, blank=True)

    objects = SkillQuerySet.as_manager()

    class Meta:
        verbose_name = _("skill")
        verbose_name_plural = _("skills")
        ordering = ["scheme", "code"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return _bilingual(self.name_zh, self.name_en)

    @property
    def levels(self) -> tuple[str, ...]:
        return DIGCOMP_LEVELS if self.scheme == self.Scheme.DIGCOMP else ENGINEER_LEVELS


class CourseQuerySet(models.QuerySet):
    def published(self) -> CourseQuerySet:
        return self.filter(status=Course.Status.PUBLISHED)


class Course(AutoAuthoredModel):
    class Format(models.TextChoices):
        IN_PERSON = "in_person", _("in person")
        ONLINE = "online", _("online")
        BLENDED = "blended", _("blended")

    class Language(models.TextChoices):
        ZH = "zh", _("Chinese")
        EN = "en", _("English")
        BILINGUAL = "zh-en", _("Chinese and English")

    Status = PublicationStatus

    provider = models.ForeignKey(
        Organization, verbose_name=_("training provider"), on_delete=models.PROTECT, related_name="courses"
    )
    title_zh = models.CharField(_("Chinese title"), max_length=200, validators=[validate_not_blank])
    title_en = models.CharField(_("English title"), max_length=250, blank=True)
    description_zh = models.TextField(_("Chinese description"), blank=True, max_length=10000)
    description_en = models.TextField(_("English description"), blank=True, max_length=10000)
    skills = models.ManyToManyField(Skill, through="CourseSkill", related_name="courses", verbose_name=_("skills"))
    planned_hours = models.PositiveSmallIntegerField(_("planned hours"))
    format = models.CharField(_("format"), max_length=10, choices=Format.choices, default=Format.IN_PERSON)
    language = models.CharField(_("language"), max_length=5, choices=Language.choices, default=Language.ZH)
    prerequisites = models.TextField(_("prerequisites"), blank=True, max_length=2000)
    min_attendance_percent = models.PositiveSmallIntegerField(
        _("minimum attendance (%)"), default=80, help_text=_("Share of held occurrences attended to complete.")
    )
    requires_assessment = models.BooleanField(_("requires a passed assessment"), default=False)
    requires_approval = models.BooleanField(
        _("enrolment needs approval by the participant's organisation"), default=False
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True)

    objects = CourseQuerySet.as_manager()

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        ordering = ["title_zh", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(planned_hours__gte=1), name="talent_course_hours_positive"),
            models.CheckConstraint(
                condition=Q(min_attendance_percent__lte=100), name="talent_course_attendance_percent_le_100"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return _bilingual(self.title_zh, self.title_en)

    @property
    def description(self) -> str:
        return _bilingual(self.description_zh, self.description_en)


class CourseSkill(models.Model):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="course_skills")
    skill = models.ForeignKey(Skill, on_delete=models.PROTECT, related_name="+")
    level = models.CharField(_("target level"), max_length=12, choices=Level.choices)

    class Meta:
        verbose_name = _("course skill")
        verbose_name_plural = _("course skills")
        ordering = ["skill__code"]
        constraints = [models.UniqueConstraint(fields=["course", "skill"], name="talent_courseskill_once")]

    def __str__(self) -> str:
        return f"{self.skill} · {self.get_level_display()}"


class Venue(models.Model):
    """A room somewhere in a county; double bookings are checked against it."""

    provider = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="venues")
    region = models.ForeignKey(Region, verbose_name=_("county"), on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("room"), max_length=120, validators=[validate_not_blank])
    address = models.CharField(_("address"), max_length=250)
    room_capacity = models.PositiveIntegerField(_("room capacity"))

    class Meta:
        verbose_name = _("venue")
        verbose_name_plural = _("venues")
        ordering = ["region_id", "name"]
        constraints = [
            models.CheckConstraint(condition=Q(room_capacity__gte=1), name="talent_venue_capacity_positive"),
            models.UniqueConstraint(fields=["provider", "region", "name"], name="talent_venue_unique_name"),
        ]

    def __str__(self) -> str:
        return f"{self.region} · {self.name}"


class SessionQuerySet(models.QuerySet):
    def published(self) -> SessionQuerySet:
        return self.filter(status=Session.Status.PUBLISHED, course__status=Course.Status.PUBLISHED)

    def with_seats(self) -> SessionQuerySet:
        registered = models.Count(
            "enrolments",
            filter=Q(enrolments__status__in=Enrolment.SEAT_STATUSES),
        )
        waitlisted = models.Count("enrolments", filter=Q(enrolments__status=Enrolment.Status.WAITLISTED))
        return self.annotate(registered_count=registered, waitlisted_count=waitlisted)


class Session(AutoTimestampedModel):
    """A scheduled run of a course: one occurrence, or a weekly series of them (see ``Occurrence``)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published")
        CANCELLED = "cancelled", _("cancelled")

    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="sessions")
    start = models.DateTimeField(_("start"), help_text=_("First occurrence, Asia/Shanghai time."))
    end = models.DateTimeField(_("end"))
    venue = models.ForeignKey(
        Venue, verbose_name=_("venue"), null=True, blank=True, on_delete=models.PROTECT, related_name="sessions"
    )
    online_url = models.URLField(_("online link"), blank=True, validators=[validate_web_url])
    capacity = models.PositiveIntegerField(_("capacity"))
    registration_opens = models.DateTimeField(_("registration opens"), null=True, blank=True)
    registration_closes = models.DateTimeField(_("registration closes"))
    trainers = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="trained_sessions", blank=True)
    # Weekly recurrence: weekdays as digits Monday=0 … Sunday=6 ("0,2"), ending by date or count.
    repeat_weekdays = models.CharField(_("repeats on weekdays"), max_length=20, blank=True)
    repeat_until = models.DateField(_("repeats until"), null=True, blank=True)
    repeat_count = models.PositiveSmallIntegerField(_("number of occurrences"), null=True, blank=True)
    # Optional seat quota: until ``quota_until``, ``quota_seats`` seats are held for learners enrolling on behalf
    # of an organisation in ``quota_zone`` (e.g. half the seats for 苏北 until a date); others take the rest.
    quota_zone = models.CharField(
        _("seats held for learners from"), max_length=10, choices=Region.Zone.choices, blank=True
    )
    quota_seats = models.PositiveIntegerField(_("seats held"), null=True, blank=True)
    quota_until = models.DateTimeField(_("seats held until"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True)
    # Monotonic: the next waitlisted person gets last_waitlist_position + 1 (read and written under the row lock).
    last_waitlist_position = models.PositiveIntegerField(default=0, editable=False)

    objects = SessionQuerySet.as_manager()

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["start", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=models.F("start")), name="talent_session_end_after_start"),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="talent_session_capacity_positive"),
            models.CheckConstraint(
                condition=~Q(venue__isnull=True, online_url=""), name="talent_session_venue_or_online"
            ),
            models.CheckConstraint(
                condition=Q(quota_zone="", quota_seats__isnull=True, quota_until__isnull=True)
                | (
                    ~Q(quota_zone="")
                    & Q(quota_seats__gte=1, quota_seats__lte=models.F("capacity"), quota_until__isnull=False)
                ),
                name="talent_session_quota_complete",
            ),
        ]

    def __str__(self) -> str:
        local = timezone.localtime(self.start)
        return f"{self.course} · {local:%Y-%m-%d %H:%M}"

    @property
    def is_recurring(self) -> bool:
        return bool(self.repeat_weekdays)

    @property
    def seats_left(self) -> int:
        registered = getattr(self, "registered_count", None)
        if registered is None:
            registered = self.enrolments.holding_seat().count()
        return max(self.capacity - registered, 0)

    def quota_active_at(self, moment) -> bool:
        """Seats are held for ``quota_zone`` at ``moment`` (before ``quota_until``)."""
        return bool(self.quota_zone) and self.quota_until is not None and moment < self.quota_until

    def registration_open_at(self, moment) -> bool:
        if self.registration_opens and moment < self.registration_opens:
            return False
        return moment <= self.registration_closes


class OccurrenceQuerySet(models.QuerySet):
    def scheduled(self) -> OccurrenceQuerySet:
        return self.filter(status=Occurrence.Status.SCHEDULED)

    def overlapping(self, start, end) -> OccurrenceQuerySet:
        return self.filter(start__lt=end, end__gt=start)


class Occurrence(models.Model):
    """One meeting of a session. A weekly series is stored as explicit rows, so cancelling or moving one date
    changes one row only; ``original_date`` keeps the calendar UID stable when a date moves."""

    Status = CalendarStatus

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="occurrences")
    original_date = models.DateField(_("original date"))
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    sequence = models.PositiveIntegerField(_("revision"), default=0)
    note = models.CharField(_("note"), max_length=250, blank=True)

    objects = OccurrenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("occurrence")
        verbose_name_plural = _("occurrences")
        ordering = ["start", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["session", "original_date"], name="talent_occurrence_once_per_date"),
            models.CheckConstraint(condition=Q(end__gt=models.F("start")), name="talent_occurrence_end_after_start"),
        ]
        indexes = [models.Index(fields=["start", "end"], name="talent_occurrence_span")]

    def __str__(self) -> str:
        return f"{self.session.course} · {timezone.localtime(self.start):%Y-%m-%d %H:%M}"

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def is_moved(self) -> bool:
        return timezone.localtime(self.start).date() != self.original_date

    @property
    def uid(self) -> str:
        return f"session-{self.session_id}-{self.original_date:%Y%m%d}@smart-county-exchange"


class EnrolmentQuerySet(models.QuerySet):
    def active(self) -> EnrolmentQuerySet:
        return self.exclude(status=Enrolment.Status.CANCELLED)

    def holding_seat(self) -> EnrolmentQuerySet:
        return self.filter(status__in=Enrolment.SEAT_STATUSES)


class Enrolment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("awaiting approval")
        REGISTERED = "registered", _("registered")
        WAITLISTED = "waitlisted", _("waitlisted")
        CANCELLED = "cancelled", _("cancelled")
        ATTENDED = "attended", _("attended")
        COMPLETED = "completed", _("completed")
        NOT_COMPLETED = "not_completed", _("not completed")

    SEAT_STATUSES = ("registered", "attended", "completed", "not_completed")

    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="enrolments")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="enrolments")
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("on behalf of"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(_("status"), max_length=15, choices=Status.choices, db_index=True)
    waitlist_position = models.PositiveIntegerField(_("waitlist position"), null=True, blank=True)
    assessment_passed = models.BooleanField(_("assessment passed"), null=True, blank=True)
    created_at = models.DateTimeField(_("enrolled at"), auto_now_add=True)
    approved_by = acting_user()
    cancelled_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    objects = EnrolmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["session_id", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "person"],
                condition=~Q(status="cancelled"),
                name="talent_enrolment_one_active_per_person",
                violation_error_message=_("You are already enrolled in this session."),
            ),
            models.UniqueConstraint(
                fields=["session", "waitlist_position"],
                condition=Q(waitlist_position__isnull=False),
                name="talent_enrolment_unique_waitlist_position",
            ),
            models.CheckConstraint(
                condition=Q(status="waitlisted", waitlist_position__isnull=False)
                | (~Q(status="waitlisted") & Q(waitlist_position__isnull=True)),
                name="talent_enrolment_waitlisted_has_position",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} → {self.session} ({self.get_status_display()})"

    @property
    def holds_seat(self) -> bool:
        return self.status in self.SEAT_STATUSES


class Attendance(models.Model):
    class Status(models.TextChoices):
        PRESENT = "present", _("present")
        LATE = "late", _("late")
        EXCUSED = "excused", _("excused")
        ABSENT = "absent", _("absent")

    ATTENDED = ("present", "late")

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="attendances")
    occurrence = models.ForeignKey(Occurrence, on_delete=models.CASCADE, related_name="attendances")
    status = models.CharField(_("attendance"), max_length=10, choices=Status.choices)
    via_check_in = models.BooleanField(_("checked in with a code"), default=False)
    marked_by = acting_user()
    marked_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["occurrence_id", "enrolment_id"]
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "occurrence"], name="talent_attendance_once"),
        ]

    def __str__(self) -> str:
        return f"{self.enrolment.person} @ {self.occurrence}: {self.get_status_display()}"


class CheckInCode(models.Model):
    """A short-lived code a trainer shows in the room; participants type it to mark themselves present."""

    occurrence = models.ForeignKey(Occurrence, on_delete=models.CASCADE, related_name="check_in_codes")
    code = models.CharField(max_length=6)
    expires_at = models.DateTimeField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("check-in code")
        verbose_name_plural = _("check-in codes")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.occurrence} · {self.expires_at:%H:%M}"


def new_certificate_code() -> str:
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: the code is read aloud and typed
    body = "".join(secrets.choice(alphabet) for _ in range(12))
    return f"SCX-{body[:4]}-{body[4:8]}-{body[8:]}"


class Certificate(models.Model):
    enrolment = models.OneToOneField(Enrolment, on_delete=models.PROTECT, related_name="certificate")
    code = models.CharField(_("verification code"), max_length=20, unique=True, default=new_certificate_code)
    # Attended time: the length of each held occurrence the person attended (present or late), in hours.
    hours = models.DecimalField(_("hours"), max_digits=6, decimal_places=2)
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_reason = models.TextField(_("reason for revocation"), blank=True, max_length=2000)
    revoked_by = acting_user()

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_at", "pk"]

    def __str__(self) -> str:
        return self.code

    @property
    def is_valid(self) -> bool:
        return self.revoked_at is None

    @property
    def hours_display(self) -> str:
        """``2`` or ``1.5`` rather than ``2.00``."""
        return f"{Decimal(self.hours).normalize():f}"


def new_feed_token() -> str:
    return secrets.token_urlsafe(24)


class CalendarToken(models.Model):
    """The secret in a person's private calendar-feed URL; regenerating it invalidates old subscriptions."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_token")
    token = models.CharField(max_length=64, unique=True, default=new_feed_token)
    created_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("calendar token")
        verbose_name_plural = _("calendar tokens")

    def __str__(self) -> str:
        return f"{self.user} · {self.token[:4]}…"


class ExchangeQuerySet(models.QuerySet):
    def zone_pair(self, home_zone: str, host_zone: str) -> ExchangeQuerySet:
        return self.filter(home_region__zone=home_zone, host_region__zone=host_zone)


class Exchange(AutoAuthoredModel):
    """A short-term talent exchange or secondment from a home organisation to a host organisation."""

    class Kind(models.TextChoices):
        EXCHANGE = "exchange", _("exchange")
        SECONDMENT = "secondment", _("secondment")

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("proposed")
        APPROVED = "approved", _("approved")
        IN_PROGRESS = "in_progress", _("in progress")
        COMPLETED = "completed", pgettext_lazy("exchange status", "completed")
        CANCELLED = "cancelled", _("cancelled")

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.EXCHANGE)
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="exchanges")
    home_organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="exchanges_out")
    home_region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    host_organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="exchanges_in")
    host_region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    role = models.CharField(_("role"), max_length=200, validators=[validate_not_blank])
    goals = models.TextField(_("goals"), max_length=5000, blank=True)
    skills = models.ManyToManyField(Skill, blank=True, related_name="exchanges", verbose_name=_("skills"))
    # A plain reference: talent never imports catalog, so a scenario is linked by its public URL.
    related_scenario_url = models.URLField(_("related scenario (link)"), blank=True, validators=[validate_web_url])
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PROPOSED, db_index=True
    )
    home_approved_by = acting_user()
    home_approved_at = models.DateTimeField(null=True, blank=True)
    host_approved_by = acting_user()
    host_approved_at = models.DateTimeField(null=True, blank=True)
    report = models.TextField(_("closing report"), max_length=10000, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    early_end_reason = models.CharField(_("reason for ending early"), max_length=500, blank=True)
    credited_hours = models.PositiveSmallIntegerField(_("hours credited"), null=True, blank=True)
    certificate_code = models.CharField(_("certificate code"), max_length=20, blank=True)
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=500, blank=True)

    objects = ExchangeQuerySet.as_manager()

    class Meta:
        verbose_name = _("talent exchange")
        verbose_name_plural = _("talent exchanges")
        ordering = ["-start_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(home_organization=models.F("host_organization")),
                name="talent_exchange_host_differs_from_home",
            ),
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")), name="talent_exchange_end_after_start"
            ),
            models.UniqueConstraint(
                fields=["certificate_code"],
                condition=~Q(certificate_code=""),
                name="talent_exchange_certificate_code_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.home_organization} → {self.host_organization}"
