"""Filters shared by the HTML catalogue and the API (django-filter). Bad values are a 400 on the API and an
ignored filter with a message on pages, never a 500."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.widgets import CachedOptionsSelect
from directory.models import Organization, Region
from talent.models import Course, Enrolment, Exchange, Level, Session, Skill


class AnyYesNo(forms.Select):
    """A yes/no filter whose empty choice reads "any" rather than "unknown"."""

    def __init__(self, attrs=None):
        super().__init__(attrs, choices=(("", _("Any")), ("true", _("Yes")), ("false", _("No"))))

    def value_from_datadict(self, data, files, name):
        return {"true": True, "false": False}.get(str(data.get(name, "")).lower())


DATE = forms.DateInput(attrs={"type": "date"})


def _open_sessions():
    return Session.objects.published().filter(start__gt=timezone.now())


def _county_filter() -> django_filters.ModelChoiceFilter:
    """A county or city by code (``filter_county`` of the filter set decides what lies in it)."""
    return django_filters.ModelChoiceFilter(
        queryset=Region.objects.only("code", "name_zh", "name_en", "level"),
        to_field_name="code",
        method="filter_county",
        label=_("County or city"),
        widget=CachedOptionsSelect,
    )


class CourseFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", label=_("Search"))
    skill = django_filters.ModelChoiceFilter(
        queryset=Skill.objects.all(),
        to_field_name="code",
        method="filter_skill",
        label=_("Skill"),
        widget=CachedOptionsSelect,
    )
    level = django_filters.ChoiceFilter(choices=Level.choices, field_name="course_skills__level", label=_("Level"))
    provider = django_filters.ModelChoiceFilter(
        queryset=Organization.objects.filter(kind=Organization.Kind.TRAINING_PROVIDER),
        label=_("Provider"),
        widget=CachedOptionsSelect,
    )
    county = _county_filter()
    online = django_filters.BooleanFilter(method="filter_online", label=_("Online sessions"), widget=AnyYesNo)
    starts_after = django_filters.DateFilter(method="filter_starts_after", label=_("Sessions from"), widget=DATE)
    starts_before = django_filters.DateFilter(method="filter_starts_before", label=_("Sessions until"), widget=DATE)
    seats_left = django_filters.BooleanFilter(method="filter_seats_left", label=_("Seats left"), widget=AnyYesNo)
    format = django_filters.ChoiceFilter(choices=Course.Format.choices, label=_("Format"))

    class Meta:
        model = Course
        fields = ["q", "skill", "level", "provider", "county", "online", "starts_after", "starts_before", "format"]

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        from django.db.models import Q

        return queryset.filter(Q(title_zh__icontains=value) | Q(title_en__icontains=value))

    def filter_skill(self, queryset, name, value: str):
        # A competence area selects the courses teaching any of its competences.
        return queryset.filter(course_skills__skill__in=[value, *value.children.all()]).distinct()

    def filter_county(self, queryset, name, value: str):
        sessions = _open_sessions().filter(venue__region__code__startswith=value.code_prefix)
        return queryset.filter(pk__in=sessions.values("course_id"))

    def filter_online(self, queryset, name, value):
        if value is None:
            return queryset
        sessions = _open_sessions().exclude(online_url="")
        if value:
            return queryset.filter(pk__in=sessions.values("course_id"))
        return queryset.exclude(pk__in=sessions.values("course_id"))

    def filter_starts_after(self, queryset, name, value):
        return queryset.filter(pk__in=_open_sessions().filter(start__date__gte=value).values("course_id"))

    def filter_starts_before(self, queryset, name, value):
        return queryset.filter(pk__in=_open_sessions().filter(start__date__lte=value).values("course_id"))

    def filter_seats_left(self, queryset, name, value):
        if not value:
            return queryset
        sessions = _open_sessions().with_seats().filter(registered_count__lt=F("capacity"))
        return queryset.filter(pk__in=sessions.values("course_id"))


class SessionFilter(django_filters.FilterSet):
    course = django_filters.NumberFilter(field_name="course_id")
    county = _county_filter()
    online = django_filters.BooleanFilter(method="filter_online")
    starts_after = django_filters.DateFilter(field_name="start", lookup_expr="date__gte")
    starts_before = django_filters.DateFilter(field_name="start", lookup_expr="date__lte")
    seats_left = django_filters.BooleanFilter(method="filter_seats_left")
    trainer = django_filters.NumberFilter(field_name="trainers__id")

    class Meta:
        model = Session
        fields = ["course", "county", "online", "starts_after", "starts_before", "seats_left", "trainer", "status"]

    def filter_county(self, queryset, name, value: str):
        return queryset.filter(venue__region__code__startswith=value.code_prefix)

    def filter_online(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.exclude(online_url="") if value else queryset.filter(online_url="")

    def filter_seats_left(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(registered_count__lt=F("capacity"))


class EnrolmentFilter(django_filters.FilterSet):
    session = django_filters.NumberFilter(field_name="session_id")
    status = django_filters.ChoiceFilter(choices=Enrolment.Status.choices)

    class Meta:
        model = Enrolment
        fields = ["session", "status"]


class ExchangeFilter(django_filters.FilterSet):
    home_zone = django_filters.ChoiceFilter(
        choices=Region.Zone.choices, field_name="home_region__zone", label=_("Home zone")
    )
    host_zone = django_filters.ChoiceFilter(
        choices=Region.Zone.choices, field_name="host_region__zone", label=_("Host zone")
    )
    status = django_filters.ChoiceFilter(choices=Exchange.Status.choices, label=_("Status"))
    kind = django_filters.ChoiceFilter(choices=Exchange.Kind.choices, label=_("Kind"))
    skill = django_filters.ModelChoiceFilter(
        queryset=Skill.objects.all(), to_field_name="code", field_name="skills", label=_("Skill")
    )
    active_on_or_after = django_filters.DateFilter(
        field_name="end_date", lookup_expr="gte", label=_("Period from"), widget=DATE
    )
    active_on_or_before = django_filters.DateFilter(
        field_name="start_date", lookup_expr="lte", label=_("Period until"), widget=DATE
    )

    class Meta:
        model = Exchange
        fields = ["home_zone", "host_zone", "status", "kind", "skill", "active_on_or_after", "active_on_or_before"]
