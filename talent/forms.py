from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from talent.models import Attendance, Enrolment, Occurrence, Session


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


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class ExchangeCompleteForm(forms.Form):
    report = forms.CharField(label=_("Closing report"), max_length=10000, widget=forms.Textarea(attrs={"rows": 4}))
