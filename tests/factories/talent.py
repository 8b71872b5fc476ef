"""Talent factories. ``SessionFactory`` builds a published one-occurrence session a week from now (with its
``Occurrence`` row) for a published course of a verified training provider; use the services for anything
that must go through the rules (publishing with conflict checks, enrolment)."""

from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone

from talent.models import Course, CourseSkill, Enrolment, Occurrence, Session, Skill, Venue
from tests.factories.directory import OrganizationFactory, region


def skill(code: str) -> Skill:
    """A seeded skill (the data migration loads them; transactional tests flush, so reload when missing)."""
    found = Skill.objects.filter(code=code).first()
    if found is None:
        from talent.skills_data import sync_skills

        sync_skills(Skill)
        found = Skill.objects.get(code=code)
    return found


class CourseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Course
        skip_postgeneration_save = True

    provider = factory.SubFactory(OrganizationFactory, trainer=True)
    title_zh = factory.Sequence(lambda n: f"数字技能课程{n}")
    title_en = factory.Sequence(lambda n: f"Digital skills course {n}")
    planned_hours = 12
    format = Course.Format.BLENDED
    status = Course.Status.PUBLISHED

    @factory.post_generation
    def with_skill(self, create, extracted, **kwargs):
        if create and extracted is not False:
            CourseSkill.objects.create(course=self, skill=skill("digcomp-1.1"), level="3")


class VenueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Venue

    provider = factory.SubFactory(OrganizationFactory, trainer=True)
    region = factory.LazyFunction(lambda: region("320583"))
    name = factory.Sequence(lambda n: f"培训室{n}")
    address = "昆山市前进中路1号"
    room_capacity = 40


def _next_week():
    local = timezone.localtime(timezone.now()) + dt.timedelta(days=7)
    return local.replace(hour=9, minute=0, second=0, microsecond=0)


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session
        skip_postgeneration_save = True

    course = factory.SubFactory(CourseFactory)
    start = factory.LazyFunction(_next_week)
    end = factory.LazyAttribute(lambda o: o.start + dt.timedelta(hours=3))
    venue = None
    online_url = "https://meeting.example.com/room"
    capacity = 20
    registration_closes = factory.LazyAttribute(lambda o: o.start - dt.timedelta(days=1))
    status = Session.Status.PUBLISHED

    @factory.post_generation
    def occurrences(self, create, extracted, **kwargs):
        if create and not self.occurrences.exists():
            Occurrence.objects.create(
                session=self, original_date=timezone.localtime(self.start).date(), start=self.start, end=self.end
            )


class EnrolmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrolment

    session = factory.SubFactory(SessionFactory)
    person = factory.SubFactory("tests.factories.directory.UserFactory")
    status = Enrolment.Status.REGISTERED
