"""Courses and venues."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import pagecache
from core.exceptions import StateConflict
from core.text import clean_typed_text
from directory.models import Organization, Region, User
from talent.models import (
    Course,
    CourseSkill,
    Enrolment,
    Session,
    Skill,
    Venue,
)
from talent.services.common import _require_provider


def _set_course_skills(course: Course, skills: list[tuple[Skill, str]]) -> None:
    seen = set()
    rows = []
    for skill, level in skills:
        if skill.kind == Skill.Kind.AREA:
            raise ValidationError(
                {"skills": _("“%(skill)s” is a competence area; choose one of its competences.") % {"skill": skill}}
            )
        if level not in skill.levels:
            raise ValidationError(
                {
                    "skills": _("Level “%(level)s” does not belong to the scale of “%(skill)s”.")
                    % {"level": level, "skill": skill}
                }
            )
        if skill.pk in seen:
            raise ValidationError({"skills": _("“%(skill)s” is listed twice.") % {"skill": skill}})
        seen.add(skill.pk)
        rows.append(CourseSkill(course=course, skill=skill, level=level))
    CourseSkill.objects.filter(course=course).delete()
    CourseSkill.objects.bulk_create(rows)


@transaction.atomic
def course_create(
    *,
    actor: User,
    provider: Organization,
    title_zh: str,
    planned_hours: int,
    skills: list[tuple[Skill, str]] = (),
    publish: bool = False,
    **fields,
) -> Course:
    """A course of a verified provider (draft unless ``publish``); ``skills`` are (skill, target level) pairs."""
    _require_provider(actor, provider)
    course = Course(
        provider=provider, title_zh=clean_typed_text(title_zh), planned_hours=planned_hours, created_by=actor
    )
    for name, value in fields.items():
        setattr(course, name, clean_typed_text(value) if isinstance(value, str) else value)
    if not course.title_zh:
        raise ValidationError({"title_zh": _("Give the course a Chinese title.")})
    if planned_hours is None or planned_hours < 1:
        raise ValidationError({"planned_hours": _("Planned hours must be at least 1.")})
    if not 0 <= course.min_attendance_percent <= 100:
        raise ValidationError({"min_attendance_percent": _("The minimum attendance is a percentage from 0 to 100.")})
    if publish:
        # The rule of course_publish and course_update: a published course names at least one skill.
        if not skills:
            raise ValidationError({"skills": _("A published course names at least one skill.")})
        course.status = Course.Status.PUBLISHED
    course.full_clean(exclude=["skills"])
    course.save()
    _set_course_skills(course, list(skills))
    return course


@transaction.atomic
def course_publish(*, actor: User, course: Course) -> Course:
    _require_provider(actor, course.provider)
    if not course.course_skills.exists():
        raise ValidationError(_("Name at least one skill the course teaches before publishing it."))
    course.status = Course.Status.PUBLISHED
    course.save(update_fields=["status", "updated_at"])
    pagecache.invalidate()
    return course


COURSE_EDITABLE_FIELDS = (
    "title_zh",
    "title_en",
    "description_zh",
    "description_en",
    "planned_hours",
    "format",
    "language",
    "prerequisites",
    "min_attendance_percent",
    "requires_assessment",
    "requires_approval",
)


@transaction.atomic
def course_update(*, actor: User, course: Course, skills: list[tuple[Skill, str]] | None = None, **fields) -> Course:
    """Edit a course's description, hours, format, completion rule and skills (the provider stays)."""
    _require_provider(actor, course.provider)
    unknown = set(fields) - set(COURSE_EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(_("These fields cannot be edited: %(fields)s.") % {"fields": ", ".join(sorted(unknown))})
    course = Course.objects.select_for_update().get(pk=course.pk)
    for name, value in fields.items():
        setattr(course, name, clean_typed_text(value) if isinstance(value, str) else value)
    if not course.title_zh:
        raise ValidationError({"title_zh": _("Give the course a Chinese title.")})
    if course.planned_hours is None or course.planned_hours < 1:
        raise ValidationError({"planned_hours": _("Planned hours must be at least 1.")})
    if not 0 <= course.min_attendance_percent <= 100:
        raise ValidationError({"min_attendance_percent": _("The minimum attendance is a percentage from 0 to 100.")})
    course.full_clean(exclude=["skills"])
    course.save()
    if skills is not None:
        if not skills and course.status == Course.Status.PUBLISHED:
            raise ValidationError({"skills": _("A published course names at least one skill.")})
        _set_course_skills(course, list(skills))
    return course


@transaction.atomic
def course_unpublish(*, actor: User, course: Course) -> Course:
    """Published → draft: the course leaves the public list. Refused while a session still to come has people
    enrolled (cancel those sessions first, which tells them)."""
    _require_provider(actor, course.provider)
    course = Course.objects.select_for_update().get(pk=course.pk)
    if course.status != Course.Status.PUBLISHED:
        raise StateConflict(_("Only a published course can be unpublished."))
    busy = (
        Enrolment.objects.active()
        .filter(session__course=course, session__end__gt=timezone.now())
        .exclude(session__status=Session.Status.CANCELLED)
        .values("session_id")
        .distinct()
        .count()
    )
    if busy:
        raise StateConflict(
            _("%(n)d upcoming session(s) still have people enrolled. Cancel them first (the people are told).")
            % {"n": busy}
        )
    course.status = Course.Status.DRAFT
    course.save(update_fields=["status", "updated_at"])
    return course


@transaction.atomic
def venue_create(
    *, actor: User, provider: Organization, region: Region, name: str, address: str, room_capacity: int
) -> Venue:
    _require_provider(actor, provider)
    if region.level != Region.Level.COUNTY:
        raise ValidationError({"region": _("A venue lies in a county-level region.")})
    if room_capacity is None or room_capacity < 1:
        raise ValidationError({"room_capacity": _("The room holds at least one person.")})
    venue, _created = Venue.objects.get_or_create(
        provider=provider,
        region=region,
        name=clean_typed_text(name),
        defaults={"address": clean_typed_text(address), "room_capacity": room_capacity},
    )
    return venue
