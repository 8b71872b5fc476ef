from __future__ import annotations

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from core.confirm import ConfirmReasonForm
from core.validators import validate_web_url
from directory.models import Organization, Region, User
from directory.selectors import active_member_ids, organization_ids_of
from talent.models import (
    DIGCOMP_LEVELS,
    ENGINEER_LEVELS,
    Attendance,
    Course,
    Enrolment,
    Exchange,
    Level,
    Occurrence,
    Session,
    Skill,
    Venue,
)


class AttendanceForm(forms.Form):
    occurrence = forms.ModelChoiceField(queryset=Occurrence.objects.none(), label=_("Date"))
    enrolment = forms.ModelChoiceField(
        queryset=Enrolment.objects.none(),
        label=_("Participant"),
        error_messages={"invalid_choice": _("This person is not enrolled in this session.")},
    )
    status = forms.ChoiceField(choices=Attendance.Status.choices, label=_("Attendance"))

    def __init__(self, *args, session: Session, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["occurrence"].queryset = session.occurrences.all()
        self.fields["enrolment"].queryset = session.enrolments.all()


class CheckInForm(forms.Form):
    code = forms.CharField(
        label=_("Check-in code"),
        max_length=12,
        help_text=_("The 6-digit code the trainer shows in the room."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )


class ExchangeCompleteForm(forms.Form):
    """The service checks the rules (report, hours within the days served, a reason when ending early)."""

    report = forms.CharField(
        label=_("Closing report"), max_length=10000, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    hours = forms.IntegerField(
        label=_("Hours credited"),
        min_value=1,
        max_value=5000,
        required=False,
        help_text=_("Entered on the person's training record; at most 8 for each working day served."),
    )
    early_end_reason = forms.CharField(
        label=_("Reason for ending early"),
        max_length=500,
        required=False,
        help_text=_("Needed only before the planned end date."),
    )


class ExchangeCancelForm(ConfirmReasonForm):
    """The optional reason for cancelling an exchange, no longer than the record keeps."""

    reason = forms.CharField(
        label=_("Reason (optional)"),
        max_length=Exchange._meta.get_field("cancel_reason").max_length,
        required=False,
        help_text=_("Told to the person and both organisations' administrators and shown on the exchange's page."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, required=False, **kwargs)


DATETIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]
WEEKDAYS = [
    ("0", _("Monday")),
    ("1", _("Tuesday")),
    ("2", _("Wednesday")),
    ("3", _("Thursday")),
    ("4", _("Friday")),
    ("5", _("Saturday")),
    ("6", _("Sunday")),
]


class CourseForm(forms.Form):
    """A new course. Each chosen skill gets the target level of its scale (DigComp or engineer track)."""

    provider = forms.ModelChoiceField(queryset=Organization.objects.none(), label=_("Training provider"))
    title_zh = forms.CharField(label=_("Chinese title"), max_length=200)
    title_en = forms.CharField(label=_("English title"), max_length=250, required=False)
    description_zh = forms.CharField(
        label=_("Chinese description"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    description_en = forms.CharField(
        label=_("English description"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    planned_hours = forms.IntegerField(label=_("Planned hours"), min_value=1, max_value=2000)
    format = forms.ChoiceField(label=_("Format"), choices=Course.Format.choices)
    language = forms.ChoiceField(label=_("Language"), choices=Course.Language.choices)
    prerequisites = forms.CharField(label=_("Prerequisites"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    skills = forms.ModelMultipleChoiceField(
        queryset=Skill.objects.assignable().order_by("scheme", "code"),
        label=_("Skills"),
        to_field_name="code",
        widget=forms.SelectMultiple(attrs={"size": 8, "data-searchable": ""}),
    )
    digcomp_level = forms.ChoiceField(
        label=_("Target DigComp level"),
        choices=[(v, lbl) for v, lbl in Level.choices if v in DIGCOMP_LEVELS],
        initial="3",
    )
    engineer_level = forms.ChoiceField(
        label=_("Target engineer level"),
        choices=[(v, lbl) for v, lbl in Level.choices if v in ENGINEER_LEVELS],
        initial="junior",
    )
    min_attendance_percent = forms.IntegerField(
        label=_("Minimum attendance (%)"), min_value=0, max_value=100, initial=80
    )
    requires_assessment = forms.BooleanField(label=_("Requires a passed assessment"), required=False)
    requires_approval = forms.BooleanField(
        label=_("Enrolment needs approval by the participant's organisation"), required=False
    )
    publish = forms.BooleanField(label=_("Publish now"), required=False, initial=True)

    def __init__(self, *args, providers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = providers

    def skill_levels(self) -> list[tuple[Skill, str]]:
        data = self.cleaned_data
        return [
            (s, data["digcomp_level"] if s.scheme == Skill.Scheme.DIGCOMP else data["engineer_level"])
            for s in data["skills"]
        ]


class _SessionTimesForm(forms.Form):
    """Time, place, capacity and registration deadline: what a new session asks and an existing one edits."""

    start = forms.DateTimeField(label=_("Start"), widget=DATETIME_INPUT, input_formats=DATETIME_FORMATS)
    end = forms.DateTimeField(label=_("End"), widget=DATETIME_INPUT, input_formats=DATETIME_FORMATS)
    venue = forms.ModelChoiceField(queryset=Venue.objects.none(), label=_("Venue"), required=False)
    online_url = forms.URLField(
        label=_("Online link"), required=False, assume_scheme="https", validators=[validate_web_url]
    )
    capacity = forms.IntegerField(label=_("Capacity"), min_value=1, max_value=10000)
    registration_closes = forms.DateTimeField(
        label=_("Registration closes"), widget=DATETIME_INPUT, input_formats=DATETIME_FORMATS
    )

    def _offer_venues(self, provider_id: int) -> None:
        venue = cast(forms.ModelChoiceField, self.fields["venue"])
        venue.queryset = Venue.objects.filter(provider_id=provider_id).select_related("region")


class SessionForm(_SessionTimesForm):
    trainers = forms.ModelMultipleChoiceField(queryset=User.objects.none(), label=_("Trainers"), required=False)
    repeat_weekdays = forms.MultipleChoiceField(
        label=_("Repeat weekly on"), choices=WEEKDAYS, required=False, widget=forms.CheckboxSelectMultiple
    )
    repeat_until = forms.DateField(
        label=_("Repeat until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    repeat_count = forms.IntegerField(label=_("Number of occurrences"), required=False, min_value=1, max_value=104)
    quota_zone = forms.ChoiceField(
        label=_("Hold seats for learners from"),
        choices=[("", _("no quota")), *Region.Zone.choices],
        required=False,
        help_text=_("Learners enrolling on behalf of an organisation in this zone."),
    )
    quota_seats = forms.IntegerField(label=_("Seats held"), required=False, min_value=1, max_value=10000)
    quota_until = forms.DateTimeField(
        label=_("Held until"), required=False, widget=DATETIME_INPUT, input_formats=DATETIME_FORMATS
    )
    publish = forms.BooleanField(label=_("Publish now (conflicts block publishing)"), required=False, initial=True)

    def __init__(self, *args, course: Course, **kwargs):
        super().__init__(*args, **kwargs)
        self._offer_venues(course.provider_id)
        self.fields["trainers"].queryset = User.objects.filter(
            pk__in=active_member_ids(organization_ids=[course.provider_id])
        ).order_by("username")


class OccurrenceMoveForm(forms.Form):
    start = forms.DateTimeField(label=_("New start"), widget=DATETIME_INPUT, input_formats=DATETIME_FORMATS)
    end = forms.DateTimeField(label=_("New end"), widget=DATETIME_INPUT, input_formats=DATETIME_FORMATS)


class ExchangeForm(forms.Form):
    """Propose an exchange on behalf of an organisation the user administers (home or host)."""

    kind = forms.ChoiceField(label=_("Kind"), choices=Exchange.Kind.choices)
    home_organization = forms.ModelChoiceField(queryset=Organization.objects.none(), label=_("Home organisation"))
    person = forms.ModelChoiceField(
        queryset=User.objects.none(),
        label=_("Person"),
        help_text=_("A member of the home organisation."),
    )
    host_organization = forms.ModelChoiceField(queryset=Organization.objects.none(), label=_("Host organisation"))
    start_date = forms.DateField(label=_("Start date"), widget=forms.DateInput(attrs={"type": "date"}))
    end_date = forms.DateField(label=_("End date"), widget=forms.DateInput(attrs={"type": "date"}))
    role = forms.CharField(label=_("Position"), max_length=200)
    goals = forms.CharField(label=_("Goals"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=5000)
    skills = forms.ModelMultipleChoiceField(
        queryset=Skill.objects.assignable().order_by("scheme", "code"),
        label=_("Skills"),
        to_field_name="code",
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6, "data-searchable": ""}),
    )
    related_scenario_url = forms.URLField(
        label=_("Related scenario (link)"), required=False, assume_scheme="https", validators=[validate_web_url]
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        verified = Organization.objects.verified().select_related("region").order_by("region_id", "name_zh")
        self.fields["home_organization"].queryset = verified
        self.fields["host_organization"].queryset = verified
        # People the proposer may name: members of organisations they administer.
        administered = organization_ids_of(user, admins=True)
        self.fields["person"].queryset = User.objects.filter(
            pk__in=active_member_ids(organization_ids=administered)
        ).order_by("username")


class AssessmentForm(forms.Form):
    enrolment = forms.ModelChoiceField(queryset=Enrolment.objects.none(), label=_("Participant"))
    passed = forms.TypedChoiceField(
        label=_("Assessment"),
        choices=[("true", _("passed")), ("false", _("failed"))],
        coerce=lambda value: value == "true",
    )

    def __init__(self, *args, session: Session, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enrolment"].queryset = session.enrolments.holding_seat()


class SessionEditForm(_SessionTimesForm):
    """Time, place, capacity and registration deadline of an existing session."""

    def __init__(self, *args, session: Session, **kwargs):
        super().__init__(*args, **kwargs)
        self._offer_venues(session.course.provider_id)


class CourseEditForm(CourseForm):
    """The course form without the provider (a course stays with its provider) and without "publish now"."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, providers=Organization.objects.none(), **kwargs)
        del self.fields["provider"]
        del self.fields["publish"]


class AttendanceBulkForm(forms.Form):
    """One date's roster: a checkbox per seat holder (ticked = present)."""

    present = forms.TypedMultipleChoiceField(coerce=int, required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, enrolments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["present"].choices = [(e.pk, str(e.person)) for e in enrolments]
        self.fields["present"].label = _("Present")
