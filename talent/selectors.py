"""Reads in talent that depend on who asks. Each owns its joins so pages and API lists stay at a flat query
count whatever the page size."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.translation import gettext as _

from directory.models import User
from directory.permissions import is_superuser
from directory.selectors import active_member_ids, affiliations_of, organization_ids_of
from talent.models import (
    LEVEL_RANK,
    Certificate,
    Course,
    CourseSkill,
    Enrolment,
    Exchange,
    Occurrence,
    Session,
    Skill,
)


def skills_list() -> QuerySet[Skill]:
    return Skill.objects.select_related("parent").order_by("scheme", "code")


def courses_public() -> QuerySet[Course]:
    """Published courses with provider, region and skills (two extra queries for a whole page)."""
    return (
        Course.objects.published()
        .select_related("provider", "provider__region")
        .prefetch_related(Prefetch("course_skills", queryset=CourseSkill.objects.select_related("skill")))
    )


def courses_visible_to(*, user: User) -> QuerySet[Course]:
    """Published courses, plus drafts of providers the user belongs to."""
    queryset = Course.objects.select_related("provider", "provider__region").prefetch_related(
        Prefetch("course_skills", queryset=CourseSkill.objects.select_related("skill"))
    )
    if is_superuser(user):
        return queryset
    condition = Q(status=Course.Status.PUBLISHED)
    if user.is_authenticated:
        condition |= Q(provider__in=organization_ids_of(user))
    return queryset.filter(condition)


def sessions_visible_to(*, user: User) -> QuerySet[Session]:
    """Published and cancelled sessions of published courses (plus the provider's own drafts), with seat
    counts."""
    queryset = (
        Session.objects.with_seats()
        .select_related("course", "course__provider", "venue", "venue__region")
        .prefetch_related("trainers")
    )
    if is_superuser(user):
        return queryset
    # Cancelled sessions stay visible (marked cancelled) so that links in notifications and calendars work.
    condition = Q(
        status__in=[Session.Status.PUBLISHED, Session.Status.CANCELLED], course__status=Course.Status.PUBLISHED
    )
    if user.is_authenticated:
        condition |= Q(course__provider__in=organization_ids_of(user))
    return queryset.filter(condition)


def with_viewer_enrolment(queryset: QuerySet[Session], *, user: User) -> QuerySet[Session]:
    """Each session with ``viewer_enrolled`` (``user`` holds an enrolment of it that is not cancelled) and
    ``viewer_id``, in the same query, so ``talent.read_meeting_link`` asks nothing more for a list."""
    if not user.is_authenticated:
        return queryset
    mine = Enrolment.objects.active().filter(session=OuterRef("pk"), person_id=user.pk)
    return queryset.annotate(viewer_id=Value(user.pk), viewer_enrolled=Exists(mine))


def sessions_taught_by(*, user: User) -> QuerySet[Session]:
    """Upcoming and recent (last 30 days) sessions the user teaches or whose provider the user belongs to."""
    since = timezone.now() - dt.timedelta(days=30)
    return (
        Session.objects.with_seats()
        .filter(Q(trainers=user) | Q(course__provider__in=organization_ids_of(user)), end__gte=since)
        .exclude(status=Session.Status.CANCELLED)
        .select_related("course", "venue", "venue__region")
        .distinct()
        .order_by("start")
    )


def enrolments_visible_to(*, user: User) -> QuerySet[Enrolment]:
    """The rule from DESIGN.md: own enrolments; all enrolments of sessions the user's provider runs or the
    user trains; enrolments of people in organisations the user administers; everything for the provincial
    office and superusers. Anonymous: nothing."""
    queryset = Enrolment.objects.select_related(
        "person", "organization", "session", "session__course", "session__course__provider", "certificate"
    )
    if not user.is_authenticated:
        return queryset.none()
    facts = affiliations_of(user)
    if facts.is_overseer:
        return queryset
    people_i_admin = active_member_ids(organization_ids=facts.organization_ids(admins=True))
    return queryset.filter(
        Q(person=user)
        | Q(session__course__provider__in=facts.organization_ids())
        | Q(session__trainers=user)
        | Q(person_id__in=people_i_admin)
    ).distinct()


def roster(*, session: Session) -> QuerySet[Enrolment]:
    """Seat holders then the waitlist, for the attendance sheet. Caller checks ``talent.read_roster``."""
    return (
        Enrolment.objects.filter(session=session)
        .exclude(status=Enrolment.Status.CANCELLED)
        .select_related("person", "organization")
        .prefetch_related("attendances")
        .order_by("waitlist_position", "person__username")
    )


def with_waitlist_rank(queryset: QuerySet[Enrolment]) -> QuerySet[Enrolment]:
    """Annotate ``waitlist_rank``: 1 for the next person to be promoted. Stored positions keep gaps after
    promotions (they are never renumbered, so they stay unique under concurrency); the rank has none."""
    ahead = (
        Enrolment.objects.filter(
            session_id=OuterRef("session_id"),
            status=Enrolment.Status.WAITLISTED,
            waitlist_position__lte=OuterRef("waitlist_position"),
        )
        .order_by()
        .values("session_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return queryset.annotate(waitlist_rank=Subquery(ahead))


def my_learning(*, user: User) -> QuerySet[Enrolment]:
    return with_waitlist_rank(
        Enrolment.objects.filter(person=user)
        .select_related("session", "session__course", "session__course__provider", "session__venue", "certificate")
        .order_by("-session__start")
    )


def certificates_visible_to(*, user: User) -> QuerySet[Certificate]:
    return Certificate.objects.filter(enrolment__in=enrolments_visible_to(user=user).values("pk")).select_related(
        "enrolment__person", "enrolment__session__course", "enrolment__session__course__provider"
    )


def certificate_public(*, code: str) -> Certificate | None:
    return (
        Certificate.objects.select_related(
            "enrolment__person", "enrolment__session__course", "enrolment__session__course__provider"
        )
        .filter(code=(code or "").strip().upper())
        .first()
    )


def exchanges_visible_to(*, user: User) -> QuerySet[Exchange]:
    """Approved, running and completed exchanges are public (without the person's name, see the
    serializer); proposed or cancelled ones only to the parties and the provincial office."""
    queryset = Exchange.objects.select_related(
        "person", "home_organization", "host_organization", "home_region", "host_region"
    ).prefetch_related("skills")
    public = Q(status__in=[Exchange.Status.APPROVED, Exchange.Status.IN_PROGRESS, Exchange.Status.COMPLETED])
    if not user.is_authenticated:
        return queryset.filter(public)
    facts = affiliations_of(user)
    if facts.is_overseer:
        return queryset
    mine = facts.organization_ids()
    return queryset.filter(
        public | Q(person=user) | Q(home_organization__in=mine) | Q(host_organization__in=mine)
    ).distinct()


def occurrences_for_feed(*, sessions: QuerySet[Session]) -> QuerySet[Occurrence]:
    return (
        Occurrence.objects.filter(session__in=sessions.values("pk"))
        .select_related("session", "session__course", "session__course__provider", "session__venue__region")
        .order_by("start", "pk")
    )


# --- Ledger and skills profile ---------------------------------------------------------------------------


def hours_by_year(*, person: User) -> list[dict]:
    """``[{"year": 2026, "hours": Decimal("26.50"), "courses": 2, "exchanges": 1}, …]`` newest first.

    Hours are recorded time, never planned time: each valid certificate's attended hours (counted in the year
    of the session's first date, Asia/Shanghai) plus the hours credited by each completed exchange (in the year
    it ended)."""
    hours: dict[int, Decimal] = defaultdict(Decimal)
    courses: dict[int, int] = defaultdict(int)
    exchanges: dict[int, int] = defaultdict(int)
    certificates = Certificate.objects.filter(
        enrolment__person=person, enrolment__status=Enrolment.Status.COMPLETED, revoked_at__isnull=True
    ).values_list(ExtractYear("enrolment__session__start"), "hours")
    for year, attended in certificates:
        hours[year] += attended
        courses[year] += 1
    credited = Exchange.objects.filter(
        person=person, status=Exchange.Status.COMPLETED, credited_hours__isnull=False
    ).values_list("ended_on", "credited_hours")
    for ended_on, exchange_hours in credited:
        hours[ended_on.year] += exchange_hours
        exchanges[ended_on.year] += 1
    return [
        {"year": year, "hours": hours[year], "courses": courses[year], "exchanges": exchanges[year]}
        for year in sorted(hours, reverse=True)
    ]


@dataclass(frozen=True)
class ProfileEntry:
    skill: Skill
    level: str
    level_label: str
    course_title: str
    certificate_code: str
    completed_on: dt.date | None
    exchange_id: int | None = None  # evidence is a completed exchange (its certificate page), not a course


def skills_profile(*, person: User) -> list[ProfileEntry]:
    """One entry per skill: the highest level reached in a completed course with a valid certificate, with
    the course and certificate code as evidence; skills practised in a completed exchange and taught by no
    completed course follow with the exchange as evidence (no level: an exchange does not assess one).
    Ordered by skill code."""
    completed = (
        Enrolment.objects.filter(person=person, status=Enrolment.Status.COMPLETED, certificate__revoked_at__isnull=True)
        .select_related("session__course", "certificate")
        .prefetch_related(
            Prefetch("session__course__course_skills", queryset=CourseSkill.objects.select_related("skill"))
        )
    )
    best: dict[int, ProfileEntry] = {}
    for enrolment in completed:
        course = enrolment.session.course
        for course_skill in course.course_skills.all():
            current = best.get(course_skill.skill_id)
            if current is None or LEVEL_RANK[course_skill.level] > LEVEL_RANK[current.level]:
                best[course_skill.skill_id] = ProfileEntry(
                    skill=course_skill.skill,
                    level=course_skill.level,
                    level_label=course_skill.get_level_display(),
                    course_title=course.title,
                    certificate_code=enrolment.certificate.code,
                    completed_on=enrolment.completed_at.date() if enrolment.completed_at else None,
                )
    exchanges = (
        Exchange.objects.filter(person=person, status=Exchange.Status.COMPLETED)
        .order_by("ended_on", "pk")
        .prefetch_related("skills")
    )
    for exchange in exchanges:
        for skill in exchange.skills.all():
            if skill.pk not in best:
                best[skill.pk] = ProfileEntry(
                    skill=skill,
                    level="",
                    level_label=str(_("practised in an exchange")),
                    course_title=exchange.role,
                    certificate_code=exchange.certificate_code,
                    completed_on=exchange.ended_on,
                    exchange_id=exchange.pk,
                )
    return sorted(best.values(), key=lambda entry: entry.skill.code)


def people_administered_by(*, user: User) -> QuerySet[User]:
    """Members of organisations the user administers (whose training records the user may read)."""
    if not user.is_authenticated:
        return User.objects.none()
    members = active_member_ids(organization_ids=organization_ids_of(user, admins=True))
    return User.objects.filter(pk__in=members).exclude(pk=user.pk).order_by("username")
