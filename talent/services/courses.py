"""Courses and venues."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core import pagecache
from core.text import normalize_text
from directory.models import Organization, Region, User
from talent.models import (
    Course,
    CourseSkill,
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
    course = Course(provider=provider, title_zh=normalize_text(title_zh), planned_hours=planned_hours, created_by=actor)
    for name, value in fields.items():
        setattr(course, name, normalize_text(value) if isinstance(value, str) else value)
    if not course.title_zh:
        raise ValidationError({"title_zh": _("Give the course a Chinese title.")})
    if planned_hours is None or planned_hours < 1:
        raise ValidationError({"planned_hours": _("Planned hours must be at least 1.")})
    if not 0 <= course.min_attendance_percent <= 100:
        raise ValidationError({"min_attendance_percent": _("The minimum attendance is a percentage from 0 to 100.")})
    if publish:
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
        name=normalize_text(name),
        defaults={"address": normalize_text(address), "room_capacity": room_capacity},
    )
    return venue
