"""Forms of the fairs pages. They parse input; the services decide."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.money import MoneyError, parse_money
from fairs.models import Event, MeetingOutcome, MeetingRequest, Participant
from fairs.services import TIMETABLE_FIELDS


class EventForm(forms.ModelForm):
    rooms = forms.CharField(
        label=_("Rooms"),
        initial="主会场 Main hall: 10",
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One room a line: name: number of tables."),
    )
    breaks_text = forms.CharField(
        label=_("Breaks"), required=False, initial="12:00-13:30", help_text=_("Comma-separated, e.g. 12:00-13:30.")
    )

    class Meta:
        model = Event
        fields = [
            "kind",
            "title_zh",
            "title_en",
            "description",
            "region",
            "venue",
            "online_url",
            *TIMETABLE_FIELDS,
            "max_meetings_default",
        ]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}),
            "day_start": forms.TimeInput(attrs={"type": "time"}),
            "day_end": forms.TimeInput(attrs={"type": "time"}),
            "registration_opens": forms.DateTimeInput(attrs={"type": "datetime-local"}),
            "registration_closes": forms.DateTimeInput(attrs={"type": "datetime-local"}),
            "requests_close": forms.DateTimeInput(attrs={"type": "datetime-local"}),
        }

    def clean_rooms(self) -> list[tuple[str, int]]:
        rooms = []
        for line in self.cleaned_data["rooms"].splitlines():
            if not line.strip():
                continue
            name, _sep, tables = line.rpartition(":")
            try:
                count = int(tables)
            except ValueError:
                raise forms.ValidationError(_("Write each room as name: number of tables.")) from None
            if not name.strip() or not 1 <= count <= 200:
                raise forms.ValidationError(_("Write each room as name: number of tables (1–200)."))
            rooms.append((name.strip()[:100], count))
        if not rooms:
            raise forms.ValidationError(_("Name at least one room."))
        return rooms

    def clean_breaks_text(self) -> list[list[str]]:
        out = []
        for part in (self.cleaned_data.get("breaks_text") or "").split(","):
            if not part.strip():
                continue
            start, _sep, end = part.strip().partition("-")
            try:
                a, b = dt.time.fromisoformat(start.strip()), dt.time.fromisoformat(end.strip())
            except ValueError:
                raise forms.ValidationError(_("Write breaks as HH:MM-HH:MM.")) from None
            out.append([a.strftime("%H:%M"), b.strftime("%H:%M")])
        return out


class RegisterForm(forms.Form):
    organization: forms.ModelChoiceField = forms.ModelChoiceField(label=_("Organisation"), queryset=None)
    attendees = forms.CharField(
        label=_("Attendees"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One person a line: name, position."),
        max_length=2000,
    )
    max_meetings = forms.IntegerField(label=_("Maximum meetings"), min_value=1, max_value=40)
    available_from = forms.TimeField(
        label=_("Available from"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    available_until = forms.TimeField(
        label=_("Available until"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    note = forms.CharField(label=_("Note to the organiser"), required=False, max_length=500)

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations

    def attendee_rows(self) -> list[tuple[str, str]]:
        rows = []
        for line in self.cleaned_data["attendees"].splitlines():
            name, _sep, position = line.partition(",")
            if name.strip():
                rows.append((name.strip(), position.strip()))
        return rows


class RequestForm(forms.Form):
    recipient = forms.ModelChoiceField(label=_("Meet"), queryset=Participant.objects.none())
    # In its own context: "Purpose" alone is the catalog's resource-request word (用途), not a meeting's (洽谈目的).
    purpose = forms.CharField(
        label=pgettext_lazy("meeting request", "Purpose"), max_length=300, widget=forms.Textarea(attrs={"rows": 2})
    )
    priority = forms.TypedChoiceField(
        label=_("Priority"), choices=MeetingRequest.Priority.choices, coerce=int, initial=MeetingRequest.Priority.NORMAL
    )

    def __init__(self, *args, recipients, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recipient"].queryset = recipients
        self.fields["recipient"].label_from_instance = lambda p: p.organization.name


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(
        choices=[("accept", _("Accept")), ("decline", _("Decline")), ("redirect", _("Propose another participant"))]
    )
    redirect_to = forms.ModelChoiceField(
        label=_("Proposed participant"), queryset=Participant.objects.none(), required=False
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, others=None, **kwargs):
        super().__init__(*args, **kwargs)
        if others is not None:
            self.fields["redirect_to"].queryset = others
            self.fields["redirect_to"].label_from_instance = lambda p: p.organization.name


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(label=pgettext_lazy("meeting", "Outcome"), choices=MeetingOutcome.Outcome.choices)
    value = forms.CharField(
        label=_("Intended value (CNY)"), required=False, max_length=30, help_text=_("Only for a signed intention.")
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=500)

    def clean_value(self) -> int | None:
        raw = (self.cleaned_data.get("value") or "").strip()
        if not raw:
            return None
        try:
            return parse_money(raw)
        except MoneyError:
            raise forms.ValidationError(_("Enter an amount in yuan, e.g. 1200000 or 120万.")) from None


class MoveForm(forms.Form):
    slot: forms.ModelChoiceField = forms.ModelChoiceField(label=_("Slot"), queryset=None)

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slot"].queryset = event.slots.all()
